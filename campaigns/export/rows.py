"""The rows of the «Тексты» sheet, as lists of strings: the one layout the XLSX, the CSV and Google Sheets share.

Direct's rules shape the rows (reference, sections 3.1 and 8): every keyword is a `-` row carrying the group's
name and number; the main ad, region, sitelinks, callouts and group negatives go on the group's first row only,
because repeating an ad on every keyword row makes Direct count it many times; additional ads are `+` rows with
the group and phrase left empty, or Direct drops them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from campaigns.export import template as t
from campaigns.export.data import ExportAd, ExportCampaign, ExportGroup, ExportKeyword, ads_in_format
from core import direct_limits

Row = list[str | None]


@dataclass(frozen=True)
class PlannedRow:
    """Where one keyword or additional ad lands: `row` is its 1-based row number in the «Тексты» sheet."""

    row: int
    group: ExportGroup
    keyword: ExportKeyword | None
    ad: ExportAd | None
    first_of_group: bool


def plan_rows(data: ExportCampaign, ad_format: str) -> Iterator[PlannedRow]:
    row = t.FIRST_DATA_ROW
    for group in data.groups:
        ads = ads_in_format(group, ad_format)
        main_ad = ads[0] if ads else None
        for position, keyword in enumerate(group.keywords):
            yield PlannedRow(row, group, keyword, main_ad if position == 0 else None, position == 0)
            row += 1
        for ad in ads[1:] if group.keywords else ads:
            yield PlannedRow(row, group, None, ad, False)
            row += 1


def campaign_type(ad_format: str) -> str:
    return t.CAMPAIGN_TYPE_UNIFIED if ad_format == "combinatorial" else t.CAMPAIGN_TYPE_TEXT


def ad_type(ad_format: str) -> str:
    return t.AD_TYPE_COMBINATORIAL if ad_format == "combinatorial" else t.AD_TYPE_TEXT_IMAGE


def header_rows(data: ExportCampaign, ad_format: str) -> list[Row]:
    """Rows 1–11: the campaign block (type, an empty order number for a new campaign, currency, campaign negatives)
    and the two-row header."""
    rows: list[Row] = [[None] * len(t.COLUMNS) for _ in range(t.SUBHEADER_ROW)]

    def put(row: int, column: int, value: str) -> None:
        rows[row - 1][column - 1] = value

    put(*t.DOCUMENT_TITLE_CELL, t.DOCUMENT_TITLE)
    values = {
        t.CAMPAIGN_TYPE_LABEL: campaign_type(ad_format),
        t.ORDER_LABEL: "",  # Direct's own campaign number: set, it would overwrite that live campaign
        t.CURRENCY_LABEL: data.currency,
        t.CAMPAIGN_NEGATIVES_LABEL: t.format_negatives(data.negative_keywords),
    }
    for label, (row, column) in t.LABEL_CELLS.items():
        put(row, column, label)
        put(row, column + 1, values[label] or None)
    for title, first, _last in t.header_spans():
        put(t.HEADER_ROW, first + 1, title)
    for index, column in enumerate(t.COLUMNS):
        if column.subtitle:
            put(t.SUBHEADER_ROW, index + 1, column.subtitle)
    return rows


def data_rows(data: ExportCampaign, ad_format: str) -> Iterator[Row]:
    regions = ", ".join(data.region_names)
    kind = ad_type(ad_format)
    width = len(t.COLUMNS)
    index = t.COLUMN_INDEX
    for planned in plan_rows(data, ad_format):
        row: Row = [None] * width
        row[index["ad_type"]] = kind
        if planned.keyword is not None:
            group = planned.group
            row[index["mark"]] = t.KEYWORD_ROW_MARK
            row[index["group_name"]] = group.name
            row[index["group_number"]] = str(group.number)
            row[index["phrase"]] = planned.keyword.phrase
            row[index["bid"]] = format_bid(planned.keyword.bid)
            if planned.first_of_group:
                row[index["region"]] = regions or None
                row[index["group_negatives"]] = t.format_negatives(group.negative_keywords) or None
        else:
            row[index["mark"]] = t.EXTRA_AD_MARK
        if planned.ad is not None:
            _put_ad(row, planned.ad, ad_format)
        yield row


def format_bid(bid: Decimal | None) -> str | None:
    """`12,5`: Direct reads `12.5` as 125, so the decimal separator is a comma."""
    return None if bid is None else format(bid, "f").replace(".", ",")


def _put_ad(row: Row, ad: ExportAd, ad_format: str) -> None:
    index = t.COLUMN_INDEX
    if ad_format == "combinatorial":
        for number, title in enumerate(ad.titles[: direct_limits.COMBINATORIAL_TITLES_MAX], start=1):
            row[index[f"combo_title_{number}"]] = title
            row[index[f"combo_title_{number}_length"]] = str(len(title))
        for number, text in enumerate(ad.texts[: direct_limits.COMBINATORIAL_TEXTS_MAX], start=1):
            row[index[f"combo_text_{number}"]] = text
            row[index[f"combo_text_{number}_length"]] = str(len(text))
    else:
        title_1, title_2, text = text_image_fields(ad)
        for key, value in (("title_1", title_1), ("title_2", title_2), ("text", text)):
            row[index[key]] = value or None
            row[index[f"{key}_length"]] = str(len(value)) if value else None
    row[index["link"]] = ad.link
    row[index["display_link"]] = ad.display_link or None
    if ad.sitelinks:
        row[index["sitelink_titles"]] = t.join_list([link.title for link in ad.sitelinks])
        row[index["sitelink_urls"]] = t.join_list([link.url for link in ad.sitelinks])
        if any(link.description for link in ad.sitelinks):
            row[index["sitelink_descriptions"]] = t.join_list([link.description for link in ad.sitelinks])
    row[index["callouts"]] = t.join_list(ad.callouts) or None


def text_image_fields(ad: ExportAd) -> tuple[str, str, str]:
    """Title 1, Title 2 and Text of a text-image ad; a combinatorial ad gives its first two titles and first text."""
    titles = [*ad.titles, "", ""]
    return titles[0], titles[1], ad.texts[0] if ad.texts else ""
