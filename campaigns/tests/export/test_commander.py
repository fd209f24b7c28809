import csv
import dataclasses
import io

from campaigns.export.commander import write_commander_tsv
from campaigns.export.data import ExportKeyword
from campaigns.export.rows import data_rows
from campaigns.tests.export.samples import a_campaign


def exported(ad_format="combinatorial"):
    buffer = io.BytesIO()
    write_commander_tsv(a_campaign(ad_format), buffer, ad_format=ad_format)
    return buffer.getvalue()


def records(content):
    return list(csv.DictReader(io.StringIO(content.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_it_is_utf8_without_a_bom_tab_separated_with_field_names_on_the_first_line():
    content = exported()

    assert not content.startswith(b"\xef\xbb\xbf")
    first_line = content.decode("utf-8").split("\r\n")[0].split("\t")
    assert first_line[:4] == ["Тип кампании", "Название кампании", "Валюта", "Минус-фразы на кампанию"]
    assert {"Доп. объявление группы", "Фраза (с минус-словами)", "Минус-фразы на группу", "Уточнения"} <= set(
        first_line
    )


def test_every_field_name_is_unique_so_no_column_overwrites_another():
    for ad_format in ("combinatorial", "text_image"):
        names = exported(ad_format).decode("utf-8").split("\r\n")[0].split("\t")
        assert len(names) == len(set(names))


def test_a_combinatorial_file_carries_the_numbered_titles_and_a_text_image_file_the_classic_ones():
    combinatorial = records(exported("combinatorial"))[0]
    text_image = records(exported("text_image"))[0]

    assert combinatorial["Заголовок 3"] == "Доставка за 1 день"
    assert combinatorial["Текст 2"] == "Рассрочка 0%. Доставка по Москве."
    assert "Текст" not in combinatorial
    assert (text_image["Заголовок 1"], text_image["Текст"]) == (
        "Купить диван в Москве",
        "Диваны от фабрики. Гарантия 2 года. Закажите онлайн!",
    )
    assert "Заголовок 3" not in text_image


def test_it_has_the_same_rows_as_the_xlsx():
    rows = records(exported())
    sheet_rows = list(data_rows(a_campaign(), "combinatorial"))

    assert len(rows) == len(sheet_rows)
    assert [row["Фраза (с минус-словами)"] for row in rows] == [row[6] or "" for row in sheet_rows]
    assert [row["Доп. объявление группы"] for row in rows] == ["-", "-", "-", "+", "-", "-"]
    assert all(row["Название кампании"] == "Диваны Москва" for row in rows)


def test_campaign_negatives_are_written_once_on_the_first_row():
    rows = records(exported())

    assert rows[0]["Минус-фразы на кампанию"] == "-бесплатно -своими руками -!даром"
    assert all(row["Минус-фразы на кампанию"] == "" for row in rows[1:])


def test_it_writes_to_a_path(tmp_path):
    path = tmp_path / "campaign.tsv"

    write_commander_tsv(a_campaign(), str(path))

    assert path.read_bytes() == exported()


def test_phrases_keep_their_quote_operator_verbatim_instead_of_being_csv_quoted():
    lines = exported().decode("utf-8").split("\r\n")

    assert '\t"диван кровать" -детский\t' in lines[2]


def test_fields_a_spreadsheet_would_run_are_neutralised_but_direct_operators_kept():
    campaign = a_campaign()
    campaign.name = '=HYPERLINK("http://evil.example","x")'
    group = campaign.groups[0]
    group.keywords[0] = ExportKeyword("+на диван", 100)
    titles = ["Купить диван", "=1+1", "Доставка за 1 день"]
    group.ads[0] = dataclasses.replace(group.ads[0], titles=titles, callouts=["+7 495 123-45-67", "@SUM(A1)"])
    buffer = io.BytesIO()
    write_commander_tsv(campaign, buffer)

    rows = records(buffer.getvalue())
    assert rows[0]["Название кампании"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[0]["Минус-фразы на кампанию"].startswith("-бесплатно")
    assert rows[0]["Фраза (с минус-словами)"] == "+на диван"
    assert rows[0]["Минус-фразы на группу"].startswith("-угловой")
    assert rows[0]["Уточнения"].startswith("'+7 495 123-45-67")
    assert rows[0]["Заголовок 2"] == "'=1+1"
    assert any(row["Фраза (с минус-словами)"] == "---autotargeting" for row in rows)
