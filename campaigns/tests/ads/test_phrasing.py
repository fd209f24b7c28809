"""Titles a person would write: commercial words lead, the product agrees, names keep their case, junk stays out."""

from __future__ import annotations

import pytest

from campaigns.ads.grammar import in_case, join_compounds
from campaigns.ads.phrasing import PhraseReader, compounds_from, ends_with_commercial_word
from campaigns.ads.spelling import respell, spellings
from campaigns.ads.template_writer import TemplateWriter
from campaigns.tests.ads.conftest import make_brief

SKUD_TEXTS = ["Системы контроля доступа", "СКУД под ключ: проектирование, монтаж, обслуживание"]


def reader(phrases, texts=(), region="Москва"):
    names = spellings(texts, phrases)
    return PhraseReader(
        phrases, region_name=region, names=names, supported_text=" ".join(texts), compounds=compounds_from([])
    ), names


@pytest.mark.parametrize(
    ("phrase", "title"),
    [
        ("тахта купить в москве", "Купить тахту"),
        ("софа купить", "Купить софу"),
        ("купить диван еврокнижка", "Купить диван-еврокнижку"),
        ("диван кровать недорого", "Диван-кровать"),  # «недорого» is a claim no source makes
        ("диваны кровати оптом", "Купить оптом диваны-кровати"),
        ("мягкая мебель купить", "Купить мягкую мебель"),
        ("угловые диваны купить", "Купить угловые диваны"),
        ("скуд цена", "Цены на СКУД"),
        ("системы контроля доступа стоимость", "Цены на системы контроля доступа"),
        ("чехол на диван", "Чехол на диван"),
        ("диван распродажа", "Диван"),  # no discount in the brief or on the page
        ("акция диван кровать", "Диван-кровать"),
        ("диван на заказ", "Диван на заказ"),
        ("купить диван под заказ", "Купить диван под заказ"),
    ],
)
def test_the_commercial_word_leads_and_the_product_follows_in_the_accusative(phrase, title):
    phrases, names = reader([phrase], SKUD_TEXTS)

    assert phrases.read(phrase).text(names) == title


@pytest.mark.parametrize(
    ("phrase", "source", "title"),
    [
        ("диван кровать недорого", "Недорогие диваны от фабрики", "Купить недорого диван-кровать"),
        ("диван распродажа", "Распродажа диванов: скидки до 30%", "Скидки на диван"),
    ],
)
def test_a_price_or_sale_claim_leads_only_when_a_source_makes_it(phrase, source, title):
    phrases, names = reader([phrase], [*SKUD_TEXTS, source])

    assert phrases.read(phrase).text(names) == title


def test_made_to_order_stays_in_the_title_but_not_in_the_calls_to_action():
    brief = make_brief(name="Диван на заказ", phrases=["диван на заказ", "диваны на заказ москва"], benefits=[])

    ads = TemplateWriter().write([brief]).ads[brief.key]

    assert ads[0].titles[0].startswith("Диван на заказ")
    assert not any("на заказ на сайте" in text or "заявку на диван на заказ" in text for text in ads[0].texts)


@pytest.mark.parametrize(
    "phrase",
    ["ел скуд", "видео скуд ооо", "тз на скуд примеры в москве", "скуд что это такое", "скуд своими руками"],
)
def test_junk_phrases_never_become_titles(phrase):
    phrases, _names = reader([phrase, "скуд", "скуд цена"], SKUD_TEXTS)

    assert phrases.read(phrase) is None


def test_a_vendors_official_site_or_support_line_never_becomes_a_title_even_for_a_dealer():
    for phrase in ("бастион скуд perco официальный сайт", "сигур скуд техподдержка телефон"):
        unsupported, _names = reader([phrase], SKUD_TEXTS)
        dealer, _names = reader([phrase], [*SKUD_TEXTS, "Официальный дилер PERCo в Москве"])

        assert unsupported.read(phrase) is None
        assert dealer.read(phrase) is None  # the advertiser is not the vendor: its site and support are the vendor's


def test_names_keep_the_case_the_brief_page_or_most_phrases_use():
    names = spellings(["Камеры Hikvision и турникеты PERCo", "Системы СКУД. Магазин Диванград"], ["ip камера dahua"])

    assert respell("камеры hikvision, perco и скуд от диванград", names) == (
        "камеры Hikvision, PERCo и СКУД от Диванград"
    )
    assert "системы" not in names
    assert "камеры" not in names
    assert spellings([], ["Dahua камера", "Dahua ip", "dahua"]) == {"dahua": "Dahua"}


def test_compounds_are_joined_only_where_the_dictionary_or_the_input_writes_them():
    compounds = compounds_from(["Кресла-кровати и пуфы"])

    assert join_compounds(["кресло", "кровать"], compounds) == ["кресло-кровать"]
    assert join_compounds(["диван", "книжка"], compounds) == ["диван-книжка"]
    assert join_compounds(["ремонт", "холодильник"], compounds) == ["ремонт", "холодильник"]


@pytest.mark.parametrize(
    ("words", "accusative"),
    [
        ("тахта", "тахту"),
        ("угловые диваны", "угловые диваны"),
        ("мягкая мебель", "мягкую мебель"),
        ("система контроля доступа", "систему контроля доступа"),
        ("Hikvision камера", "Hikvision камера"),
        ("СКУД", "СКУД"),
    ],
)
def test_a_noun_phrase_is_put_in_the_accusative_with_its_adjectives(words, accusative):
    assert " ".join(in_case(words.split(), "accs", frozenset({"скуд", "hikvision"}))) == accusative


def test_a_title_ending_in_a_commercial_word_is_recognised():
    assert ends_with_commercial_word("Тахта купить в Москве") is False
    assert ends_with_commercial_word("Тахта купить")
    assert ends_with_commercial_word("Диван цена")
    assert not ends_with_commercial_word("Купить тахту в Москве")


def test_the_writer_titles_a_skud_group_in_the_briefs_case_without_junk_or_trailing_commercial_words():
    brief = make_brief(
        name="Скуд",
        phrases=["скуд", "ел скуд", "видео скуд ооо", "скуд цена", "купить скуд", "бастион скуд официальный сайт"],
        product_description="Продажа и монтаж СКУД под ключ, проектирование, обслуживание",  # it sells: «Купить»
        benefits=[],
    )

    ads = TemplateWriter().write([brief]).ads[1]

    titles = [title for ad in ads for title in ad.titles]
    assert titles[:2] == ["СКУД в Москве", "СКУД"]
    assert "Купить СКУД" in titles
    assert "Цены на СКУД" not in titles  # no price in the ad: no price title
    assert not any(word in title.lower() for title in titles for word in ("ел ", "видео", "ооо", "официальн"))
    assert not any(ends_with_commercial_word(title) for title in titles)
    assert ads[0].display_link == "СКУД"


def test_the_display_path_names_the_product_without_commercial_words():
    brief = make_brief(name="Тахта купить", phrases=["тахта купить", "купить тахту в москве"])

    assert TemplateWriter().write([brief]).ads[1][0].display_link == "Тахта"
