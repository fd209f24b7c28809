"""A campaign's figures after the upload: fetched from Direct's Reports service, stored per day and group, and
summed per group for the chat, the weekly digest and `campaign_stats`.

`refresh_stats` replaces the stored days of the period with what Direct reports now (Direct revises the last days'
figures, e.g. when it writes off invalid clicks), so fetching twice never counts twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from campaigns.direct.client import DirectClient
from campaigns.direct.errors import DirectError
from campaigns.direct.reports import CAMPAIGN_REPORT, GROUP_REPORT, ReportSpec, fetch_report
from campaigns.direct.upload import token_for
from campaigns.models import Campaign, DirectObject, DirectObjectKind, GroupDayStats

METRICS = ("Impressions", "Clicks", "Cost")


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> Period:
        last = today or date.today()
        return cls(last - timedelta(days=days - 1), last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Figures:
    """What a group (or the campaign) spent and brought in a period."""

    name: str
    direct_group_id: int
    impressions: int
    clicks: int
    cost: Decimal
    conversions: int | None  # None: no goal was given

    @property
    def ctr(self) -> float:
        return 100 * self.clicks / self.impressions if self.impressions else 0.0

    @property
    def cpc(self) -> Decimal | None:
        return (self.cost / self.clicks).quantize(Decimal("0.01")) if self.clicks else None

    @property
    def cost_per_conversion(self) -> Decimal | None:
        return (self.cost / self.conversions).quantize(Decimal("0.01")) if self.conversions else None

    def as_dict(self) -> dict:
        return {
            "group": self.name,
            "direct_group_id": self.direct_group_id,
            "impressions": self.impressions,
            "clicks": self.clicks,
            "cost": str(self.cost),
            "ctr": round(self.ctr, 2),
            "cpc": str(self.cpc) if self.cpc is not None else None,
            "conversions": self.conversions,
            "cost_per_conversion": str(self.cost_per_conversion) if self.cost_per_conversion is not None else None,
        }


def direct_campaign_id(campaign: Campaign) -> int:
    """The campaign's id in Direct; refuses a campaign that was never uploaded."""
    direct_id = (
        DirectObject.objects.filter(campaign=campaign, kind=DirectObjectKind.CAMPAIGN, local_key=str(campaign.pk))
        .values_list("direct_id", flat=True)
        .first()
    )
    if direct_id is None:
        raise DirectError(_("The campaign is not in Direct yet: upload it first, then its statistics appear here."))
    return direct_id


def direct_group_ids(campaign: Campaign) -> dict[int, int]:
    """Our group row id → its Direct id, for every group the upload recorded (rows a rebuild removed included)."""
    return {
        int(key): direct_id
        for key, direct_id in DirectObject.objects.filter(campaign=campaign, kind=DirectObjectKind.GROUP).values_list(
            "local_key", "direct_id"
        )
    }


@contextmanager
def direct_client_for(campaign: Campaign) -> Iterator[DirectClient]:
    owner = campaign.owner
    client = DirectClient(
        token_for(campaign),
        client_login=campaign.direct_client_login,
        language=owner.language if owner else campaign.language,
    )
    try:
        yield client
    finally:
        client.close()


def refresh_stats(campaign: Campaign, client: DirectClient, period: Period, goal_id: int | None = None) -> None:
    """Reads the campaign's and its groups' figures by day and stores them, replacing the period's days."""
    campaign_id = direct_campaign_id(campaign)
    goals = (goal_id,) if goal_id else ()
    metrics = (*METRICS, "Conversions") if goal_id else METRICS
    common = {"date_from": period.first, "date_to": period.last, "campaign_ids": (campaign_id,), "goal_ids": goals}
    totals = fetch_report(client, ReportSpec(CAMPAIGN_REPORT, ("Date", *metrics), **common))
    groups = fetch_report(client, ReportSpec(GROUP_REPORT, ("Date", "AdGroupId", "AdGroupName", *metrics), **common))
    rows = [_day(campaign, row, GroupDayStats.CAMPAIGN_TOTAL, campaign.name) for row in totals]
    rows += [_day(campaign, row, row["AdGroupId"], row["AdGroupName"]) for row in groups]
    with transaction.atomic():
        GroupDayStats.objects.filter(campaign=campaign, day__range=(period.first, period.last)).delete()
        GroupDayStats.objects.bulk_create(rows, batch_size=1000)


def _day(campaign: Campaign, row: dict, group_id: int, name: str) -> GroupDayStats:
    return GroupDayStats(
        campaign=campaign,
        direct_group_id=group_id,
        group_name=name[:255],
        day=row["Date"],
        impressions=row.get("Impressions") or 0,
        clicks=row.get("Clicks") or 0,
        cost=row.get("Cost") or Decimal(0),
        conversions=row.get("Conversions"),
    )


def group_figures(campaign: Campaign, period: Period) -> list[Figures]:
    """Each group's figures in the period, the biggest spender first."""
    return _figures(
        GroupDayStats.objects.filter(campaign=campaign, day__range=(period.first, period.last)).exclude(
            direct_group_id=GroupDayStats.CAMPAIGN_TOTAL
        )
    )


def campaign_figures(campaign: Campaign, period: Period) -> Figures | None:
    found = _figures(
        GroupDayStats.objects.filter(
            campaign=campaign, day__range=(period.first, period.last), direct_group_id=GroupDayStats.CAMPAIGN_TOTAL
        )
    )
    return found[0] if found else None


def daily_totals(campaign: Campaign, period: Period) -> list[tuple[date, Decimal, int]]:
    """(day, spend, clicks) for every day of the period, zero where Direct reported nothing."""
    stored = dict(
        (day, (cost, clicks))
        for day, cost, clicks in GroupDayStats.objects.filter(
            campaign=campaign, day__range=(period.first, period.last), direct_group_id=GroupDayStats.CAMPAIGN_TOTAL
        ).values_list("day", "cost", "clicks")
    )
    days = [period.first + timedelta(days=offset) for offset in range(period.days)]
    return [(day, *stored.get(day, (Decimal(0), 0))) for day in days]


def worst_groups(figures: list[Figures], count: int = 5) -> list[Figures]:
    """The groups that spent most for the least: by spend per conversion (or per click without a goal), the
    groups that spent and brought nothing first."""
    spending = [item for item in figures if item.cost > 0]

    def waste(item: Figures) -> tuple:
        results = item.conversions if item.conversions is not None else item.clicks
        return (results > 0, -(item.cost / results if results else item.cost))

    return sorted(spending, key=waste)[:count]


def _figures(rows) -> list[Figures]:
    summed = (
        rows.values("direct_group_id")
        .annotate(
            impressions_sum=Sum("impressions"),
            clicks_sum=Sum("clicks"),
            cost_sum=Sum("cost"),
            conversions_sum=Sum("conversions"),
        )
        .order_by("-cost_sum", "direct_group_id")
    )
    names = dict(rows.order_by("day").values_list("direct_group_id", "group_name"))
    return [
        Figures(
            name=names.get(row["direct_group_id"], ""),
            direct_group_id=row["direct_group_id"],
            impressions=row["impressions_sum"] or 0,
            clicks=row["clicks_sum"] or 0,
            cost=row["cost_sum"] or Decimal(0),
            conversions=row["conversions_sum"],
        )
        for row in summed
    ]
