"""Hostile keyword files, generated here, read by the capped child process; its peak memory is measured.

The files are the ones that took the bot down (issue 15): a 2 KB XLSX declaring A1:XFD1048576, a table of huge
shared strings, a zip bomb, a 20 MB CSV. Each is refused (or read) with the child's peak resident memory under
PEAK_BOUND, and each refusal names the limit.
"""

import io
import json
import time
import zipfile

import pytest
from openpyxl import Workbook

from campaigns.keyword_files import keyword_file_limits, read_keyword_file_isolated, run_reader_child
from semantic.errors import KeywordFileError
from semantic.sources.files import KeywordFileLimits

MB = 2**20
# The child is Python, Django's i18n and openpyxl; measured 71-102 MB (these files took 0.7-7.5 GB in the bot).
PEAK_BOUND = 160 * MB


def small_xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_entries(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same XLSX with some zip entries replaced (the way a hostile file is made by hand)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, replace.get(entry.filename, source.read(entry.filename)))
        for name, content in replace.items():
            if name not in source.namelist():
                target.writestr(name, content)
    return out.getvalue()


def declared_giant_sheet() -> bytes:
    """About 2 KB: one real phrase, a dimension of A1:XFD1048576 and a cell in the sheet's last row and column."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Фраза</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>купить диван</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return rewrite_entries(small_xlsx([["x"]]), {"xl/worksheets/sheet1.xml": sheet})


def shared_strings(count: int, length: int, *, declare: bool) -> bytes:
    header = f' count="{count}" uniqueCount="{count}"' if declare else ""
    body = "".join(f"<si><t>{i:09d}{'я' * length}</t></si>" for i in range(count))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f"{header}>{body}</sst>"
    ).encode()


SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def with_table(data: bytes, table: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """The XLSX with `table` as its shared strings, declared in [Content_Types].xml so openpyxl loads it too."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").decode()
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
    types = types.replace("</Types>", f"{override}</Types>") if "sharedStrings" not in types else types
    return rewrite_entries(
        data, {"xl/sharedStrings.xml": table, "[Content_Types].xml": types.encode(), **(replace or {})}
    )


def with_shared_strings(table: bytes) -> bytes:
    """A sheet of inline strings with `table` beside it, undeclared: the reader's checks see it, openpyxl does not."""
    return rewrite_entries(small_xlsx([["Фраза"], ["купить диван"]]), {"xl/sharedStrings.xml": table})


