import io

import pytest
from openpyxl import load_workbook

from campaigns.export.data import ExportAd, RemovedRow
from campaigns.export.limits import ExportLimitError
from campaigns.export.xlsx import write_direct_xlsx
from campaigns.tests.export.samples import a_campaign, an_ad

# Typed from the reference (yandex-direct.md, section 3.2), not derived from the code under test.
ROW_10 = (
    ["Доп. объявление группы", "Тип объявления", "ID группы", "Название группы", "Номер группы", "ID фразы"]
    + ["Фраза (с минус-словами)", "ID объявления", "Заголовок 1", "Заголовок 2", "Текст", "Длина", None, None]
    + ["Комбинаторика"]
    + [None] * 31
    + ["Ссылка", "Отображаемая ссылка", "Регион", "Организация Яндекс Бизнеса", "Ставка", "Ставка в сетях"]
    + ["Статус объявления", "Статус фразы", "Заголовки быстрых ссылок", "Описания быстрых ссылок"]
    + ["Адреса быстрых ссылок", "Параметр 1", "Параметр 2", "Метки", "Изображение", "Креатив"]
    + ["Статус модерации креатива", "Уточнения", "Минус-фразы на группу", "Возрастные ограничения"]
)
ROW_11 = (
    [None] * 11
    + ["заголовок 1", "заголовок 2", "текст"]
    + [f"Заголовок {n}" for n in range(1, 8)]
    + ["Текст 1", "Текст 2", "Текст 3"]
    + [f"Длина заголовка {n}" for n in range(1, 8)]
    + ["Длина текста 1", "Длина текста 2", "Длина текста 3"]
    + [f"Изображение {n}" for n in range(1, 6)]
    + ["Вертикальное видео 1", "Вертикальное видео 2", "Квадратное видео 1", "Квадратное видео 2"]
    + ["Горизонтальное видео 1", "Горизонтальное видео 2", "Причины отклонения"]
    + [None] * 20
)


def exported(data=None, ad_format="combinatorial"):
    buffer = io.BytesIO()
    write_direct_xlsx(data or a_campaign(ad_format), buffer, ad_format=ad_format)
    buffer.seek(0)
    return load_workbook(buffer)


def data_rows(workbook):
    """Data rows keyed by title; a combinatorial column is `К: <sub-title>`, a length column its sub-title."""
    sheet = workbook["Тексты"]
    names, parent = [], None
    for title, subtitle in zip(sheet[10], sheet[11], strict=True):
        parent = title.value or parent
        names.append(f"К: {subtitle.value}" if parent == "Комбинаторика" else subtitle.value or title.value)
    return [dict(zip(names, row, strict=True)) for row in sheet.iter_rows(min_row=12, values_only=True)]


def test_it_writes_the_header_block_and_both_header_rows_as_the_template_spells_them():
    sheet = exported()["Тексты"]

    assert sheet["A6"].value == "Предложение текстовых блоков для кампании"
    assert (sheet["D7"].value, sheet["E7"].value) == ("Тип кампании:", "Единая перфоманс-кампания")
    assert (sheet["D8"].value, sheet["E8"].value) == ("№ заказа:", None)  # a new campaign, not Direct's #42
    assert (sheet["G8"].value, sheet["H8"].value) == ("Валюта:", "RUB")
    assert (sheet["D9"].value, sheet["E9"].value) == ("Минус-фразы на кампанию:", "-бесплатно -своими руками -!даром")
    assert [cell.value for cell in sheet[10]] == ROW_10
    assert [cell.value for cell in sheet[11]] == ROW_11
    assert sheet.max_column == 66


def test_a_text_image_export_names_the_classic_campaign_type():
    sheet = exported(ad_format="text_image")["Тексты"]

    assert sheet["E7"].value == "Текстово-графическая кампания"


