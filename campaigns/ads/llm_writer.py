"""The LLM writer: the template writer's interface, with copy from any OpenAI-compatible model.

One request per batch of groups asks for structured JSON (a JSON schema response format). Each group's answer
goes through the validate-and-repair loop:

1. the answer becomes the same two drafts the template writer makes, and `repair` fixes what it can;
2. groups still invalid are sent back once, in the same conversation, with the exact problems;
3. a group that fails again, or that the model never answered, is written by the template writer instead, and
   the fallback is recorded.

An outage must not turn a big build into a timeout: after LLM_CIRCUIT_BREAKER_FAILURES failed requests in a row
(each already retried by the client) the circuit opens and every remaining group is written by the template
writer without asking; so it is once LLM_RUN_DEADLINE_SECONDS have passed. Both are recorded in the fallbacks.
Cancellation is checked before every request, not only between batches.

Links, the display path, sitelinks and callouts come from the campaign, never from the model.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from string import Template

from django.conf import settings

from campaigns.ads.grammar import in_region
from campaigns.ads.llm_client import Completion, LlmClient, LlmUnavailable
from campaigns.ads.repairer import repair
from campaigns.ads.template_writer import GroupCopy, common_fields, write_group
from campaigns.ads.truth import GroupTruth, hold_to_truth
from campaigns.ads.types import AdDraft, GroupBrief, WriteResult
from campaigns.ads.validator import validate
from campaigns.ads.writer import Progress, ShouldStop, admit, empty_usage, progress_message
from campaigns.models import AdKind, AdSource
from core import direct_limits as limits
from semantic.control import StageControl

logger = logging.getLogger(__name__)

PROMPT_FILE = Path(__file__).with_name("prompts") / "ad_writer.v3.ru.md"
PROMPT_VERSION = PROMPT_FILE.name.removesuffix(".md")
PHRASES_PER_GROUP = 10
SCHEMA_NAME = "direct_ads"

_GROUP_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "title1", "title2", "text", "titles", "texts"],
    "properties": {
        "key": {"type": "integer"},
        "title1": {"type": "string"},
        "title2": {"type": "string"},
        "text": {"type": "string"},
        "titles": {"type": "array", "items": {"type": "string"}},
        "texts": {"type": "array", "items": {"type": "string"}},
    },
}
RESPONSE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["groups"],
    "properties": {"groups": {"type": "array", "items": _GROUP_SCHEMA}},
}


def system_prompt() -> str:
    """The versioned prompt file with Direct's limits filled in from `limits`, so the two never disagree."""
    return Template(PROMPT_FILE.read_text(encoding="utf-8")).substitute(
        title1_max=limits.TITLE1_MAX,
        title2_max=limits.TITLE2_MAX,
        text_max=limits.TEXT_MAX,
        narrow_max=limits.NARROW_MAX,
        word_max=limits.WORD_MAX,
        combinatorial_titles_max=limits.COMBINATORIAL_TITLES_MAX,
        combinatorial_texts_max=limits.COMBINATORIAL_TEXTS_MAX,
    )


def brief_payload(briefs: list[GroupBrief]) -> str:
    """The groups as the prompt describes them; `facts`, `priced` (each page price with its product), `offer`,
    `seller`, `calls_to_action` and `names` are the template writer's own reading of the brief and the landing
    page, so both writers state the same facts about the same subjects, in the same seller's voice."""
    groups = []
    for brief in briefs:
        copy = GroupCopy(brief)
        page = brief.page
        groups.append(
            {
                "key": brief.key,
                "name": brief.name,
                "phrases": brief.phrases[:PHRASES_PER_GROUP],
                "product_description": brief.product_description,
                "region": brief.region_name,
                "region_locative": in_region(brief.region_name, brief.language),
                "benefits": brief.benefits,
                "facts": copy.facts,
                "priced": [{"text": fact.text, "about": fact.subject} for fact in page.priced]
                if page is not None and page.is_read
                else [],
                "offer": copy.offer_words,
                "seller": str(copy.truth.seller.kind),
                "calls_to_action": [
                    call.format(object=copy.product_object, genitive=copy.product_genitive)
                    for call in copy.voice.with_object
                ]
                if brief.language == "ru"
                else [],
                "page": {"title": page.title, "h1": page.h1, "description": page.description}
                if page is not None and page.is_read
                else None,
                "names": sorted(set(copy.names.values())),
                "language": brief.language,
            }
        )
    return json.dumps({"groups": groups}, ensure_ascii=False)


