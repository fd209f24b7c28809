"""Statistics from Direct's Reports service (https://yandex.ru/dev/direct/doc/ru/reports): what a campaign spent
and brought, by day and group, and which search queries its ads were shown on.

A report is asked for with a JSON `params` body and answered as TSV. The client (`DirectClient.report`) sends
`processingMode: auto`, so Direct builds a small report at once and queues a big one (201 queued, 202 building,
`retryIn` seconds to wait; the search-query report is always queued) and asks again with the same parameters. The
report's title line and its "Total rows" line are left out by `skipReportHeader`/`skipReportSummary`; the parser
reads a report with or without them, and with or without the column names line, so a proxy or an older API that
ignores a header does not shift the columns. Money is read exactly: Direct sends it in millionths of the currency
unless asked otherwise. `--` is Direct's empty cell (no conversions without a goal, no position).

A report's own limits: its name identifies its parameters (a name reused with other parameters is refused), so the
name is a digest of them; the period is at most `MAX_REPORT_DAYS`; a page of at most `MAX_REPORT_ROWS` rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from campaigns.direct.client import DirectClient

CAMPAIGN_REPORT = "CAMPAIGN_PERFORMANCE_REPORT"
GROUP_REPORT = "ADGROUP_PERFORMANCE_REPORT"
SEARCH_QUERY_REPORT = "SEARCH_QUERY_PERFORMANCE_REPORT"
MICRO = Decimal(1_000_000)
MAX_REPORT_DAYS = 1095  # Direct keeps statistics for three years
MAX_REPORT_ROWS = 1_000_000
EMPTY = "--"
ATTRIBUTION_MODEL = "LSC"  # last significant click, Direct's default


@dataclass(frozen=True)
class ReportSpec:
    report_type: str
    fields: tuple[str, ...]
    date_from: date
    date_to: date
    campaign_ids: tuple[int, ...]
    goal_ids: tuple[int, ...] = ()

    def __post_init__(self):
        days = (self.date_to - self.date_from).days + 1
        if not 1 <= days <= MAX_REPORT_DAYS:
            raise ValueError(f"a report covers 1 to {MAX_REPORT_DAYS} days, not {days}")

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "SelectionCriteria": {
                "DateFrom": self.date_from.isoformat(),
                "DateTo": self.date_to.isoformat(),
                "Filter": [{"Field": "CampaignId", "Operator": "IN", "Values": [str(i) for i in self.campaign_ids]}],
            },
            "FieldNames": list(self.fields),
            "ReportType": self.report_type,
            "DateRangeType": "CUSTOM_DATE",
            "Format": "TSV",
            "IncludeVAT": "YES",  # what the user pays
            "IncludeDiscount": "NO",
            "Page": {"Limit": MAX_REPORT_ROWS},
        }
        if self.goal_ids:
            params["Goals"] = [str(goal) for goal in self.goal_ids]
            params["AttributionModels"] = [ATTRIBUTION_MODEL]
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
        return {**params, "ReportName": f"directhelper-{self.report_type.lower()}-{digest}"}


def fetch_report(client: DirectClient, spec: ReportSpec) -> list[dict[str, Any]]:
    """The report's rows, each a dict of the asked fields with typed values (see `parse_tsv`)."""
    wait, polls = settings.YANDEX_DIRECT_REPORT_WAIT_SECONDS, settings.YANDEX_DIRECT_REPORT_POLLS
    text = client.report(spec.params(), wait_seconds=wait, polls=polls)
    return parse_tsv(text, spec.fields)


def parse_tsv(text: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of a Direct TSV report. The columns are the header line's when there is one, else `fields` in order;
    goal columns (`Conversions_<goal>_<model>`) are summed into `Conversions`."""
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and "\t" not in lines[0] and len(fields) > 1:
        lines = lines[1:]  # the title line: `"name (2026-11-01 - 2026-11-30)"`
    if lines and lines[-1].startswith("Total rows"):
        lines = lines[:-1]
    columns = list(fields)
    if lines and _is_header(lines[0].split("\t"), fields):
        columns = lines[0].split("\t")
        lines = lines[1:]
    rows = []
    for line in lines:
        cells = line.split("\t")
        row: dict[str, Any] = {}
        for column, cell in zip(columns, cells, strict=False):
            name = "Conversions" if column.startswith("Conversions") else column
            value = _typed(name, cell)
            if name == "Conversions" and name in row:
                value = (row[name] or 0) + (value or 0)
            row[name] = value
        rows.append(row)
    return rows


def _is_header(cells: list[str], fields: tuple[str, ...]) -> bool:
    named = {"Conversions" if cell.startswith("Conversions") else cell for cell in cells}
    return named <= set(fields) and bool(named)


def _typed(name: str, cell: str) -> Any:
    if cell == EMPTY:
        return None
    if name in ("Impressions", "Clicks", "Conversions", "CampaignId", "AdGroupId", "CriterionId"):
        return int(cell)
    if name == "Cost":
        return Decimal(cell) / MICRO
    if name == "Date":
        return date.fromisoformat(cell)
    return cell