def zip_bomb() -> bytes:
    """A valid XLSX plus a 200 MB entry of zeros that packs to about 200 KB."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(small_xlsx([["Фраза"], ["диван"]])))
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, source.read(entry.filename))
        with target.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
            chunk = b"\0" * MB
            for _ in range(200):
                padding.write(chunk)
    return out.getvalue()


def big_csv(megabytes: int) -> bytes:
    line = "купить угловой диван недорого в москве с доставкой;1200\n".encode()
    return "Фраза;Частота\n".encode() + line * (megabytes * MB // len(line))


def peak_of(answer: dict, name: str) -> int:
    peak = answer["peak_rss_bytes"]
    print(f"{name}: child peak {peak / MB:.0f} MB")
    assert 0 < peak < PEAK_BOUND, f"peak {peak / MB:.0f} MB"
    return peak


def test_a_2_kb_xlsx_declaring_the_whole_sheet_is_read_as_the_rows_it_holds():
    data = declared_giant_sheet()
    assert len(data) < 8 * 1024

    answer = run_reader_child(data, "giant.xlsx", KeywordFileLimits(max_rows=1000))

    peak_of(answer, "declared A1:XFD1048576")
    # The phrase is read; the million empty rows are not walked: the row cap stops the reading, and says so.
    assert answer["error"] == "В файле больше 1000 строк; разбейте его на несколько файлов."


def test_a_declared_giant_sheet_with_few_rows_is_accepted(settings):
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Фраза</t></is></c><c r="XFD1"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>купить диван</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    data = rewrite_entries(small_xlsx([["x"]]), {"xl/worksheets/sheet1.xml": sheet})

    result = read_keyword_file_isolated(data, "giant.xlsx")

    assert [phrase.text for phrase in result.phrases] == ["купить диван"]
    assert result.peak_rss_bytes < PEAK_BOUND


def test_a_table_of_huge_shared_strings_is_refused_before_openpyxl_loads_it():
    data = with_shared_strings(shared_strings(2000, 20_000, declare=False))  # 76 MB unpacked
    assert len(data) < 2 * MB

    answer = run_reader_child(data, "strings.xlsx", keyword_file_limits())

    peak_of(answer, "huge shared strings")
    assert answer["error"] == "Таблица текстов XLSX-файла занимает 76.3 МБ; допустимо не больше 32.0 МБ."


def test_a_table_of_too_many_shared_strings_is_refused_by_its_declared_count():
    data = with_shared_strings(shared_strings(600_000, 0, declare=True))

    answer = run_reader_child(data, "strings.xlsx", keyword_file_limits())

    peak_of(answer, "600k shared strings")
    assert "500000" in answer["error"]


def test_the_largest_shared_string_table_allowed_stays_under_the_bound():
    data = with_shared_strings(shared_strings(300_000, 40, declare=False))  # about 31 MB unpacked, no count

    answer = run_reader_child(data, "strings.xlsx", keyword_file_limits())

    peak_of(answer, "31 MB shared strings")
    assert answer["phrases"] == [["купить диван", 0, None]], answer


def test_a_zip_bomb_is_refused_from_the_zip_directory():
    data = zip_bomb()
    assert len(data) < 2 * MB

    answer = run_reader_child(data, "bomb.xlsx", keyword_file_limits())

    peak_of(answer, "zip bomb")
    assert answer["error"] == "XLSX-файл в распакованном виде занимает 200.0 МБ; допустимо не больше 100.0 МБ."


def test_a_20_mb_csv_is_refused_by_size_before_any_process_starts():
    with pytest.raises(KeywordFileError, match=r"допустимо не больше 10\.0 МБ"):
        read_keyword_file_isolated(big_csv(20), "big.csv")


def test_a_20_mb_csv_under_a_raised_size_limit_stops_reading_at_the_row_cap():
    limits = KeywordFileLimits(max_bytes=25 * MB, max_rows=100_000)

    answer = run_reader_child(big_csv(20), "big.csv", limits)

    peak_of(answer, "20 MB CSV")
    assert answer["error"] == "В файле больше 100000 строк; разбейте его на несколько файлов."


def test_the_memory_cap_turns_an_unforeseen_blow_up_into_a_refusal(settings):
    settings.KEYWORD_FILE_PARSE_MEMORY_MB = 160
    # The reader's own checks are opened wide, so only the child's address-space cap stands in the way.
    limits = KeywordFileLimits(max_unpacked_bytes=10**12, max_shared_strings_bytes=10**12)

    with pytest.raises(KeywordFileError, match="160 МБ"):
        read_keyword_file_isolated(with_shared_strings(shared_strings(2000, 20_000, declare=False)), "s.xlsx", limits)


def test_a_good_file_gives_its_phrases_and_frequencies():
    result = read_keyword_file_isolated(
        small_xlsx([["Фраза", "Частота"], ["купить диван", 1200], ["диван угловой", 300]]), "k.xlsx"
    )

    assert [(p.text, p.frequency) for p in result.phrases] == [("купить диван", 1200), ("диван угловой", 300)]


# The files of the issue-19 probe: each amplified (into the draft's JSON and the bot's memory), cost CPU, or was
# refused for a false reason. Each is now refused with the limit it breaks.


def repeated_phrase_xlsx(rows: int, length: int) -> bytes:
    """`rows` rows that all point at one shared string of `length` characters: a small file, a huge phrase list."""
    sheet_rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, rows + 2))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>{sheet_rows}</sheetData></worksheet>'
    ).encode()
    table = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>Фраза</t></si><si><t>{'диван ' * (length // 6)}</t></si></sst>"
    ).encode()
    return with_table(small_xlsx([["x"]]), table, {"xl/worksheets/sheet1.xml": sheet})


def test_the_probes_phrases_of_30000_characters_are_refused_by_directs_phrase_limit():
    data = repeated_phrase_xlsx(3002, 30_000)
    assert len(data) < 100 * 1024

    answer = run_reader_child(data, "long.xlsx", keyword_file_limits())

    peak_of(answer, "3,002 phrases of 30,000 characters")
    assert answer["error"] == (
        "Строка 2, столбец A: в одной ячейке 29999 символов, а Яндекс Директ принимает фразы не больше 4096 символов."
    )


def test_phrases_within_directs_limit_that_add_up_to_too_much_text_are_refused():
    data = repeated_phrase_xlsx(1500, 4000)  # 6 M characters of phrases from about 20 KB

    answer = run_reader_child(data, "many.xlsx", keyword_file_limits())

    peak_of(answer, "1,500 phrases of 4,000 characters")
    assert answer["error"] == "Во фразах файла в сумме больше 5000000 символов; разбейте его на несколько файлов."


def test_cells_beside_the_phrases_that_add_up_to_too_much_text_are_refused_as_the_rows_are_read():
    wide = [["Фраза", *(f"c{column}" for column in range(40))]]
    wide += [["диван", *(f"{row}-{'x' * 1000}" for _ in range(40))] for row in range(1000)]  # 40 M characters

    answer = run_reader_child(small_xlsx(wide), "wide.xlsx", keyword_file_limits())

    peak_of(answer, "1,000 rows of 40 cells of 1,000 characters")
    assert answer["error"] == "В файле больше 32000000 символов текста; разбейте его на несколько файлов."


def test_a_9_mb_single_line_csv_is_not_one_phrase_of_9_million_characters():
    data = "Фраза\n".encode() + "диван ".encode() * (9 * MB // 11)

    with pytest.raises(KeywordFileError, match=r"в одной ячейке \d{7} символов.* не больше 4096 символов") as refusal:
        read_keyword_file_isolated(data, "line.csv")
    assert refusal.value.row == 2


def test_shared_strings_are_counted_when_the_file_declares_no_count():
    """1.6 M tiny strings without `uniqueCount`: 27 MB, under the table's size cap; counted, not loaded."""
    table = b'<?xml version="1.0"?><sst xmlns="x">' + b"<si><t>a</t></si>" * 1_600_000 + b"</sst>"
    data = with_table(small_xlsx([["Фраза"], ["купить диван"]]), table)

    started = time.monotonic()
    answer = run_reader_child(data, "strings.xlsx", keyword_file_limits())

    peak_of(answer, "1.6 M undeclared shared strings")
    assert answer["error"] == "В XLSX-файле 1600000 разных текстов; допустимо не больше 500000."
    assert time.monotonic() - started < 15


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
).encode()
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&secret;</t></si></sst>'
)


