"""What a user has used of their limits: counted from the campaigns and runs themselves, so it never drifts."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from campaigns.models import Campaign, PipelineRun


@dataclass(frozen=True)
class Usage:
    campaigns_used: int
    runs_this_month: int


def usage_of(user_id: int) -> Usage:
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Usage(
        campaigns_used=Campaign.objects.live_count_for(user_id),
        runs_this_month=PipelineRun.objects.filter(user_id=user_id, created_at__gte=month_start).count(),
    )
