"""The LLM writer against a local OpenAI-compatible server, through the real `openai` SDK."""

from __future__ import annotations

import json
import time

import pytest

from campaigns.ads import get_writer
from campaigns.ads.llm_client import LlmClient, LlmConfig
from campaigns.ads.llm_writer import LlmWriter, brief_payload, system_prompt
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.validator import validate
from campaigns.landing.types import LandingPage, PageFact
from campaigns.tests.ads.conftest import make_brief
from semantic.errors import Cancelled
from tests.fakes.openai_api import FakeOpenAIServer, rate_limited, server_error, slow

BRIEFS = [
    make_brief(key=1),
    make_brief(key=2, name="Ремонт холодильников", phrases=["ремонт холодильников на дому"], region_name="Казань"),
    make_brief(key=3, name="Курсы английского", phrases=["курсы английского онлайн"], region_name=""),
]


def request_groups(body: dict) -> list[dict]:
    """The groups of the conversation's first user message: the brief payload."""
    first_user = next(message for message in body["messages"] if message["role"] == "user")
    return json.loads(first_user["content"])["groups"]


def good_group(group: dict, **overrides) -> dict:
    phrase = group["phrases"][0].capitalize() if group["phrases"] else group["name"]
    answer = {
        "key": group["key"],
        "title1": f"{phrase} {group['region_locative']}".strip(),
        "title2": "Выезд в день заявки",
        "text": "Работаем без выходных. Оставьте заявку на сайте!",
        "titles": [phrase, f"{phrase} {group['region_locative']}".strip(), "Оставьте заявку онлайн"],
        "texts": ["Работаем без выходных. Оставьте заявку на сайте!", "Звоните, ответим на вопросы."],
    }
    answer.update(overrides)
    return answer


def _payload(briefs) -> dict:
    """A request body as the writer sends it, for building scripted answers before the request happens."""
    return {"messages": [{"role": "user", "content": brief_payload(briefs)}]}


def good_answer(body: dict) -> dict:
    return {"groups": [good_group(group) for group in request_groups(body)]}


@pytest.fixture
def server():
    with FakeOpenAIServer(responder=good_answer) as fake:
        yield fake


def make_writer(
    server, *, batch_size=10, max_retries=2, timeout=2.0, path="/v1", api_key=None, breaker=3, deadline=600.0
) -> LlmWriter:
    config = LlmConfig(
        api_key=api_key or server.api_key,
        base_url=server.url + path,
        model="test-model",
        timeout=timeout,
        max_retries=max_retries,
        retry_base=0.01,
        retry_max=0.05,
    )
    return LlmWriter(LlmClient(config), batch_size=batch_size, breaker_failures=breaker, deadline_seconds=deadline)


def assert_all_valid(result):
    for ads in result.ads.values():
        for ad in ads:
            assert validate(ad) == []


def test_it_writes_every_group_with_one_structured_request_per_batch(server, settings):
    settings.OPENAI_PRICE_PER_1K_PROMPT_TOKENS = 1.0
    settings.OPENAI_PRICE_PER_1K_COMPLETION_TOKENS = 2.0

    result = make_writer(server, batch_size=2).write(BRIEFS)

    assert len(server.completions()) == 2
    body = server.completions()[0].json()
    assert body["model"] == "test-model"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert [group["key"] for group in request_groups(body)] == [1, 2]
    assert request_groups(body)[1]["region_locative"] == "в Казани"
    assert sorted(result.ads) == [1, 2, 3]
    assert {ad.source for ads in result.ads.values() for ad in ads} == {"llm"}
    assert result.ads[2][1].titles == ["Ремонт холодильников на дому в Казани", "Выезд в день заявки"]
    assert result.ads[1][0].link.startswith("https://divan.example.ru/catalog?utm_source=yandex")
    assert result.fallbacks == []
    assert result.rejected == []
    usage = result.usage
    assert usage["requests"] == 2
    assert usage["prompt_tokens"] > 0
    assert usage["completion_tokens"] > 0
    expected_cost = usage["prompt_tokens"] / 1000 * 1.0 + usage["completion_tokens"] / 1000 * 2.0
    assert usage["estimated_cost_usd"] == pytest.approx(expected_cost)
    assert usage["prompt_version"] == "ad_writer.v3.ru"


