"""Google Sheets export: one spreadsheet per campaign, laid out like the Direct XLSX.

A user can edit the «Тексты» sheet in Google Sheets and download it as XLSX to upload to Direct, so it keeps the
same cells: the campaign block, the two-row header and data from row 12. The whole spreadsheet is built in a few
calls (create, one formatting batch, value batches of at most `VALUES_PER_REQUEST` cells, one share) because Sheets
counts requests per minute. Values go in RAW, so `-бесплатно` stays text, and the sheet's cells use the text format
so what the user types later stays text too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import gspread
import requests
from django.conf import settings
from gspread.exceptions import APIError

from campaigns.export import template as t
from campaigns.export.data import ExportCampaign
from campaigns.export.google_client import google_client
from campaigns.export.limits import check_export_limits
from campaigns.export.rows import data_rows, header_rows
from campaigns.export.summary import Cell, column_widths, removed_rows, removed_title, summary_rows, summary_title

logger = logging.getLogger(__name__)

PIXELS_PER_CHARACTER = 7
VALUES_PER_REQUEST = 50_000


@dataclass
class SheetContent:
    sheet_id: int
    title: str
    rows: list[list[Cell]]
    widths: list[int]
    frozen_rows: int = 0
    bold_rows: tuple[int, ...] = ()
    text_format: bool = False
    merged_header_spans: list[tuple[int, int]] = field(default_factory=list)  # 0-based first/last columns, row 10

    @property
    def column_count(self) -> int:
        return max([len(self.widths), *(len(row) for row in self.rows), 1])


def export_to_google_sheets(
    data: ExportCampaign, *, share_with: str | None = None, ad_format: str = "combinatorial"
) -> str:
    """Creates the spreadsheet, shares it with `share_with` as a writer, and returns its URL."""
    check_export_limits(data, ad_format=ad_format)
    client = google_client()
    spreadsheet = client.create(t.single_line(data.name))
    try:
        sheets = sheet_contents(data, ad_format, first_sheet_id=spreadsheet.sheet1.id)
        spreadsheet.batch_update({"requests": layout_requests(sheets)})
        for body in value_requests(sheets):
            spreadsheet.values_batch_update(body)
        if share_with:
            spreadsheet.share(share_with, perm_type="user", role="writer", notify=settings.GOOGLE_SHARE_NOTIFY)
    except Exception:
        _delete_half_built(client, spreadsheet.id)
        raise
    return spreadsheet.url


def _delete_half_built(client: gspread.Client, spreadsheet_id: str) -> None:
    """A retried export creates a new spreadsheet, so a broken one would only clutter the service account's Drive."""
    try:
        client.del_spreadsheet(spreadsheet_id)
    except (APIError, requests.RequestException):
        logger.warning("Could not delete the half-built spreadsheet %s", spreadsheet_id, exc_info=True)


def sheet_contents(data: ExportCampaign, ad_format: str, *, first_sheet_id: int) -> list[SheetContent]:
    header = header_rows(data, ad_format)
    rows = list(data_rows(data, ad_format))
    summary, removed = summary_rows(data, ad_format), removed_rows(data)
    return [
        SheetContent(
            first_sheet_id,
            t.SHEET_TITLE,
            [*header, *rows],
            column_widths(header[t.HEADER_ROW - 1 :] + rows),
            frozen_rows=t.SUBHEADER_ROW,
            bold_rows=(t.HEADER_ROW, t.SUBHEADER_ROW),
            text_format=True,
            merged_header_spans=[(first, last) for _title, first, last in t.header_spans() if last > first],
        ),
        SheetContent(first_sheet_id + 1, summary_title(), summary, column_widths(summary)),
        SheetContent(
            first_sheet_id + 2, removed_title(), removed, column_widths(removed), frozen_rows=1, bold_rows=(1,)
        ),
    ]


