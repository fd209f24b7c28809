"""The Direct XLSX: the «Тексты» sheet Direct's web interface uploads, plus a summary and the removed phrases.

Every «Тексты» cell is a text cell with the text number format: openpyxl would otherwise store a value starting
with `=` as a formula, and Excel would turn `-бесплатно` or `---autotargeting` into one when the user edits it.
Only filled cells are created; openpyxl's ordinary workbook measured faster here than its write-only mode, whose
per-cell objects cost more than they save at this size (see bench/bench_export.py).
"""

from __future__ import annotations

from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from campaigns.export import template as t
from campaigns.export.data import ExportCampaign
from campaigns.export.limits import check_export_limits
from campaigns.export.rows import data_rows, header_rows
from campaigns.export.summary import Cell, column_widths, removed_rows, removed_title, summary_rows, summary_title

TEXT_FORMAT = "@"
BOLD = Font(bold=True)


def write_direct_xlsx(data: ExportCampaign, path_or_file: str | IO[bytes], *, ad_format: str = "combinatorial") -> None:
    check_export_limits(data, ad_format=ad_format)
    workbook = Workbook()
    texts = workbook.active
    texts.title = t.SHEET_TITLE
    header = header_rows(data, ad_format)
    rows = list(data_rows(data, ad_format))
    _write_texts(texts, [*header, *rows])
    for row in (t.HEADER_ROW, t.SUBHEADER_ROW):
        for cell in texts[row]:
            cell.font = BOLD
    for _title, first, last in t.header_spans():
        if last > first:
            texts.merge_cells(start_row=t.HEADER_ROW, start_column=first + 1, end_row=t.HEADER_ROW, end_column=last + 1)
    texts.freeze_panes = f"A{t.FIRST_DATA_ROW}"
    _set_widths(texts, column_widths(header[t.HEADER_ROW - 1 :] + rows))

    for title, sheet_rows in ((summary_title(), summary_rows(data, ad_format)), (removed_title(), removed_rows(data))):
        sheet = workbook.create_sheet(title)
        _write_plain(sheet, sheet_rows)
        _set_widths(sheet, column_widths(sheet_rows))
    workbook.save(path_or_file)


def _write_texts(sheet: Worksheet, rows: list[list[str | None]]) -> None:
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row_number, column, value)
                cell.data_type = "s"
                cell.number_format = TEXT_FORMAT


def _write_plain(sheet: Worksheet, rows: list[list[Cell]]) -> None:
    """Numbers stay numbers for the user to sort and sum; strings are never read as formulas."""
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row_number, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"


def _set_widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
