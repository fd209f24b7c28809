import io

import pytest
from openpyxl import Workbook

from semantic.errors import KeywordFileError
from semantic.sources.files import KeywordFileLimits, read_keyword_file
from semantic.types import Phrase


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_reads_csv_with_any_common_delimiter(delimiter):
    data = f"Фраза{delimiter}Частота\nкупить диван{delimiter}120\nдиван угловой{delimiter}45\n".encode()

    assert read_keyword_file(data, "keywords.csv") == [Phrase("купить диван", 120), Phrase("диван угловой", 45)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_it_reads_the_encodings_russian_tools_save(encoding):
    data = "phrase;frequency\nкупить диван;12\n".encode(encoding)

    assert read_keyword_file(data, "keywords.csv") == [Phrase("купить диван", 12)]


def test_it_reads_a_key_collector_export_with_exact_frequency():
    data = 'Фраза;Базовая частота [YW];Частота "[!]" [YW];Частота "!" [YW]\nкупить диван;1 200;300;250\n'.encode()

    assert read_keyword_file(data, "kc.csv") == [Phrase("купить диван", 1200, exact_frequency=250)]


def test_it_finds_the_header_below_metadata_lines_of_a_wordstat_export():
    data = "Запросы, содержащие «диван»\nРегион: Москва\n\nЗапрос\tЧисло запросов\nдиван\t5000\nдиван кровать\t800\n"

    phrases = read_keyword_file(data.encode(), "wordstat.tsv")

    assert phrases == [Phrase("диван", 5000), Phrase("диван кровать", 800)]


def test_it_reads_csv_without_a_header():
    data = "купить диван,120\nдиван угловой,45\n".encode()

    assert read_keyword_file(data, "plain.csv") == [Phrase("купить диван", 120), Phrase("диван угловой", 45)]


def test_it_reads_a_txt_list_with_one_phrase_per_line_and_skips_blank_lines():
    data = "купить диван\n\nдиван, угловой\n".encode()

    assert read_keyword_file(data, "list.txt") == [Phrase("купить диван", None), Phrase("диван, угловой", None)]


def test_it_reads_xlsx_with_english_headers(tmp_path):
    path = tmp_path / "keys.xlsx"
    path.write_bytes(xlsx([["Keyword", "Shows"], ["buy sofa", 15], ["sofa bed", None]]))

    assert read_keyword_file(path, path.name) == [Phrase("buy sofa", 15), Phrase("sofa bed", None)]


def test_it_names_the_row_and_column_of_a_bad_frequency():
    data = "Фраза;Частота\nдиван;10\nкресло;много\n".encode()

    with pytest.raises(KeywordFileError) as error:
        read_keyword_file(data, "bad.csv")

    assert (error.value.row, error.value.column) == (3, "Частота")
    assert str(error.value) == "Строка 3, столбец «Частота»: «много» — не число."


def test_it_names_the_cell_of_a_bad_frequency_in_xlsx_without_header():
    data = xlsx([["диван", 10], ["кресло", 5], ["софа", -3]])

    with pytest.raises(KeywordFileError) as error:
        read_keyword_file(data, "bad.xlsx")

    assert (error.value.row, error.value.column) == (3, "B")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "Файл пустой."),
        (b"\x00\x01\x02binary", "data.csv", "Это не текстовый файл: похоже на двоичный."),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "Не удалось прочитать XLSX"),
        (b"hello", "keywords.pdf", "Неподдерживаемый тип файла «.pdf»"),
        ("Фраза;Частота\n".encode(), "header-only.csv", "В файле не нашлось ни одной фразы."),
    ],
)
def test_it_rejects_broken_files_with_a_clear_message(data, filename, message):
    with pytest.raises(KeywordFileError, match=message):
        read_keyword_file(data, filename)


@pytest.mark.parametrize(
    ("data", "filename", "column"),
    [
        (b"1;2500\n2;1800\n3;900\n", "ids.csv", "A"),
        ("Фраза;Частота\n1;10\n2;20\n".encode(), "numbers.csv", "Фраза"),
        (b"12\n15\n2024\n", "list.txt", "A"),
    ],
)
def test_it_refuses_a_file_without_a_column_of_phrases(data, filename, column):
    with pytest.raises(KeywordFileError, match="Не найден столбец с фразами") as error:
        read_keyword_file(data, filename)

    assert error.value.column == column


def test_a_column_of_phrases_may_hold_some_numbers():
    phrases = read_keyword_file("диван\n2024\nугловой диван\n".encode(), "list.txt")

    assert [phrase.text for phrase in phrases] == ["диван", "2024", "угловой диван"]


def test_it_enforces_the_size_limit():
    with pytest.raises(KeywordFileError, match="допустимо не больше"):
        read_keyword_file("купить диван\n".encode(), "list.txt", KeywordFileLimits(max_bytes=10))


def test_it_enforces_the_row_limit():
    with pytest.raises(KeywordFileError, match="больше 2 строк"):
        read_keyword_file("Фраза\nа\nб\nв\n".encode(), "list.csv", KeywordFileLimits(max_rows=2))


def test_a_missing_file_is_a_keyword_file_error(tmp_path):
    with pytest.raises(KeywordFileError, match="Не удалось открыть файл"):
        read_keyword_file(tmp_path / "nope.csv", "nope.csv")


def test_a_byte_invalid_in_both_utf8_and_cp1251_is_named_not_raised_raw():
    data = "Фраза\nкупить диван\n".encode("cp1251") + b"\x98\n"
    with pytest.raises(KeywordFileError, match=r"\b20\b"):
        read_keyword_file(data, "keywords.csv")
