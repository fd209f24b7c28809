from __future__ import annotations

import pytest

from campaigns.ads.types import Sitelink
from campaigns.ads.validator import validate
from campaigns.tests.ads.conftest import make_ad


def fields_of(ad) -> list[str]:
    return [problem.field for problem in validate(ad)]


def test_it_accepts_a_well_formed_text_image_ad():
    assert validate(make_ad()) == []


def test_it_rejects_a_title_over_56_characters():
    title = "Д" + "д" * 19 + " " + "и" * 20 + " " + "в" * 15  # 57 characters

    problems = validate(make_ad(titles=[title, "Доставка"]))

    assert [(p.field, p.message) for p in problems] == [("title1", "57 characters, at most 56 allowed")]


def test_it_counts_every_character_of_title1_but_not_the_narrow_marks_of_title2():
    thirty_letters_and_marks = "Быстро, надёжно, недорого, да!"  # 26 counted characters + 4 narrow marks
    title1_with_marks = "Купить диван, " + "д" * 20 + " в Москве, сегодня!"  # narrow marks count here

    assert validate(make_ad(titles=["Купить диван", thirty_letters_and_marks])) == []
    assert fields_of(make_ad(titles=["Купить диван", "Ааааа " * 5 + "Бб"])) == ["title2"]
    assert fields_of(make_ad(titles=[title1_with_marks + " ура", "Доставка"])) == ["title1"]


def test_it_rejects_a_text_over_81_characters_not_counting_narrow_marks():
    eighty_one = ("Слово " * 13 + "абв")[:81]
    assert len(eighty_one) == 81

    assert validate(make_ad(texts=[eighty_one + "."])) == []
    assert fields_of(make_ad(texts=[eighty_one + "г"])) == ["text"]


def test_it_rejects_more_than_15_narrow_marks():
    problems = validate(make_ad(texts=["Да, да, да, да, да, да, да, да, да, да, да, да, да, да, да, да."]))

    assert any("narrow punctuation" in p.message for p in problems)


def test_it_rejects_a_word_over_22_characters():
    problems = validate(make_ad(texts=["Высококвалифицированный мастер приедет."]))

    assert [p.field for p in problems] == ["text"]
    assert "Высококвалифицированный" in problems[0].message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Купить  диван", "doubled spaces"),
        ("ГОСТ диван", None),  # an abbreviation-length capital word is allowed
        ("ВНИМАНИЕ диван", "capitals"),
        ("Диван 🔥 со скидкой", "characters Direct does not accept"),
        ("Диван! Скидки!", "one exclamation mark"),
    ],
)
def test_it_checks_the_copy_rules_of_titles(text, reason):
    problems = validate(make_ad(titles=[text, "Доставка"]))

    if reason is None:
        assert problems == []
    else:
        assert any(reason in p.message and p.field == "title1" for p in problems)


def test_it_allows_abbreviations_in_capitals():
    assert validate(make_ad(titles=["Ремонт у МКАД", "ОСАГО и SEO"])) == []


@pytest.mark.parametrize("link", ["divan.example.ru/catalog", "ftp://example.com", "", "https://example.com/a b"])
def test_it_rejects_links_that_are_not_absolute_http_addresses(link):
    assert "link" in fields_of(make_ad(link=link))


def test_it_rejects_a_link_over_1024_characters():
    assert fields_of(make_ad(link="https://example.com/" + "a" * 1005)) == ["link"]


def test_it_rejects_a_display_link_that_is_long_or_has_spaces():
    assert fields_of(make_ad(display_link="Купить-диван-недорого-в-москве")) == ["display_link"]
    assert fields_of(make_ad(display_link="Купить диван")) == ["display_link"]
    assert validate(make_ad(display_link="Диваны/№1-100%")) == []


def sitelink(title, description=""):
    return Sitelink(title, "https://divan.example.ru/" + str(abs(hash(title))), description)


def test_it_checks_sitelink_titles_descriptions_and_repeats():
    ad = make_ad(
        sitelinks=[
            sitelink("Доставка"),
            sitelink("доставка"),
            sitelink("Цены?"),
            sitelink("Очень длинный заголовок ссылки тут"),
            sitelink("Контакты", "о" * 61),
        ]
    )

    fields = fields_of(ad)

    assert "sitelinks[1].title" in fields  # repeats "Доставка"
    assert "sitelinks[2].title" in fields  # "?" is not allowed
    assert "sitelinks[3].title" in fields  # over 30
    assert "sitelinks[4].description" in fields  # over 60


def test_it_limits_sitelinks_to_eight_with_66_title_characters_per_block_of_four():
    nine_titles = ["Раз", "Два", "Три", "Четыре", "Пять", "Шесть", "Семь", "Восемь", "Девять"]
    assert "sitelinks" in fields_of(make_ad(sitelinks=[sitelink(title) for title in nine_titles]))

    wide = [sitelink(f"Ссылка номер {n} очень длинная") for n in range(1, 4)]  # 3 × 28 = 84 > 66
    problems = validate(make_ad(sitelinks=wide))
    assert [p.field for p in problems] == ["sitelinks"]
    assert "1–3" in problems[0].message


def test_it_rejects_a_callout_over_25_characters():
    assert fields_of(make_ad(callouts=["Бесплатная доставка по всей России"])) == ["callouts[0]"]


def test_it_checks_every_variant_of_a_combinatorial_ad():
    ad = make_ad(
        kind="combinatorial",
        titles=[f"Заголовок {n}" for n in range(8)],
        texts=["Текст один.", "Текст два.", "Текст три.", "Ф" * 20 + " " + "Ы" * 5],
    )

    fields = fields_of(ad)

    assert "titles" in fields  # 8 > 7
    assert "texts" in fields  # 4 > 3
    assert "texts[3]" in fields  # capitals


def test_it_rejects_combinatorial_variants_that_repeat():
    ad = make_ad(kind="combinatorial", titles=["Купить диван", "купить диван"], texts=["Текст."])

    assert fields_of(ad) == ["titles"]


def test_a_text_image_ad_needs_exactly_one_text():
    assert "texts" in fields_of(make_ad(texts=[]))
    assert "texts" in fields_of(make_ad(texts=["Один.", "Два."]))