def test_every_cell_of_the_texts_sheet_is_a_text_cell_even_when_it_looks_like_a_formula():
    data = a_campaign()
    data.groups[0].ads[0] = ExportAd("combinatorial", ["=СУММ(1;2)", "Второй"], ["-8 -10"], "https://example.com")
    sheet = exported(data)["Тексты"]

    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells
    assert all(cell.data_type == "s" and isinstance(cell.value, str) for cell in cells)
    assert all(cell.number_format == "@" for cell in cells)
    values = {cell.value for cell in cells}
    assert {"=СУММ(1;2)", "-8 -10", "---autotargeting", "-угловой -бу"} <= values


def test_each_keyword_is_a_minus_row_with_its_group_and_only_the_first_carries_the_main_ad():
    rows = data_rows(exported())
    keyword_rows = [row for row in rows if row["Доп. объявление группы"] == "-"]

    assert [row["Фраза (с минус-словами)"] for row in keyword_rows] == [
        "купить диван",
        '"диван кровать" -детский',
        "---autotargeting",
        "угловой диван",
        "[диван угловой] !недорого",
    ]
    assert [(row["Название группы"], row["Номер группы"]) for row in keyword_rows] == [
        ("Купить диван", "1"),
        ("Купить диван", "1"),
        ("Купить диван", "1"),
        ("Угловые диваны", "2"),
        ("Угловые диваны", "2"),
    ]
    assert [row["К: Заголовок 1"] for row in keyword_rows] == [
        "Купить диван в Москве",
        None,
        None,
        "Угловые диваны от фабрики",
        None,
    ]
    assert keyword_rows[0]["Минус-фразы на группу"] == "-угловой -бу"
    assert keyword_rows[1]["Минус-фразы на группу"] is None
    assert keyword_rows[0]["Регион"] == "Москва, Санкт-Петербург"
    assert all(row["Тип объявления"] == "Комбинаторное" for row in rows)


def test_an_additional_ad_is_a_plus_row_after_its_group_with_group_and_phrase_left_empty():
    rows = data_rows(exported())

    assert [row["Доп. объявление группы"] for row in rows] == ["-", "-", "-", "+", "-", "-"]
    extra = rows[3]
    assert extra["К: Заголовок 1"] == "Диваны со скидкой 20%"
    assert extra["Название группы"] is None
    assert extra["Номер группы"] is None
    assert extra["Фраза (с минус-словами)"] is None
    assert extra["Ссылка"] == "https://example.com/divany"


def test_a_text_image_ad_fills_its_own_columns_and_leaves_the_combinatorial_ones_empty():
    rows = data_rows(exported(ad_format="text_image"))
    first = rows[0]

    assert (first["Заголовок 1"], first["Заголовок 2"], first["Текст"]) == (
        "Купить диван в Москве",
        "Доставка за 1 день",
        "Диваны от фабрики. Гарантия 2 года. Закажите онлайн!",
    )
    assert (first["заголовок 1"], first["заголовок 2"], first["текст"]) == ("21", "18", "52")
    assert first["Тип объявления"] == "Текстово-графическое"
    assert all(value is None for key, value in first.items() if key.startswith("К: "))


def test_a_combinatorial_ad_fills_the_combinatorial_columns_and_leaves_the_text_image_ones_empty():
    first = data_rows(exported())[0]

    assert [first[f"К: Заголовок {n}"] for n in range(1, 5)] == [
        "Купить диван в Москве",
        "Диваны от фабрики",
        "Доставка за 1 день",
        None,
    ]
    assert first["К: Текст 2"] == "Рассрочка 0%. Доставка по Москве."
    assert first["К: Длина заголовка 1"] == "21"
    assert (first["Заголовок 1"], first["Заголовок 2"], first["Текст"]) == (None, None, None)


def test_a_group_with_ads_only_in_the_other_format_keeps_them_converted():
    data = a_campaign("combinatorial")
    rows = data_rows(exported(data, ad_format="text_image"))

    assert (rows[0]["Заголовок 1"], rows[0]["Заголовок 2"]) == ("Купить диван в Москве", "Диваны от фабрики")
    assert rows[0]["Текст"] == "Диваны от фабрики. Гарантия 2 года. Закажите онлайн!"


