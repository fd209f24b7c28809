"""Keyword files: CSV/TSV, XLSX and TXT, including Wordstat and Key Collector exports.

Exports differ in delimiter (comma, semicolon, TAB), encoding (UTF-8, UTF-8 with BOM, cp1251, UTF-16 from old
Direct tools), header names (Russian or English) and the metadata lines some put above the header. The reader
finds the phrase column and the frequency columns by name, falls back to "first text column, first number column"
for files without a header, and stops at the first bad cell with an error naming its row and column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from semantic.errors import KeywordFileError
from semantic.types import Phrase

HEADER_SEARCH_ROWS = 15
# Rows looked at to decide whether the phrase column holds words at all; at least half of them must.
PHRASE_SAMPLE_ROWS = 200
LETTER = re.compile(r"[^\W\d_]")
PHRASE_NAMES = ("фраз", "запрос", "ключ", "слово", "keyword", "phrase", "query", "key", "term")
PHRASE_HEADERS = frozenset(
    {"фраза", "фразы", "ключевая фраза", "ключевые фразы", "ключевое слово", "ключевые слова", "запрос", "запросы"}
    | {"поисковый запрос", "keyword", "keywords", "phrase", "phrases", "query", "queries", "search term", "term"}
)
FREQUENCY_NAMES = ("частот", "показ", "число запросов", "количество", "frequency", "freq", "count", "shows", "volume")
EXACT_MARKERS = ('"!', "[!", "!", "точн", "exact")
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")


def read_keyword_file(source: str | Path | bytes, filename: str) -> list[Phrase]:
    """Phrases (with base and, where the file has one, exact frequency) from an uploaded or local file.

    `source` is the file's bytes or a path; `filename` decides the format (its extension) and names the file in
    errors. Raises KeywordFileError for anything it cannot read, and when the size or row limit is exceeded.
    """
    data = _read_bytes(source)
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    elif suffix in TEXT_EXTENSIONS:
        rows = _text_rows(_decode(data), plain_list=suffix == ".txt")
    else:
        raise KeywordFileError(
            gettext("Unsupported file type «%(suffix)s»: send CSV, XLSX or TXT.") % {"suffix": suffix or filename}
        )
    return _phrases_from_table(rows)


def _read_bytes(source: str | Path | bytes) -> bytes:
    limit = settings.KEYWORD_FILE_MAX_BYTES
    if isinstance(source, bytes):
        size = len(source)
    else:
        try:
            size = Path(source).stat().st_size
        except OSError as error:
            raise KeywordFileError(gettext("Cannot open the file: %(error)s") % {"error": error.strerror}) from None
    if size > limit:
        raise KeywordFileError(
            gettext("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 2**20, 1), "limit": round(limit / 2**20, 1)}
        )
    if size == 0:
        raise KeywordFileError(gettext("The file is empty."))
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1251: what Russian Excel and old Direct tools save."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise KeywordFileError(gettext("The file is not text: it looks like a binary file."))
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp1251")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
    raise KeywordFileError(
        gettext("The file is not in UTF-8 or Windows-1251: byte %(offset)d cannot be read. Save it as UTF-8 CSV.")
        % {"offset": failure.start + 1}
    )


def _text_rows(text: str, *, plain_list: bool) -> list[list[str]]:
    lines = text.splitlines()
    sample = "\n".join(lines[:50])
    delimiters = [d for d in ("\t", ";", ",") if d in sample]
    if plain_list and "\t" not in sample and ";" not in sample:
        return [[line] for line in lines]  # TXT: one phrase per line, commas are part of the phrase
    if not delimiters:
        return [[line] for line in lines]
    delimiter = max(delimiters, key=lambda d: (_consistent_columns(lines[:50], d), sample.count(d)))
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _consistent_columns(lines: list[str], delimiter: str) -> int:
    """How many sample lines split into the most common column count (>1): the likely delimiter scores highest."""
    counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
    common = max(set(counts), key=counts.count) if counts else 1
    return counts.count(common) if common > 1 else 0


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise KeywordFileError(
            gettext("Cannot read the XLSX file (%(error)s). Save it again from Excel as .xlsx.") % {"error": error}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        limit = settings.KEYWORD_FILE_MAX_ROWS + HEADER_SEARCH_ROWS
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > limit:
                break
        return rows
    finally:
        workbook.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_number(text: str) -> bool:
    return bool(NUMBER.match(text.replace("\u00a0", "").replace(" ", "")))


class _Columns:
    def __init__(self, phrase: int, frequency: int | None, exact: int | None, names: list[str]):
        self.phrase = phrase
        self.frequency = frequency
        self.exact = exact
        self.names = names

    def name(self, index: int) -> str:
        if index < len(self.names) and self.names[index]:
            return self.names[index]
        return _column_letter(index)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _header_columns(cells: list[str]) -> _Columns | None:
    """Column roles from a header row, or None when the row is not a header."""
    lowered = [cell.lower() for cell in cells]
    frequency_columns = [i for i, name in enumerate(lowered) if any(word in name for word in FREQUENCY_NAMES)]
    phrase_column = next(
        (
            i
            for i, name in enumerate(lowered)
            if i not in frequency_columns and any(word in name for word in PHRASE_NAMES)
        ),
        None,
    )
    if phrase_column is None:
        return None
    if not frequency_columns and lowered[phrase_column].strip() not in PHRASE_HEADERS:
        return None  # a title line such as «Запросы, содержащие "диван"», not a header
    marked = [i for i in frequency_columns if any(marker in lowered[i] for marker in EXACT_MARKERS)]
    # `"!"` (this word form) is the exact frequency; `"[!]"` (form and order) only when there is no `"!"`
    exact = sorted(marked, key=lambda i: "[!" in lowered[i])
    base = [i for i in frequency_columns if i not in marked and '"' not in lowered[i]]
    return _Columns(phrase_column, base[0] if base else None, exact[0] if exact else None, cells)


def _guessed_columns(rows: list[list[str]]) -> _Columns:
    """No header: the first column holding text is the phrase, the first all-numeric column after it the frequency."""
    sample = [row for row in rows[:50] if any(row)]
    width = max((len(row) for row in sample), default=1)
    numeric = [
        i for i in range(width) if sample and all(i < len(row) and (_is_number(row[i]) or not row[i]) for row in sample)
    ]
    phrase = next((i for i in range(width) if i not in numeric), 0)
    frequency = next((i for i in numeric if i > phrase), None)
    exact = next((i for i in numeric if frequency is not None and i > frequency), None)
    return _Columns(phrase, frequency, exact, [])


def _phrases_from_table(raw_rows: Iterable[list[object]]) -> list[Phrase]:
    rows = [[_cell(value) for value in row] for row in raw_rows]
    header_at, columns = None, None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _header_columns(row)
        if columns is not None:
            header_at = index
            break
    if columns is None:
        columns = _guessed_columns(rows)
    data_start = 0 if header_at is None else header_at + 1
    _require_words(rows[data_start:], columns)
    data_rows = len(rows) - data_start
    if data_rows > settings.KEYWORD_FILE_MAX_ROWS:
        raise KeywordFileError(
            gettext("The file has more than %(limit)d rows; split it into smaller files.")
            % {"limit": settings.KEYWORD_FILE_MAX_ROWS}
        )
    phrases = []
    for offset, row in enumerate(rows[data_start:]):
        row_number = data_start + offset + 1
        text = row[columns.phrase] if columns.phrase < len(row) else ""
        if not text:
            continue
        phrases.append(
            Phrase(
                text=text,
                frequency=_number(row, columns.frequency, row_number, columns) or 0,
                exact_frequency=_number(row, columns.exact, row_number, columns),
            )
        )
    if not phrases:
        raise KeywordFileError(gettext("No phrases found in the file."))
    return phrases


def _require_words(rows: list[list[str]], columns: _Columns) -> None:
    """Refuse a file whose phrase column holds no words (prices, ids, counts): it would make groups named «1»."""
    index = columns.phrase
    cells = [row[index] for row in rows[:PHRASE_SAMPLE_ROWS] if index < len(row) and row[index]]
    with_words = sum(1 for cell in cells if LETTER.search(cell))
    if cells and with_words * 2 < len(cells):
        raise KeywordFileError(
            gettext(
                "No column of phrases found: column «%(column)s» holds no words (for example «%(sample)s»). "
                "Put the search phrases in one column, one phrase per row, under a header such as «Фраза»."
            )
            % {"column": columns.name(columns.phrase), "sample": cells[0][:40]},
            column=columns.name(columns.phrase),
        )


def _number(row: list[str], index: int | None, row_number: int, columns: _Columns) -> int | None:
    if index is None or index >= len(row) or not row[index]:
        return None
    text = row[index].replace("\u00a0", "").replace(" ", "")
    if not _is_number(text):
        raise KeywordFileError(
            gettext("Row %(row)d, column «%(column)s»: «%(value)s» is not a number.")
            % {"row": row_number, "column": columns.name(index), "value": row[index][:40]},
            row=row_number,
            column=columns.name(index),
        )
    value = int(float(text.replace(",", ".")))
    if value < 0:
        raise KeywordFileError(
            gettext("Row %(row)d, column «%(column)s»: a frequency cannot be negative (%(value)d).")
            % {"row": row_number, "column": columns.name(index), "value": value},
            row=row_number,
            column=columns.name(index),
        )
    return value
