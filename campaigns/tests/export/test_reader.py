import io

import pytest
from openpyxl import Workbook

from campaigns.export.reader import DirectFileError, read_direct_file

HEADER = [
    "Доп. объявление группы",
    "Тип объявления",
    "ID группы",
    "Название группы",
    "Номер группы",
    "ID фразы",
    "Фраза (с минус-словами)",
    "ID объявления",
    "Заголовок 1",
    "Заголовок 2",
    "Текст",
    "Ссылка",
    "Регион",
    "Ставка",
    "Минус-фразы на группу",
]


def downloaded_xlsx(rows, header=HEADER, header_row=10):
    """A file the way Direct hands it out: numbers as number cells, the ad repeated on every keyword row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Тексты"
    sheet["D7"], sheet["E7"] = "Тип кампании:", "Текстово-графическая кампания"
    sheet["D8"], sheet["E8"] = "№ заказа:", 98765432
    sheet["G8"], sheet["H8"] = "Валюта:", "RUB"
    sheet["D9"], sheet["E9"] = "Минус-фразы на кампанию:", "бесплатно, своими руками"
    for column, title in enumerate(header, start=1):
        sheet.cell(header_row, column, title)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(header_row + offset, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


AD = ["Диваны от фабрики", "Доставка за день", "Гарантия 2 года", "https://example.com"]


def test_it_reads_a_file_downloaded_from_direct_with_ids_numbers_and_repeated_ads():
    content = downloaded_xlsx(
        [
            [
                "-",
                "Текстово-графическое",
                111,
                "Диваны",
                1,
                501,
                "купить диван",
                9001,
                *AD[:3],
                AD[3],
                "Москва",
                12.5,
                "-бу",
            ],
            [
                "-",
                "Текстово-графическое",
                111,
                "Диваны",
                1,
                502,
                "диван кровать",
                9001,
                *AD[:3],
                AD[3],
                "Москва",
                3,
                "",
            ],
            [
                "-",
                "Текстово-графическое",
                112,
                "Кресла",
                2,
                503,
                "кресло",
                9002,
                "Кресла",
                "",
                "Текст",
                AD[3],
                "",
                "",
                "",
            ],
        ]
    )

    parsed = read_direct_file(content, "direct-98765432.xlsx")

    assert parsed.direct_campaign_id == "98765432"
    assert parsed.campaign_type == "Текстово-графическая кампания"
    assert parsed.negative_keywords == ["бесплатно", "своими руками"]
    assert parsed.region_names == ["Москва"]
    assert [(group.number, group.name) for group in parsed.groups] == [(1, "Диваны"), (2, "Кресла")]
    divany = parsed.groups[0]
    assert [(keyword.phrase, str(keyword.bid)) for keyword in divany.keywords] == [
        ("купить диван", "12.5"),
        ("диван кровать", "3"),
    ]
    assert divany.negative_keywords == ["бу"]
    assert len(divany.ads) == 1  # the same ad on both rows is one ad
    assert divany.ads[0].titles == ["Диваны от фабрики", "Доставка за день"]
    assert divany.ads[0].kind == "text_image"


def test_it_reads_an_old_utf16_text_file_with_the_older_column_titles():
    lines = [
        "Предложение текстовых блоков для рекламной кампании",
        "\t".join(["Доп. объявление группы", "Название группы", "Номер группы", "Фраза (с минус-словами)"])
        + "\tЗаголовок\tТекст\tСсылка\tМинус-слова на группу\tМинус-слова на кампанию",
        "-\tДиваны\t1\tкупить диван\tДиваны\tТекст объявления\thttps://example.com\t-бу -ремонт\t-бесплатно",
        "+\t\t\t\tДиваны 2\tДругой текст\thttps://example.com/2\t\t",
    ]
    content = "\r\n".join(lines).encode("utf-16")

    parsed = read_direct_file(content, "old.txt")

    assert parsed.name == "old"
    assert parsed.negative_keywords == ["бесплатно"]
    [group] = parsed.groups
    assert group.negative_keywords == ["бу", "ремонт"]
    assert [ad.titles for ad in group.ads] == [["Диваны"], ["Диваны 2"]]


def test_it_reads_a_semicolon_separated_csv_with_a_bom():
    content = (
        "\ufeffДоп. объявление группы;Название группы;Номер группы;Фраза (с минус-словами);Заголовок 1;Текст;Ссылка\n"
        "-;Диваны;1;купить диван;Диваны;Текст;https://example.com\n"
    ).encode()

    parsed = read_direct_file(content, "file.csv")

    assert parsed.groups[0].keywords[0].phrase == "купить диван"


def test_every_bad_row_is_reported_with_its_row_and_column():
    content = downloaded_xlsx(
        [
            ["+", "", "", "", "", "", "", "", *AD[:3], AD[3], "", "", ""],
            ["x", "", "", "Диваны", 1, "", "диван", "", "", "", "", "", "", "", ""],
            ["-", "", "", "Диваны", "один", "", "диван", "", "", "", "", "", "", "", ""],
            ["-", "", "", "Диваны", 1, "", "диван", "", "", "", "", "", "", "двенадцать", ""],
        ]
    )

    with pytest.raises(DirectFileError) as caught:
        read_direct_file(content, "bad.xlsx")

    assert caught.value.problems == [
        "row 11, «Доп. объявление группы»: an additional ad (+) comes before any group",
        "row 12, «Доп. объявление группы»: expected - or +, got 'x'",
        "row 13, «Номер группы»: expected digits, got 'один'",
        "row 14, «Ставка»: expected a number such as 12,5, got 'двенадцать'",
    ]


def test_sitelinks_that_do_not_pair_up_are_reported():
    header = [*HEADER, "Заголовки быстрых ссылок", "Адреса быстрых ссылок"]
    row = ["-", "", "", "Диваны", 1, "", "диван", "", *AD[:3], AD[3], "", "", "", "А||Б", "https://example.com/a"]

    with pytest.raises(DirectFileError, match="row 11, «Адреса быстрых ссылок»"):
        read_direct_file(downloaded_xlsx([row], header=header), "bad.xlsx")


def test_a_file_without_the_template_header_is_refused_with_a_clear_message():
    with pytest.raises(DirectFileError, match=r"Доп\. объявление группы"):
        read_direct_file("фраза;частота\nдиван;100\n".encode(), "keywords.csv")


def test_an_old_binary_xls_file_is_refused_with_advice():
    with pytest.raises(DirectFileError, match=r"\.xlsx"):
        read_direct_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls")


def test_it_reads_from_a_path(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text("Доп. объявление группы\tНазвание группы\tФраза (с минус-словами)\n-\tДиваны\tдиван\n")

    parsed = read_direct_file(path, path.name)

    assert parsed.groups[0].name == "Диваны"
