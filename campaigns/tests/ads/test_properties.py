"""Property tests: whatever the marketer typed, every ad that leaves a writer passes Direct's validator."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from campaigns.ads.llm_client import LlmClient, LlmConfig
from campaigns.ads.llm_writer import LlmWriter
from campaigns.ads.repairer import repair
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.types import AdDraft, Sitelink
from campaigns.ads.validator import validate
from campaigns.tests.ads.conftest import make_ad, make_brief
from semantic.regions import all_regions
from tests.fakes.openai_api import FakeOpenAIServer

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
AWKWARD = "0123456789 .,!?:;\"'-—()«»%№#&/\\*@$€₽_|~^\t\n😀🔥✅™©·•→"

# A fixed vocabulary of awkward words keeps example generation cheap (one draw per word); free text adds the rest.
VOCABULARY = [
    *["купить", "диван", "ремонт", "холодильников", "на", "дому", "в", "для", "и", "курсы", "английского"],
    *["онлайн", "рублей", "очень", "самый"],
    *["Москве", "СПб", "МКАД", "ОСАГО", "iPhone15", "Wi-Fi", "2.0", "24/7", "100%", "№1", "B2B", "e-mail"],
    "ВНИМАНИЕ", "СКИДКИ!!!", "Высококвалифицированный", "Электроэнцефалографический", "суперпупермегадешевыедиваны",
    "abcdefghijklmnopqrstuvwxyz", "диванdivan", "дивaн",  # the last has a Latin "a" inside
    "!!!", "...", ",,,", "?!", "—", "--", ":;", '"', "«ёлка»", "(скидка)", "😀", "🔥🔥", "✅", "™", "©", "·", "•",
    "\t", "\n", "  ", "₽", "$", "&", "#", "@", "%", "/", "\\", "*", "_", "|", "~", "^",
]  # fmt: skip
word = st.one_of(
    st.sampled_from(VOCABULARY),
    st.sampled_from(VOCABULARY),
    st.text(alphabet=CYRILLIC + LATIN + AWKWARD, min_size=1, max_size=26),
)
phrase = st.lists(word, min_size=0, max_size=10).map(" ".join)
long_text = st.lists(word, min_size=0, max_size=30).map(" ".join)
region = st.one_of(st.sampled_from([region.name_ru for region in all_regions()]), phrase)

LANDINGS = ["https://divan.example.ru/catalog", "http://example.com/?ref=ads#top", "https://пример.рф/услуги"]

briefs = st.builds(
    make_brief,
    key=st.integers(min_value=1, max_value=1000),
    name=phrase,
    phrases=st.lists(phrase, max_size=5),
    product_description=long_text,
    region_name=region,
    landing_url=st.sampled_from(LANDINGS),
    benefits=st.lists(phrase, max_size=5),
    sitelinks=st.lists(
        st.builds(Sitelink, title=phrase, url=st.sampled_from([*LANDINGS, "not a url"]), description=long_text),
        max_size=10,
    ),
    callouts=st.lists(phrase, max_size=6),
    language=st.sampled_from(["ru", "en"]),
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(brief=briefs)
@example(brief=make_brief(name="aAAAAA", phrases=[], product_description="", region_name="Россия", benefits=[]))
def test_every_template_ad_passes_the_validator_and_none_is_rejected(brief):
    result = TemplateWriter().write([brief])

    ads = result.ads[brief.key]
    assert result.rejected == []
    assert {ad.kind for ad in ads} == {"text_image", "combinatorial"}
    for ad in ads:
        assert validate(ad) == []
        assert ad.problems == []


copy_text = st.one_of(long_text, phrase)
drafts = st.builds(
    make_ad,
    kind=st.sampled_from(["text_image", "combinatorial"]),
    titles=st.lists(copy_text, min_size=0, max_size=9),
    texts=st.lists(copy_text, min_size=0, max_size=4),
    display_link=phrase,
    sitelinks=st.lists(
        st.builds(Sitelink, title=phrase, url=st.sampled_from([*LANDINGS, "ftp://x"]), description=long_text),
        max_size=10,
    ),
    callouts=st.lists(phrase, max_size=6),
)


@settings(max_examples=500, deadline=None)
@given(ad=drafts)
def test_the_repairer_returns_a_valid_ad_or_none(ad: AdDraft):
    outcome = repair(ad)

    if outcome.ad is None:
        assert validate(ad) != []
        assert outcome.changes
    else:
        assert validate(outcome.ad) == []


@pytest.mark.parametrize("kind", ["text_image", "combinatorial"])
def test_a_valid_ad_comes_back_from_the_repairer_unchanged(kind):
    ad = make_ad(kind=kind)

    assert repair(ad).ad == ad
    assert repair(ad).changes == []


llm_groups = st.fixed_dictionaries(
    {
        "title1": copy_text,
        "title2": phrase,
        "text": long_text,
        "titles": st.lists(copy_text, max_size=8),
        "texts": st.lists(long_text, max_size=4),
    }
)


@pytest.fixture(scope="module")
def openai_server():
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture(scope="module")
def llm_client(openai_server):
    return LlmClient(LlmConfig(openai_server.api_key, openai_server.url + "/v1", "test-model", 5.0, 0, 0.0, 0.0))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(brief=briefs, answer=llm_groups)
def test_every_llm_ad_passes_the_validator_whatever_the_model_writes(openai_server, llm_client, brief, answer):
    openai_server.responder = lambda body: {"groups": [{"key": brief.key, **answer}]}

    result = LlmWriter(llm_client).write([brief])

    assert result.rejected == []
    assert len(result.ads[brief.key]) == 2
    for ad in result.ads[brief.key]:
        assert validate(ad) == []