def layout_requests(sheets: list[SheetContent]) -> list[dict]:
    """One `spreadsheets:batchUpdate`: names, grid sizes (a new sheet is only 26 columns wide), frozen rows,
    text format, bold header rows, the merged «Длина»/«Комбинаторика» titles and column widths."""
    requests: list[dict] = []
    for index, sheet in enumerate(sheets):
        properties = {
            "sheetId": sheet.sheet_id,
            "title": sheet.title,
            "index": index,
            "gridProperties": {
                "rowCount": max(len(sheet.rows), 1),
                "columnCount": sheet.column_count,
                "frozenRowCount": sheet.frozen_rows,
            },
        }
        if index == 0:
            fields = "title,index,gridProperties.rowCount,gridProperties.columnCount,gridProperties.frozenRowCount"
            requests.append({"updateSheetProperties": {"properties": properties, "fields": fields}})
        else:
            requests.append({"addSheet": {"properties": properties}})
    for sheet in sheets:
        if sheet.text_format:
            requests.append(
                {
                    "repeatCell": {
                        "range": {"sheetId": sheet.sheet_id},
                        "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            )
        for row in sheet.bold_rows:
            requests.append(
                {
                    "repeatCell": {
                        "range": {"sheetId": sheet.sheet_id, "startRowIndex": row - 1, "endRowIndex": row},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold",
                    }
                }
            )
        for first, last in sheet.merged_header_spans:
            span = {"startRowIndex": t.HEADER_ROW - 1, "endRowIndex": t.HEADER_ROW}
            span |= {"startColumnIndex": first, "endColumnIndex": last + 1}
            requests.append({"mergeCells": {"range": {"sheetId": sheet.sheet_id, **span}, "mergeType": "MERGE_ALL"}})
        requests += _width_requests(sheet)
    return requests


def _width_requests(sheet: SheetContent) -> list[dict]:
    """Runs of columns with the same width share one request."""
    requests = []
    start = 0
    for index in range(1, len(sheet.widths) + 1):
        if index == len(sheet.widths) or sheet.widths[index] != sheet.widths[start]:
            requests.append(
                {
                    "updateDimensionProperties": {
                        "range": {
                            "sheetId": sheet.sheet_id,
                            "dimension": "COLUMNS",
                            "startIndex": start,
                            "endIndex": index,
                        },
                        "properties": {"pixelSize": sheet.widths[start] * PIXELS_PER_CHARACTER},
                        "fields": "pixelSize",
                    }
                }
            )
            start = index
    return requests


def value_requests(sheets: list[SheetContent], limit: int = VALUES_PER_REQUEST) -> Iterator[dict]:
    """`values:batchUpdate` bodies holding at most `limit` cells each (or one row, if a row is longer)."""
    data: list[dict] = []
    cells = 0
    for sheet in sheets:
        for start, chunk in _chunks(sheet.rows, limit):
            chunk_cells = sum(len(row) for row in chunk)
            if data and cells + chunk_cells > limit:
                yield {"valueInputOption": "RAW", "data": data}
                data, cells = [], 0
            data.append({"range": f"{_quoted(sheet.title)}!A{start}", "majorDimension": "ROWS", "values": chunk})
            cells += chunk_cells
    if data:
        yield {"valueInputOption": "RAW", "data": data}


def _chunks(rows: list[list[Cell]], limit: int) -> Iterator[tuple[int, list[list[str | int]]]]:
    """Rows without trailing empty cells, in runs small enough for one request; empty cells are `""`."""
    trimmed = []
    for row in rows:
        end = len(row)
        while end and row[end - 1] in (None, ""):
            end -= 1
        trimmed.append(["" if value is None else value for value in row[:end]])
    chunk: list[list[str | int]] = []
    start, cells = 1, 0
    for number, row in enumerate(trimmed, start=1):
        if chunk and cells + len(row) > limit:
            yield start, chunk
            chunk, start, cells = [], number, 0
        chunk.append(row)
        cells += len(row)
    if chunk:
        yield start, chunk


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
