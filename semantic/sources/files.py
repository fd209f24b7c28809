"""Keyword files: CSV/TSV, XLSX and TXT, including Wordstat and Key Collector exports.

Exports differ in delimiter (comma, semicolon, TAB), encoding (UTF-8, UTF-8 with BOM, cp1251, UTF-16 from old
Direct tools), header names (Russian or English) and the metadata lines some put above the header. The reader
finds the phrase column and the frequency columns by name, falls back to "first text column, first number column"
for files without a header, and stops at the first bad cell with an error naming its row and column.

Files come from strangers, so nothing in them is trusted: the size is checked before reading, an XLSX's zip
entries are checked for their unpacked sizes (zip bombs) and its shared strings counted before openpyxl loads them
(whatever count the file declares), the sheet's declared `<dimension>` is ignored (a 2 KB file may declare
A1:XFD1048576), and rows are read as a stream that stops at the row and column caps. A cell longer than Direct takes
a phrase and more text than `max_text_chars` are refused as the rows are read, and phrases adding up to more than
`max_keyword_chars` once the phrase column is known: a small file cannot become a huge list of phrases (an XLSX
repeats one shared string in every row for free). A text file mixing UTF-8 and Windows-1251 lines is refused with
the first line that differs, rather than read as mojibake. Every refusal names the limit.
`campaigns.keyword_files` runs this reader in a child process with a memory cap, so even a file that slips
past these checks cannot take down the bot.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext

from core.direct_limits import KEYWORD_LENGTH_MAX
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
SHARED_STRINGS = "xl/sharedStrings.xml"
# What openpyxl raises on a file that is a zip but not a well-formed workbook: broken XML or entity tricks (XXE,
# billion laughs) that expat stops, a cell pointing past the string table, a value of the wrong kind.
MALFORMED_XLSX = (ParseError, IndexError, KeyError, TypeError, ValueError, AttributeError)
SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")  # one per string in the table, whatever the file declares
MB = 2**20


@dataclass(frozen=True)
class KeywordFileLimits:
    """What a keyword file may hold. The defaults fit the largest real exports (Key Collector, Wordstat) with room;
    the caller builds this from settings (KEYWORD_FILE_MAX_BYTES, KEYWORD_FILE_MAX_ROWS)."""

    max_bytes: int = 10 * MB
    max_rows: int = 100_000
    # Exports hold a phrase and a few frequency columns; cells right of this are never read.
    max_columns: int = 50
    # The sum of an XLSX's unpacked zip entries: text compresses about 10:1, a zip bomb 1000:1.
    max_unpacked_bytes: int = 100 * MB
    # openpyxl keeps every shared string in memory before the first row is read.
    max_shared_strings_bytes: int = 32 * MB
    max_shared_strings: int = 500_000
    # All cells together, counted as the rows are read: the child's own memory (an XLSX repeats one shared string
    # in every cell for free). 100,000 rows of a wide Key Collector export take about 15 M.
    max_text_chars: int = 32_000_000
    # All phrases together: what the bot and the draft hold of a file. 100,000 real phrases take 3-4 M.
    max_keyword_chars: int = 5_000_000
    # Direct's limit for a phrase with its negatives: no real export holds a longer cell.
    max_phrase_chars: int = KEYWORD_LENGTH_MAX


def read_keyword_file(
    source: str | Path | bytes, filename: str, limits: KeywordFileLimits | None = None
) -> list[Phrase]:
    """Phrases (with base and, where the file has one, exact frequency) from an uploaded or local file.

    `source` is the file's bytes or a path; `filename` decides the format (its extension) and names the file in
    errors. Raises KeywordFileError for anything it cannot read, and when a size, row or column limit is exceeded.
    """
    limits = limits or KeywordFileLimits()
    data = _read_bytes(source, limits)
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx" or data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data, limits)
    elif suffix in TEXT_EXTENSIONS:
        rows = _text_rows(data, plain_list=suffix == ".txt")
    else:
        raise KeywordFileError(
            gettext("Unsupported file type «%(suffix)s»: send CSV, XLSX or TXT.") % {"suffix": suffix or filename}
        )
    return _phrases_from_table(rows, limits)


def _read_bytes(source: str | Path | bytes, limits: KeywordFileLimits) -> bytes:
    limit = limits.max_bytes
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
            % {"size": round(size / MB, 1), "limit": round(limit / MB, 1)}
        )
    if size == 0:
        raise KeywordFileError(gettext("The file is empty."))
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1251: what Russian Excel and old Direct tools save.

    UTF-8 is checked by an incremental decoder over slices whose output is dropped, so choosing the encoding never
    holds a decoded copy of the whole file. A file that is not UTF-8 throughout is looked at line by line before it
    is taken for cp1251: one that has UTF-8 lines too (two exports pasted together) is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in data:
        raise KeywordFileError(gettext("The file is not text: it looks like a binary file."))
    view = memoryview(data)
    for encoding in ("utf-8-sig", "cp1251"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(view), MB):
                decoder.decode(view[start : start + MB])
            decoder.decode(b"", final=True)
            if encoding == "cp1251":
                _refuse_mixed_encodings(data)
            return encoding
        except UnicodeDecodeError as error:
            failure = start + error.start
    raise KeywordFileError(
        gettext("The file is not in UTF-8 or Windows-1251: byte %(offset)d cannot be read. Save it as UTF-8 CSV.")
        % {"offset": failure + 1}
    )


def _refuse_mixed_encodings(data: bytes) -> None:
    """Each line with letters beyond ASCII is UTF-8 if it decodes as such (cp1251 Russian text practically never
    does: its letters are bytes a UTF-8 sequence cannot continue with), else cp1251; both kinds is a mixed file."""
    first: dict[str, int] = {}
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            kind = "UTF-8"
        except UnicodeDecodeError:
            kind = "Windows-1251"
        first.setdefault(kind, number)
        if len(first) == 2:
            raise KeywordFileError(
                gettext(
                    "The file mixes encodings: line %(line)d is in %(encoding)s, line %(first)d in %(other)s. "
                    "Save the whole file again in one encoding (UTF-8 CSV)."
                )
                % {
                    "line": number,
                    "encoding": kind,
                    "first": next(iter(first.values())),
                    "other": next(iter(first)),
                },
                row=number,
            )


def _text_rows(data: bytes, *, plain_list: bool) -> Iterator[list[str]]:
    """Rows read one at a time from the bytes: the caller stops at the row cap, so the rest is never decoded."""
    encoding = _encoding(data)
    sample_text = io.TextIOWrapper(io.BytesIO(data[: 64 * 1024]), encoding=encoding, errors="ignore", newline="")
    lines = sample_text.read().splitlines()[:50]
    sample = "\n".join(lines)
    delimiters = [d for d in ("\t", ";", ",") if d in sample]
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    if not delimiters or (plain_list and "\t" not in sample and ";" not in sample):
        # TXT: one phrase per line, commas are part of the phrase
        return ([line.rstrip("\r\n")] for line in stream)
    delimiter = max(delimiters, key=lambda d: (_consistent_columns(lines, d), sample.count(d)))
    return _csv_rows(stream, delimiter)


def _csv_rows(stream: io.TextIOBase, delimiter: str) -> Iterator[list[str]]:
    try:
        yield from csv.reader(stream, delimiter=delimiter)
    except csv.Error as error:
        raise KeywordFileError(
            gettext("Cannot read the file as CSV (%(error)s). Save it again as CSV, one phrase per row.")
            % {"error": error}
        ) from None


def _consistent_columns(lines: list[str], delimiter: str) -> int:
    """How many sample lines split into the most common column count (>1): the likely delimiter scores highest."""
    counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
    common = max(set(counts), key=counts.count) if counts else 1
    return counts.count(common) if common > 1 else 0


def _check_zip(data: bytes, limits: KeywordFileLimits) -> None:
    """Refuse a zip bomb and an oversized string table from the zip's directory, before anything is unpacked.

    Python's zipfile never unpacks more than an entry's declared size, so the declared sizes are a safe bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            if unpacked > limits.max_unpacked_bytes:
                raise KeywordFileError(
                    gettext("The XLSX file unpacks to %(size)s MB; the limit is %(limit)s MB.")
                    % {"size": round(unpacked / MB, 1), "limit": round(limits.max_unpacked_bytes / MB, 1)}
                )
            strings = next((entry for entry in entries if entry.filename == SHARED_STRINGS), None)
            if strings is None:
                return
            if strings.file_size > limits.max_shared_strings_bytes:
                raise KeywordFileError(
                    gettext("The XLSX file's text table is %(size)s MB; the limit is %(limit)s MB.")
                    % {
                        "size": round(strings.file_size / MB, 1),
                        "limit": round(limits.max_shared_strings_bytes / MB, 1),
                    }
                )
            count = _count_shared_strings(archive, strings)
    except zipfile.BadZipFile as error:
        raise KeywordFileError(
            gettext("Cannot read the XLSX file (%(error)s). Save it again from Excel as .xlsx.") % {"error": error}
        ) from None
    if count > limits.max_shared_strings:
        raise KeywordFileError(
            gettext("The XLSX file holds %(count)d different texts; the limit is %(limit)d.")
            % {"count": count, "limit": limits.max_shared_strings}
        )


