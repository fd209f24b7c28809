"""What every ad writer promises the pipeline, and the gate every ad passes on its way out.

`AdWriter.write` returns only ads that are true and that the validator accepts: each draft first loses the lines
its group may not claim (`truth.hold_to_truth`: unsupported claims, facts about another product, a shop's service
promises, repeated sentences), then goes through `repair`; one that cannot be kept is listed in
`WriteResult.rejected` with its problems instead of being returned. Whoever wrote the ad, the same checks run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from django.utils.translation import gettext

from campaigns.ads.repairer import repair
from campaigns.ads.truth import GroupTruth, hold_to_truth
from campaigns.ads.types import AdDraft, GroupBrief, WriteResult

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
ShouldStop = Callable[[], bool]


class AdWriter(Protocol):
    def write(
        self,
        briefs: list[GroupBrief],
        *,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> WriteResult: ...


def progress_message(done: int, total: int) -> str:
    return gettext("Ads written for %(done)d of %(total)d groups") % {"done": done, "total": total}


def empty_usage() -> dict:
    """The usage every writer reports, so the pipeline reads the same keys whichever wrote the ads."""
    return {"requests": 0, "failed_requests": 0, "prompt_tokens": 0, "completion_tokens": 0, "estimated_cost_usd": 0.0}


def admit(
    result: WriteResult, brief: GroupBrief, drafts: list[AdDraft], truth: GroupTruth | None = None
) -> list[AdDraft]:
    """Hold each draft to the truth, then repair it; keep the valid ones under the group's key and record the rest
    as rejected."""
    truth = truth or GroupTruth(brief)
    admitted = []
    for draft in drafts:
        held, dropped = hold_to_truth(draft, truth)
        if dropped:
            logger.info("group %s: %s ad by %s: %s", brief.key, draft.kind, draft.source, "; ".join(dropped))
        outcome = repair(held) if held is not None else None
        if outcome is None or outcome.ad is None:
            problems = dropped if outcome is None else outcome.changes
            reason = f"group {brief.key}: {draft.kind} ad by {draft.source} rejected: {'; '.join(problems)}"
            logger.warning(reason)
            result.rejected.append(reason)
        else:
            admitted.append(outcome.ad)
    result.ads.setdefault(brief.key, []).extend(admitted)
    return admitted
