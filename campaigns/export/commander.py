"""The Direct Commander file: UTF-8, TAB-separated, the field names on the first line, the rows of the XLSX.

Commander finds columns by their Russian titles and lets columns be left out (reference, section 3.1). A single
header line cannot tell the text-image «Заголовок 1» from the combinatorial one (the last duplicate wins, which
silently turned text-image rows combinatorial for other tools), so the file holds only the chosen format's columns,
titled uniquely, and no informational length columns. The campaign's type, name and currency open every row;
the campaign negatives, which can be 20,000 characters, only the first.

Fields are joined by TAB as they are, never CSV-quoted: a phrase like `"диван кровать" -детский` must reach
Commander with its quote operator intact, and the limit check has already refused tabs and line breaks in values.
A field a spreadsheet would run as a formula (`=…`, `@…`, `+7…`) is neutralised (core.spreadsheet_safety); the
phrase and negatives columns keep Direct's own `+` and `-` operators.
"""

from __future__ import annotations

from typing import IO

from campaigns.export import template as t
from campaigns.export.data import ExportCampaign
from campaigns.export.limits import check_export_limits
from campaigns.export.rows import campaign_type, data_rows
from core.spreadsheet_safety import neutralise_formula

CAMPAIGN_COLUMNS = ("Тип кампании", "Название кампании", "Валюта", "Минус-фразы на кампанию")
# Columns in Direct's own syntax, where a leading `+` or `-` is an operator, not a formula: the phrase (`+на`,
# ` -word`), the group's negatives (`-a -b`) and «Доп. объявление группы» (`+`/`-` marks an extra ad).
OPERATOR_KEYS = frozenset({"phrase", "group_negatives", "mark"})


def commander_columns(ad_format: str) -> list[tuple[str, int]]:
    """(field name, index into a «Тексты» row) for every column the file carries."""
    skipped = t.TEXT_IMAGE_KEYS if ad_format == "combinatorial" else t.COMBINATORIAL_KEYS
    columns = []
    for index, column in enumerate(t.COLUMNS):
        if column.key in skipped or column.key.endswith("_length"):
            continue
        columns.append((column.subtitle or column.title, index))
    return columns


def write_commander_tsv(
    data: ExportCampaign, path_or_file: str | IO[bytes], *, ad_format: str = "combinatorial"
) -> None:
    check_export_limits(data, ad_format=ad_format)
    columns = commander_columns(ad_format)
    lines = [[*CAMPAIGN_COLUMNS, *(name for name, _index in columns)]]
    campaign = [campaign_type(ad_format), neutralise_formula(t.single_line(data.name)), data.currency]
    negatives = t.format_negatives(data.negative_keywords)
    operators = [t.COLUMNS[index].key in OPERATOR_KEYS for _name, index in columns]
    for number, row in enumerate(data_rows(data, ad_format)):
        cells = [
            neutralise_formula(_text(row[index]), operators=allowed)
            for (_name, index), allowed in zip(columns, operators, strict=True)
        ]
        lines.append([*campaign, negatives if number == 0 else "", *cells])
    content = "".join("\t".join(line) + "\r\n" for line in lines).encode("utf-8")
    if isinstance(path_or_file, str):
        with open(path_or_file, "wb") as file:
            file.write(content)
    else:
        path_or_file.write(content)


def _text(value: object) -> str:
    return "" if value is None else str(value)