def test_it_repairs_over_long_fields_without_asking_again(server):
    server.responder = lambda body: {
        "groups": [
            good_group(group, title2="Очень быстрая доставка за 1 день", text="Диваны  от фабрики!!! Звоните")
            for group in request_groups(body)
        ]
    }

    result = make_writer(server).write(BRIEFS[:1])

    assert len(server.completions()) == 1
    text_image = result.ads[1][1]
    assert text_image.titles[1] == "Быстрая доставка за 1 день"
    assert text_image.texts == ["Диваны от фабрики! Звоните"]
    assert result.fallbacks == []


UNFIXABLE_TITLE = "Ремонт и обслуживание холодильников, морозильных камер и кондиционеров всех марок"


def test_it_asks_again_once_with_the_exact_problems_and_uses_the_new_answer(server):
    first = {"groups": [good_group(group, title1=UNFIXABLE_TITLE) for group in request_groups(_payload(BRIEFS[:2]))]}
    server.replies.append(first)

    result = make_writer(server).write(BRIEFS[:2])

    assert len(server.completions()) == 2
    retry = server.completions()[1].json()["messages"]
    assert retry[-2] == {"role": "assistant", "content": json.dumps(first, ensure_ascii=False)}
    assert "Группа 1:" in retry[-1]["content"]
    assert "Группа 2:" in retry[-1]["content"]
    assert "title1" in retry[-1]["content"]
    assert "at most 56 allowed" in retry[-1]["content"]
    assert {ad.source for ads in result.ads.values() for ad in ads} == {"llm"}
    assert result.fallbacks == []
    assert_all_valid(result)


def test_it_falls_back_to_the_template_writer_when_the_second_answer_fails_too(server):
    server.responder = lambda body: {
        "groups": [good_group(group, title1=UNFIXABLE_TITLE) for group in request_groups(body)]
    }

    result = make_writer(server).write(BRIEFS[:1])

    assert len(server.completions()) == 2
    assert [ad.source for ad in result.ads[1]] == ["template", "template"]
    assert len(result.fallbacks) == 1
    assert result.fallbacks[0].startswith("group 1:")
    assert "title1" in result.fallbacks[0]
    assert result.ads[1] == TemplateWriter().write(BRIEFS[:1]).ads[1]


def test_only_the_groups_that_failed_are_asked_again(server):
    answer = good_answer(_payload(BRIEFS[:2]))
    answer["groups"] = answer["groups"][:1]  # the model forgot group 2
    server.replies.append(answer)

    result = make_writer(server).write(BRIEFS[:2])

    retry = server.completions()[1].json()["messages"][-1]["content"]
    assert "Группа 2:" in retry
    assert "Группа 1:" not in retry
    assert "missing" in retry
    assert {ad.source for ads in result.ads.values() for ad in ads} == {"llm"}


def test_it_asks_again_when_the_answer_is_not_json(server):
    server.replies.append('{"groups": [ {"key": 1, "title1": "Купить')

    result = make_writer(server).write(BRIEFS[:1])

    assert len(server.completions()) == 2
    assert "not valid JSON" in server.completions()[1].json()["messages"][-1]["content"]
    assert [ad.source for ad in result.ads[1]] == ["llm", "llm"]


def test_it_retries_after_a_429_and_a_500_then_succeeds(server):
    server.script.extend([rate_limited(retry_after="0"), server_error()])

    result = make_writer(server, max_retries=2).write(BRIEFS[:1])

    assert len(server.completions()) == 3
    assert result.usage["requests"] == 1
    assert result.usage["failed_requests"] == 0
    assert [ad.source for ad in result.ads[1]] == ["llm", "llm"]


def test_it_retries_after_a_timeout(server):
    server.script.append(slow(1.5, good_answer(_payload(BRIEFS[:1]))))

    result = make_writer(server, timeout=0.3, max_retries=1).write(BRIEFS[:1])

    assert len(server.completions()) == 2
    assert [ad.source for ad in result.ads[1]] == ["llm", "llm"]


def test_it_falls_back_for_the_whole_batch_when_the_server_keeps_failing(server):
    server.script.extend([server_error(), server_error()])

    result = make_writer(server, max_retries=1).write(BRIEFS[:2])

    assert len(server.completions()) == 2  # the retries, and no second question to a server that is down
    assert result.usage["failed_requests"] == 1
    assert [fallback.split(":")[0] for fallback in result.fallbacks] == ["group 1", "group 2"]
    assert "InternalServerError" in result.fallbacks[0]
    assert {ad.source for ads in result.ads.values() for ad in ads} == {"template"}


def test_it_does_not_retry_a_rejected_key(server):
    result = make_writer(server, api_key="sk-wrong").write(BRIEFS[:1])

    assert len(server.completions()) == 1
    assert "AuthenticationError" in result.fallbacks[0]