def _count_shared_strings(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """The strings in the table, counted from its bytes a MiB at a time (the declared `uniqueCount` may be absent
    or false); the size check before this bounds the work to `max_shared_strings_bytes`."""
    count, tail = 0, b""
    with archive.open(entry) as stream:
        while chunk := stream.read(MB):
            window = tail + chunk
            keep = max(len(window) - 16, 0)  # a tag starting in the last bytes may be cut: it is counted next time
            count += sum(1 for match in SHARED_STRING.finditer(window) if match.start() < keep)
            tail = window[keep:]
    return count + len(SHARED_STRING.findall(tail))


def _xlsx_rows(data: bytes, limits: KeywordFileLimits) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    _check_zip(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise KeywordFileError(
            gettext("Cannot read the XLSX file (%(error)s). Save it again from Excel as .xlsx.") % {"error": error}
        ) from None
    except MALFORMED_XLSX as error:
        raise _not_valid_xlsx(error) from None
    try:
        sheet = workbook.worksheets[0]
        # The declared <dimension> is the file's word, not a fact: with it openpyxl pads every row to its width
        # and yields empty rows up to its height. Without it, rows are what the sheet holds, cut at max_columns.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(max_col=limits.max_columns, values_only=True):
            yield list(row)
    except MALFORMED_XLSX as error:
        raise _not_valid_xlsx(error) from None
    finally:
        workbook.close()


def _not_valid_xlsx(error: Exception) -> KeywordFileError:
    reason = str(error) if isinstance(error, ParseError) else type(error).__name__
    return KeywordFileError(
        gettext("The file is not a valid XLSX (%(error)s). Save it again from Excel as .xlsx.") % {"error": reason}
    )


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


def _phrases_from_table(raw_rows: Iterable[list[object]], limits: KeywordFileLimits) -> list[Phrase]:
    # One row past the cap (and the header search) is read to know the cap is exceeded; the rest never is.
    capped = itertools.islice(raw_rows, limits.max_rows + HEADER_SEARCH_ROWS + 1)
    rows = _bounded_rows(capped, limits)
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
    if data_rows > limits.max_rows:
        raise KeywordFileError(
            gettext("The file has more than %(limit)d rows; split it into smaller files.") % {"limit": limits.max_rows}
        )
    phrases = []
    keyword_chars = 0
    for offset, row in enumerate(rows[data_start:]):
        row_number = data_start + offset + 1
        text = row[columns.phrase] if columns.phrase < len(row) else ""
        if not text:
            continue
        keyword_chars += len(text)
        if keyword_chars > limits.max_keyword_chars:
            raise KeywordFileError(
                gettext("The file's phrases hold more than %(limit)d characters in all; split it into smaller files.")
                % {"limit": limits.max_keyword_chars},
                row=row_number,
            )
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


def _bounded_rows(raw_rows: Iterable[list[object]], limits: KeywordFileLimits) -> list[list[str]]:
    """The rows as text, refused as soon as a cell is longer than Direct takes a phrase, or all cells together
    exceed `max_text_chars`: checked cell by cell as the text is made, because an XLSX repeats one shared string
    in every row for free, so a file of kilobytes would otherwise become gigabytes of text here and in the bot."""
    rows, total_chars = [], 0
    for index, raw in enumerate(raw_rows):
        row = [_cell(value) for value in raw[: limits.max_columns]]
        for column, text in enumerate(row):
            if len(text) > limits.max_phrase_chars:
                raise KeywordFileError(
                    gettext(
                        "Row %(row)d, column %(column)s: %(length)d characters in one cell; Yandex Direct takes at "
                        "most %(limit)d characters in a phrase."
                    )
                    % {
                        "row": index + 1,
                        "column": _column_letter(column),
                        "length": len(text),
                        "limit": limits.max_phrase_chars,
                    },
                    row=index + 1,
                    column=_column_letter(column),
                )
            total_chars += len(text)
        if total_chars > limits.max_text_chars:
            raise KeywordFileError(
                gettext("The file holds more than %(limit)d characters of text; split it into smaller files.")
                % {"limit": limits.max_text_chars},
                row=index + 1,
            )
        rows.append(row)
    return rows


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