def test_sitelinks_go_in_three_parallel_columns_and_callouts_in_one_joined_with_double_bars():
    first = data_rows(exported())[0]

    assert first["Заголовки быстрых ссылок"] == "Каталог||Доставка||Контакты"
    assert first["Описания быстрых ссылок"] == "Все модели||||Шоурум у метро"
    assert first["Адреса быстрых ссылок"] == (
        "https://example.com/catalog||https://example.com/delivery||https://example.com/contacts"
    )
    assert first["Уточнения"] == "Гарантия 2 года||Рассрочка 0%"
    assert first["Отображаемая ссылка"] == "divany"


def test_a_known_bid_is_written_with_a_decimal_comma_and_an_unknown_one_is_left_empty():
    rows = data_rows(exported())

    assert rows[0]["Ставка"] == "12,5"
    assert rows[1]["Ставка"] is None


def test_the_header_rows_are_frozen_and_columns_have_widths():
    sheet = exported()["Тексты"]

    assert sheet.freeze_panes == "A12"
    assert sorted(str(span) for span in sheet.merged_cells.ranges) == ["L10:N10", "O10:AT10"]
    assert sheet.column_dimensions["G"].width >= len("Фраза (с минус-словами)")


def test_the_summary_sheet_gives_groups_phrases_frequencies_and_negatives():
    workbook = exported()
    assert workbook.sheetnames[0] == "Тексты"
    summary = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]

    flat = [value for row in summary for value in row if value is not None]
    assert "Диваны Москва" in flat
    assert 25900 in flat  # total frequency of the five phrases
    assert [1, "Купить диван", 3, 20000, 2, "-угловой -бу"] in [row[:6] for row in summary]
    assert ["Phrases removed", 2] in [row[:2] for row in summary]
    assert [2, "Угловые диваны", "[диван угловой] !недорого", 900] in [row[:4] for row in summary]
    assert "-бесплатно -своими руками -!даром" in flat


def test_the_third_sheet_lists_the_removed_phrases_and_why():
    removed = [list(row) for row in exported().worksheets[2].iter_rows(values_only=True)]

    assert removed[0] == ["Phrase", "Frequency", "Why it was removed", "Confidence"]
    assert removed[1:] == [
        ["диван своими руками", 700, "matches the negative keyword «своими руками»", "certain: negated"],
        ["диван", 90000, "too broad", "certain: negated"],
    ]


def test_doubtful_phrases_come_first_on_the_removed_sheet_and_are_counted_on_the_summary():
    data = a_campaign()
    data.removed.append(RemovedRow("шампунь для собак", 40, "another object: собак", "look_alike", "judged"))
    data.doubtful.append(RemovedRow("купить шампунь для собак", 10, "another object: собак", "look_alike", "judged"))
    book = exported(data)

    removed = [list(row) for row in book.worksheets[2].iter_rows(values_only=True)]
    summary = [list(row)[:2] for row in book.worksheets[1].iter_rows(values_only=True)]

    assert removed[1] == ["купить шампунь для собак", 10, "another object: собак", "doubtful, kept"]
    assert removed[2] == ["шампунь для собак", 40, "another object: собак", "doubtful: not negated"]
    assert ["Doubtful removals", 1] in summary
    assert ["Doubtful phrases kept", 1] in summary
    assert any(row[0] == "Removed yet still served by broad match" for row in summary)


def test_it_refuses_to_write_a_file_that_breaks_a_limit():
    data = a_campaign()
    data.groups[1].ads = [an_ad(link="example.com/no-protocol")]
    buffer = io.BytesIO()

    with pytest.raises(ExportLimitError, match="Угловые диваны"):
        write_direct_xlsx(data, buffer)
    assert buffer.getvalue() == b""


def test_free_text_with_control_characters_is_written_on_one_line():
    data = a_campaign()
    data.name = "Диваны\nМосква"
    data.removed[0] = RemovedRow("диван\x01бу", 5, "too\tbroad\r\n")

    workbook = exported(data)

    assert workbook.worksheets[1]["B1"].value == "Диваны Москва"
    assert [cell.value for cell in workbook.worksheets[2][2]][:3] == ["диван бу", 5, "too broad"]