def test_it_talks_to_servers_whose_base_url_has_no_v1(server):
    result = make_writer(server, path="").write(BRIEFS[:1])

    assert [request.path for request in server.completions()] == ["/chat/completions"]
    assert [ad.source for ad in result.ads[1]] == ["llm", "llm"]


def test_it_stops_before_a_request_when_asked(server):
    with pytest.raises(Cancelled):
        make_writer(server).write(BRIEFS, should_stop=lambda: True)

    assert server.completions() == []


def test_it_reports_progress_per_batch(server):
    seen = []

    make_writer(server, batch_size=2).write(BRIEFS, progress=lambda percent, message: seen.append(percent))

    assert seen == [66, 100]


def test_the_prompt_is_russian_and_states_directs_limits():
    prompt = system_prompt()

    assert "$" not in prompt
    assert "не больше 56 символов" in prompt
    assert "не больше 30 символов" in prompt
    assert "81" in prompt
    assert "ad_writer v3" in prompt


def test_get_writer_picks_the_llm_writer_only_when_a_key_is_set(settings):
    settings.OPENAI_API_KEY = None
    assert isinstance(get_writer(), TemplateWriter)

    settings.OPENAI_API_KEY = "sk-test"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9/v1"
    assert isinstance(get_writer(), LlmWriter)


def test_the_payload_gives_the_model_the_pages_facts_and_the_advertisers_spelling():
    page = LandingPage(
        url="https://shop.example/skud/",
        title="Системы контроля доступа PERCo",
        h1="СКУД под ключ",
        facts=[PageFact("guarantee", "Гарантия 3 года на монтаж")],
    )
    brief = make_brief(phrases=["скуд perco"], benefits=["Выезд инженера за 1 день"], page=page)

    group = json.loads(brief_payload([brief]))["groups"][0]

    assert group["facts"] == ["Выезд инженера за 1 день", "Гарантия 3 года на монтаж"]
    assert group["page"] == {"title": "Системы контроля доступа PERCo", "h1": "СКУД под ключ", "description": ""}
    assert {"PERCo", "СКУД"} <= set(group["names"])


def big_build(groups: int) -> list:
    return [make_brief(key=key, name=f"Группа {key}", phrases=[f"купить диван модель {key}"]) for key in range(groups)]


def test_an_outage_opens_the_circuit_and_a_big_build_falls_back_quickly(server):
    server.script.extend([server_error() for _ in range(200)])
    briefs = big_build(60)
    started = time.monotonic()

    result = make_writer(server, batch_size=5, max_retries=2, breaker=3).write(briefs)

    elapsed = time.monotonic() - started
    assert len(server.completions()) == 9  # three requests of three attempts, then no more questions
    assert result.usage["failed_requests"] == 3
    assert "the LLM failed 3 requests in a row: the rest of the run uses the template writer" in result.fallbacks
    assert sorted(result.ads) == list(range(60))
    assert {ad.source for ads in result.ads.values() for ad in ads} == {"template"}
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_a_success_closes_the_count_of_failures_in_a_row(server):
    server.script.extend([server_error(), server_error()])  # two batches fail, the third is answered

    result = make_writer(server, batch_size=1, max_retries=0, breaker=3).write(BRIEFS)

    assert result.usage["failed_requests"] == 2
    assert [ad.source for ad in result.ads[3]] == ["llm", "llm"]
    assert not any("in a row" in fallback for fallback in result.fallbacks)


def test_the_run_deadline_stops_asking_the_llm(server):
    server.script.extend([slow(0.4, good_answer(_payload(BRIEFS[:1]))), slow(0.4, good_answer(_payload(BRIEFS[1:2])))])

    result = make_writer(server, batch_size=1, max_retries=0, timeout=2.0, deadline=0.3).write(BRIEFS)

    assert len(server.completions()) == 1
    assert any("deadline of 0.3 s" in fallback for fallback in result.fallbacks)
    assert {ad.source for ad in result.ads[3]} == {"template"}


def test_cancellation_is_checked_before_every_request_not_only_between_batches(server):
    server.replies.append("not JSON")  # the writer would ask again in the same batch, with the problems

    def stop_after_first_request() -> bool:
        return len(server.completions()) >= 1

    with pytest.raises(Cancelled):
        make_writer(server, batch_size=10).write(BRIEFS, should_stop=stop_after_first_request)

    assert len(server.completions()) == 1