@pytest.mark.parametrize(
    "table", [BILLION_LAUGHS, EXTERNAL_ENTITY, b"<sst><si><t>unclosed"], ids=["laughs", "xxe", "broken"]
)
def test_xml_that_expat_refuses_is_reported_as_not_a_valid_xlsx(table):
    answer = run_reader_child(with_table(small_xlsx([["x"]]), table), "xml.xlsx", keyword_file_limits())

    peak_of(answer, "bad XML")
    assert answer["error"].startswith("Файл не является корректным XLSX"), answer["error"]
    assert "root:" not in json.dumps(answer, ensure_ascii=False)  # nothing of /etc/passwd came back


def test_a_file_mixing_utf8_and_cp1251_is_refused_naming_the_line():
    utf8_then_cp1251 = "Фраза;Частота\nкупить диван;10\n".encode() + "диван кровать;5\n".encode("cp1251")
    cp1251_then_utf8 = "Фраза;Частота\n".encode("cp1251") + "купить диван;10\n".encode()

    for data, line in ((utf8_then_cp1251, 3), (cp1251_then_utf8, 2)):
        answer = run_reader_child(data, "mixed.csv", keyword_file_limits())
        assert answer["error"].startswith(f"В файле смешаны кодировки: строка {line} "), answer["error"]
        assert answer["row"] == line


def test_a_whole_cp1251_file_is_still_read():
    data = "Фраза;Частота\nкупить диван;10\nдиван-кровать ёлка;5\n".encode("cp1251")

    result = read_keyword_file_isolated(data, "cp1251.csv")

    assert [phrase.text for phrase in result.phrases] == ["купить диван", "диван-кровать ёлка"]