class _RunGuard:
    """One run's circuit breaker, deadline and cancellation: asked before every request."""

    def __init__(self, control: StageControl, failures_to_open: int, deadline_seconds: float, result: WriteResult):
        self.control = control
        self.failures_to_open = failures_to_open
        self.deadline_seconds = deadline_seconds
        self.deadline = time.monotonic() + deadline_seconds
        self.result = result
        self.consecutive_failures = 0
        self.open_reason: str | None = None

    def before_request(self) -> float:
        """Seconds left for the request; raises Cancelled, or LlmUnavailable once the circuit is open."""
        self.control.check()
        left = self.deadline - time.monotonic()
        if self.open_reason is None and left <= 0:
            self._open(f"the LLM run deadline of {self.deadline_seconds:g} s has passed")
        if self.open_reason is not None:
            raise LlmUnavailable(self.open_reason)
        return left

    def failed(self) -> None:
        self.consecutive_failures += 1
        if self.open_reason is None and self.consecutive_failures >= self.failures_to_open:
            self._open(f"the LLM failed {self.consecutive_failures} requests in a row")

    def succeeded(self) -> None:
        self.consecutive_failures = 0

    def _open(self, why: str) -> None:
        self.open_reason = why
        logger.warning("%s: the rest of the run uses the template writer", why)
        self.result.fallbacks.append(f"{why}: the rest of the run uses the template writer")


