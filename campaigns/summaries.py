"""What a finished run reports, typed: `BuildSummary` after a build, `UploadReport` after an upload.

Both are stored as JSON in `PipelineRun.result` and read back only through these types (`run.build_summary`,
`run.upload_report`); nothing else knows the keys. A build's summary holds only what the campaign's own fields do
not: the keyword, group and ad counts, the negatives and the file are read from the `Campaign`, and
`BuildSummary.as_json(campaign)` puts both together for `build_campaign --json`.

Adding a field is one line: give it a default. JSON stored before the field existed loads with that default, and
keys a type no longer has are ignored, so old runs always load.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Self


class StoredSummary:
    """A dataclass stored as JSON: `to_json` for `PipelineRun.result`, `from_json` tolerant of older JSON."""

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Self:
        known = {item.name for item in fields(cls)}  # type: ignore[arg-type]
        return cls(**{key: value for key, value in (data or {}).items() if key in known})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class BuildSummary(StoredSummary):
    """What a build found that the campaign does not hold: removals by reason, the threshold it used, the negatives
    in its groups, the budget plan, the landing page's warning, the sitelinks the final message shows, and how sure
    its removals are (the doubtful ones per reason, and the certain ones its keywords still serve)."""

    removed_by_reason: dict[str, int] = field(default_factory=dict)  # reason code ("other" if none) → phrases
    min_exact: int | None = None  # the exact-frequency threshold the build used (None: a summary from before it)
    group_negatives: int = 0  # negative keywords summed over the groups
    unknown_frequency: int = 0  # kept phrases without a frequency (unknown, not zero)
    budget: dict[str, Any] | None = None  # `campaigns.budget.BudgetPlan.as_dict()`, when the brief had a budget
    landing_warning: str = ""  # why the landing page was not read
    sitelinks: list[str] = field(default_factory=list)  # the first ad's sitelink titles
    removed_by_confidence: dict[str, int] = field(default_factory=dict)  # certain / judged / confirmed → phrases
    # per judged reason: {code, label, removed, kept} (`campaigns.removal_figures.DoubtfulCount`)
    doubtful: list[dict[str, Any]] = field(default_factory=list)
    # certain and confirmed removals the keywords still serve by broad match: {served, removed, examples}
    removed_but_served: dict[str, Any] = field(default_factory=dict)

    @property
    def removed(self) -> int:
        return sum(self.removed_by_reason.values())

    def as_json(self, campaign) -> dict[str, Any]:
        """`build_campaign --json` (README documents its keys): the campaign's counts with this summary."""
        return {
            "campaign_id": campaign.pk,
            "keywords": campaign.keyword_count,
            "groups": campaign.group_count,
            "ads": campaign.ad_count,
            "negatives": {
                "campaign": len(campaign.negative_keywords),
                "groups": self.group_negatives,
                "dropped": len(campaign.dropped_negatives),
            },
            "dropped_negatives": list(campaign.dropped_negatives),
            "removed": self.removed,
            "removed_by_reason": dict(self.removed_by_reason),
            "removed_by_confidence": dict(self.removed_by_confidence),
            "doubtful": list(self.doubtful),
            "removed_but_served": dict(self.removed_but_served),
            "min_exact": self.min_exact,
            "unknown_frequency": self.unknown_frequency,
            "budget": self.budget,
            "landing_warning": self.landing_warning,
            "sitelinks": list(self.sitelinks),
            "file": campaign.export_file.name if campaign.export_file else "",
            "spreadsheet_url": campaign.spreadsheet_url,
        }


@dataclass(frozen=True)
class UploadReport(StoredSummary):
    """What an upload did in Direct: counts per object kind (campaign, group, keyword, ad, sitelink set, callout),
    every object Direct refused or warned about ({kind, group, object, messages}) and the ads sent to moderation.
    Its JSON is what `upload_campaign --json` prints (README documents the keys)."""

    direct_campaign_id: int | None = None
    direct_url: str = ""  # the campaign in Direct's web interface ("" in the sandbox)
    ad_type: str = ""
    created: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # already in Direct from an earlier upload
    found: dict[str, int] = field(default_factory=dict)  # in Direct though not recorded here (a lost answer, a rebuild)
    updated: dict[str, int] = field(default_factory=dict)  # changed by a rebuild or an edit, changed in Direct too
    removed: dict[str, int] = field(default_factory=dict)  # no longer in the campaign, removed from Direct
    removable: dict[str, int] = field(default_factory=dict)  # no longer in the campaign, still in Direct: ask first
    failed: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    moderated: int = 0
    ad_type_fallback: bool = False  # Direct refused ResponsiveAd as a structure, so the ads went as TextAd

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    @property
    def unchanged_total(self) -> int:
        """Already in Direct and left as it was: recorded before, or matched after a rebuild or a lost answer."""
        return self.skipped_total + sum(self.found.values())

    @property
    def updated_total(self) -> int:
        return sum(self.updated.values())

    @property
    def removed_total(self) -> int:
        return sum(self.removed.values())

    @property
    def removable_total(self) -> int:
        return sum(self.removable.values())
