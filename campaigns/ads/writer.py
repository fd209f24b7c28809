"""What every ad writer promises the pipeline, and the gate every ad passes on its way out.

`AdWriter.write` returns only ads the validator accepts: each draft goes through `repair`, and one that cannot be
repaired is listed in `WriteResult.rejected` with its problems instead of being returned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from django.utils.translation import gettext

from campaigns.ads.repairer import repair
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


def admit(result: WriteResult, key: int, drafts: list[AdDraft]) -> list[AdDraft]:
    """Repair each draft; keep the valid ones under the group's key and record the rest as rejected."""
    admitted = []
    for draft in drafts:
        outcome = repair(draft)
        if outcome.ad is None:
            reason = f"group {key}: {draft.kind} ad by {draft.source} rejected: {'; '.join(outcome.changes)}"
            logger.warning(reason)
            result.rejected.append(reason)
        else:
            admitted.append(outcome.ad)
    result.ads.setdefault(key, []).extend(admitted)
    return admitted