class LlmWriter:
    def __init__(
        self,
        client: LlmClient | None = None,
        batch_size: int | None = None,
        *,
        breaker_failures: int | None = None,
        deadline_seconds: float | None = None,
    ):
        self.client = client or LlmClient()
        self.batch_size = batch_size or settings.ADS_LLM_BATCH_SIZE
        self.breaker_failures = breaker_failures or settings.LLM_CIRCUIT_BREAKER_FAILURES
        self.deadline_seconds = deadline_seconds if deadline_seconds is not None else settings.LLM_RUN_DEADLINE_SECONDS

    def write(
        self,
        briefs: list[GroupBrief],
        *,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> WriteResult:
        control = StageControl(progress, should_stop)
        result = WriteResult(usage=self._empty_usage())
        guard = _RunGuard(control, self.breaker_failures, self.deadline_seconds, result)
        for start in range(0, len(briefs), self.batch_size):
            control.check()
            batch = briefs[start : start + self.batch_size]
            _BatchRun(self, batch, result, guard).run()
            done = start + len(batch)
            control.report(100 * done / len(briefs), progress_message(done, len(briefs)))
        return result

    def _empty_usage(self) -> dict:
        return {**empty_usage(), "model": self.client.config.model, "prompt_version": PROMPT_VERSION}

    def ask(self, messages: list[dict], usage: dict, guard: _RunGuard) -> Completion:
        left = guard.before_request()
        usage["requests"] += 1
        try:
            completion = self.client.complete_json(messages, RESPONSE_SCHEMA, SCHEMA_NAME, within_seconds=left)
        except LlmUnavailable:
            usage["failed_requests"] += 1
            guard.failed()
            raise
        guard.succeeded()
        usage["prompt_tokens"] += completion.prompt_tokens
        usage["completion_tokens"] += completion.completion_tokens
        usage["estimated_cost_usd"] = round(
            usage["prompt_tokens"] / 1000 * settings.OPENAI_PRICE_PER_1K_PROMPT_TOKENS
            + usage["completion_tokens"] / 1000 * settings.OPENAI_PRICE_PER_1K_COMPLETION_TOKENS,
            6,
        )
        return completion


class _BatchRun:
    """One batch through ask → repair → ask again with the problems → fall back."""

    def __init__(self, writer: LlmWriter, batch: list[GroupBrief], result: WriteResult, guard: _RunGuard):
        self.writer = writer
        self.batch = batch
        self.result = result
        self.guard = guard
        self._last_content: str | None = None

    def run(self) -> None:
        messages = [
            {"role": "system", "content": system_prompt()},
            {"role": "user", "content": brief_payload(self.batch)},
        ]
        failed = self._attempt(messages, self.batch)
        if failed and self._last_content is not None:
            answered = {"role": "assistant", "content": self._last_content}
            problems = {"role": "user", "content": problems_message(failed)}
            failed = self._attempt([*messages, answered, problems], [b for b in self.batch if b.key in failed])
        for brief in self.batch:
            if brief.key in failed:
                self._fall_back(brief, "; ".join(failed[brief.key]))

    def _attempt(self, messages: list[dict], briefs: list[GroupBrief]) -> dict[int, list[str]]:
        """Ask, admit every group whose ads are (or can be repaired to be) valid, return the others' problems."""
        self._last_content = None
        try:
            completion = self.writer.ask(messages, self.result.usage, self.guard)
        except LlmUnavailable as error:
            return {brief.key: [f"the LLM is unavailable: {error}"] for brief in briefs}
        self._last_content = completion.content
        answers, parse_problem = parse_answer(completion.content)
        failed = {}
        for brief in briefs:
            answer = answers.get(brief.key)
            if answer is None:
                failed[brief.key] = [parse_problem or "this group is missing from the answer"]
                continue
            drafts, problems = drafts_from_answer(brief, answer)
            if problems:
                failed[brief.key] = problems
            else:
                admit(self.result, brief, drafts)
        return failed

    def _fall_back(self, brief: GroupBrief, reason: str) -> None:
        logger.warning("group %s falls back to the template writer: %s", brief.key, reason)
        self.result.fallbacks.append(f"group {brief.key}: {reason}")
        admit(self.result, brief, write_group(brief))


def parse_answer(content: str) -> tuple[dict[int, dict], str | None]:
    """Group answers by key, or no answers and why the content could not be read."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        return {}, f"the answer is not valid JSON ({error.msg} at position {error.pos})"
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        return {}, 'the answer has no "groups" list'
    answers = {}
    for group in groups:
        if isinstance(group, dict) and isinstance(group.get("key"), int):
            answers[group["key"]] = group
    return answers, None


def drafts_from_answer(brief: GroupBrief, answer: dict) -> tuple[list[AdDraft], list[str]]:
    """The group's two drafts, held to the group's truth (the same checks as the template writer's: a line with an
    unsupported claim, a fact about another product or a shop's service promise is dropped) and repaired; or the
    exact problems (field and reason) of those that cannot be."""
    common = common_fields(brief, AdSource.LLM)
    text_image = AdDraft(
        kind=AdKind.TEXT_IMAGE,
        titles=[title for title in (_string(answer, "title1"), _string(answer, "title2")) if title],
        texts=[_string(answer, "text")],
        **common,
    )
    combinatorial = AdDraft(
        kind=AdKind.COMBINATORIAL, titles=_strings(answer, "titles"), texts=_strings(answer, "texts"), **common
    )
    drafts, problems = [], []
    truth = GroupTruth(brief)
    for draft in (combinatorial, text_image):
        held, dropped = hold_to_truth(draft, truth)
        if held is None:  # nothing true was left of a title or the texts: the model is asked again
            reasons = dropped or [str(problem) for problem in validate(draft)] or ["no title or text is left"]
            problems += [f"{draft.kind} ad, {reason}" for reason in reasons]
            continue
        outcome = repair(held)
        # the repairer's tidying may bring a claim's number within its reach («СКИДКИ!!! купить купить 0» →
        # «Скидки! купить купить 0»): what leaves is held to the truth as repaired, as the gate will hold it
        repaired, dropped = hold_to_truth(outcome.ad, truth) if outcome.ad is not None else (None, [])
        if outcome.ad is None:
            problems += [f"{draft.kind} ad, {problem}" for problem in validate(held)]
        elif repaired is None or dropped:
            problems += [f"{draft.kind} ad, {reason}" for reason in dropped or ["no title or text is left"]]
        else:
            if outcome.changes:
                logger.info("group %s: repaired the LLM's %s ad: %s", brief.key, draft.kind, outcome.changes)
            drafts.append(outcome.ad)
    return drafts, problems


def _string(answer: dict, name: str) -> str:
    value = answer.get(name)
    return value if isinstance(value, str) else ""


def _strings(answer: dict, name: str) -> list[str]:
    value = answer.get(name)
    return [item for item in value if isinstance(item, str) and item.strip()] if isinstance(value, list) else []


def problems_message(failed: dict[int, list[str]]) -> str:
    lines = ["Эти группы не прошли проверку Директа. Перепиши их целиком, исправив каждую проблему:"]
    for key, problems in failed.items():
        lines.append(f"Группа {key}:")
        lines += [f"- {problem}" for problem in problems]
    lines.append('Ответь тем же JSON-объектом "groups", только с этими группами.')
    return "\n".join(lines)
