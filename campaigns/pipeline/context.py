"""What every stage module shares: the context a stage runs in, its output, and the rows stages read and write.

Each stage is split in two on purpose. `compute` runs outside any transaction (it may call APIs or embed
thousands of phrases for a minute), and `store` replaces the stage's output in one short transaction that also
marks the stage done (see `runner`). A crash between the two loses only the computation, and running a stage
again replaces its rows instead of adding to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from campaigns.models import AdGroup, ApiUsage, Campaign, Keyword, PipelineRun
from core.progress import ProgressCallback, StopCheck
from semantic.types import Cluster, Phrase

# Direct's limit on a stored phrase is far above any real keyword; longer rows are garbage from a bad file.
MAX_PHRASE_LENGTH = Keyword._meta.get_field("phrase").max_length


@dataclass
class StageContext:
    run: PipelineRun
    campaign: Campaign
    progress: ProgressCallback
    should_stop: StopCheck


T = TypeVar("T")


@dataclass
class StageOutput(Generic[T]):
    """What `compute` hands to `store` (each stage's own type), and the message users see when the stage is done."""

    data: T
    message: str


def phrases_of(campaign: Campaign, **conditions) -> list[Phrase]:
    """The campaign's keywords (those matching `conditions`, e.g. `names_competitor=False`), most frequent first."""
    return [
        Phrase(text=phrase, frequency=frequency, exact_frequency=exact)
        for phrase, frequency, exact in campaign.keywords.filter(**conditions)
        .order_by("-frequency", "phrase")
        .values_list("phrase", "frequency", "exact_frequency")
    ]


def replace_keywords(campaign: Campaign, phrases: list[Phrase], normalized: Callable[[str], str]) -> None:
    campaign.keywords.all().delete()
    Keyword.objects.bulk_create(
        Keyword(
            campaign=campaign,
            phrase=phrase.text,
            normalized=normalized(phrase.text)[:MAX_PHRASE_LENGTH],
            frequency=phrase.frequency,
            exact_frequency=phrase.exact_frequency,
        )
        for phrase in phrases
    )


def clusters_of(campaign: Campaign) -> tuple[list[AdGroup], list[Cluster]]:
    """The stored groups with their keywords, as the semantic core's `Cluster`s, by group number."""
    groups = list(campaign.groups.order_by("number"))
    phrases: dict[int, list[Phrase]] = {group.pk: [] for group in groups}
    for group_id, phrase, frequency, exact in (
        campaign.keywords.filter(group__isnull=False)
        .order_by("-frequency", "phrase")
        .values_list("group_id", "phrase", "frequency", "exact_frequency")
    ):
        phrases[group_id].append(Phrase(phrase, frequency, exact))
    clusters = [
        Cluster(name=group.name, phrases=phrases[group.pk], total_frequency=sum(p.frequency for p in phrases[group.pk]))
        for group in groups
    ]
    return groups, clusters


def save_fields(campaign: Campaign, **values) -> None:
    """Set a stage's fields on the campaign and write only those (other stages' fields stay as stored)."""
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=[*values, "updated_at"])


def add_usage(run: PipelineRun, service: str, **counts) -> None:
    usage, _created = ApiUsage.objects.get_or_create(run=run, service=service)
    for name, value in counts.items():
        current = getattr(usage, name)
        if isinstance(current, Decimal):  # cost_usd: the writer's float estimate added to a stored Decimal
            value = Decimal(str(value))
        setattr(usage, name, current + value)
    usage.save()
