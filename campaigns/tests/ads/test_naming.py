"""How product names read from lowercased search phrases are written: abbreviations, brands, order, region."""

from __future__ import annotations

import pytest

from campaigns.ads.naming import (
    arranged,
    brand_words,
    cased,
    is_abbreviation,
    market_words,
    region_lemmas_in,
    written_names,
)

NAMES = {"скуд": "СКУД"}
FIXED = frozenset(NAMES)


@pytest.mark.parametrize(
    ("word", "before_abbreviation", "expected"),
    [
        ("скс", False, True),  # a consonant cluster
        ("опс", False, True),  # short and unknown to the dictionary
        ("спб", False, True),
        ("сот", True, True),  # no nominative reading («сотня», «соты») before another abbreviation
        ("сот", False, False),
        ("фар", False, False),  # «полировка фар»: the genitive of «фара» inside a phrase
        ("эра", True, False),
        ("мойка", False, False),
    ],
)
def test_abbreviations_are_told_from_words(word, before_abbreviation, expected):
    assert is_abbreviation(word, before_abbreviation=before_abbreviation) is expected


def test_abbreviations_are_written_in_capitals_and_fixed_forms_kept():
    assert cased(["сот", "скуд"], NAMES, frozenset()) == ["СОТ", "СКУД"]
    assert cased(["опс", "скуд"], NAMES, frozenset()) == ["ОПС", "СКУД"]
    assert cased(["детейлинг", "спб"], {}, frozenset()) == ["детейлинг", "СПб"]
    assert cased(["скуд", "gsm", "sigur"], NAMES, frozenset()) == ["СКУД", "GSM", "Sigur"]


def test_brands_beside_the_markets_abbreviation_are_found_by_form_and_context():
    phrases = ["страж скуд", "скуд эра 500", "эра скуд", "парсек скуд", "parsec скуд", "скуд сфинкс", "система скуд",
               "карта скуд", "турникет скуд", "скуд установка", "сигур скуд"]  # fmt: skip
    brands = brand_words(phrases, FIXED, frozenset({"система"}))

    assert {"страж", "сфинкс", "парсек", "эра", "сигур"} <= brands  # animate, Latin twin, model number, unknown
    assert not {"система", "карта", "турникет", "установка"} & brands


def test_a_brand_follows_the_product_and_an_opening_abbreviation_follows_its_noun():
    brands = frozenset({"страж"})

    assert arranged(["Страж", "СКУД"], FIXED, brands, frozenset()) == ["СКУД", "Страж"]
    assert arranged(["Sigur", "СКУД"], FIXED, frozenset(), frozenset()) == ["СКУД", "Sigur"]
    assert arranged(["СКУД", "установка"], FIXED, brands, frozenset()) == ["установка", "СКУД"]
    assert arranged(["СКУД", "система", "контроля"], FIXED, brands, frozenset(), frozenset({"система"})) == [
        "система", "контроля", "СКУД"
    ]  # fmt: skip
    # a noun the market does not use elsewhere may be a name or a place: the order stays
    assert arranged(["СКУД", "школа"], FIXED, brands, frozenset()) == ["СКУД", "школа"]


def test_a_briefs_unknown_term_before_a_noun_forms_a_compound():
    assert arranged(["детейлинг", "мойка"], frozenset(), frozenset(), frozenset({"детейлинг"})) == ["детейлинг-мойка"]
    assert arranged(["детейлинг", "авто"], frozenset(), frozenset(), frozenset({"детейлинг"})) == ["детейлинг", "авто"]
    assert arranged(["детейлинг", "мойка"], frozenset(), frozenset(), frozenset()) == ["детейлинг", "мойка"]


def test_a_place_inside_the_region_is_the_region_and_one_outside_is_not():
    assert region_lemmas_in(["детейлинг", "спб"], "Санкт-Петербург") == {"спб"}
    assert region_lemmas_in(["тонировка", "в", "питере"], "Санкт-Петербург") == {"питер"}
    assert region_lemmas_in(["диван", "спб"], "Москва") == set()
    assert region_lemmas_in(["диван"], "") == set()


def test_written_names_and_market_words_come_from_the_phrases():
    assert written_names(["сот скуд", "скуд perco"], NAMES, frozenset()) == {"сот": "СОТ", "perco": "Perco"}
    market = market_words([["скуд система", "фиат скуда"], ["система скуд"], ["карта скуд"]])
    assert {"скуд", "система"} <= market
    assert not {"фиат", "скуда", "карта"} & market


def test_a_plural_animate_noun_beside_the_abbreviation_is_who_makes_it_not_a_brand():
    brands = brand_words(["скуд производители", "страж скуд"], frozenset({"скуд"}), frozenset())

    assert brands == frozenset({"страж"})


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (["серьги", "золотые"], ["золотые", "серьги"]),
        (["Кольца", "обручальные"], ["Обручальные", "кольца"]),
        (["обручальные", "кольца", "парные"], ["парные", "обручальные", "кольца"]),
        (["диван", "угловой"], ["угловой", "диван"]),  # «угловой» is read first as a noun, yet agrees here
        (["замок", "электромагнитный"], ["электромагнитный", "замок"]),
    ],
)
def test_adjectives_typed_after_their_noun_go_before_it(typed, written):
    assert arranged(typed, frozenset(), frozenset(), frozenset()) == written


@pytest.mark.parametrize(
    "typed",
    [
        ["серьги", "пусеты"],  # two nouns: how shops name goods
        ["кухня", "гостиная"],  # an adjective reading, but a noun first: two nouns side by side
        ["кольца", "золотой"],  # does not agree
        ["кольца", "с", "бриллиантами", "белые"],  # not the whole noun phrase
        ["обручальные", "кольца"],  # already in order
        ["кольца", "Золотые"],  # a capitalised word past the first is a name
    ],
)
def test_a_phrase_that_is_not_a_noun_and_its_agreeing_adjectives_keeps_its_order(typed):
    assert arranged(typed, frozenset(), frozenset(), frozenset()) == typed


def test_names_brands_and_latin_words_are_never_reordered():
    assert arranged(["скуд", "беспроводной"], FIXED, frozenset(), frozenset()) == ["скуд", "беспроводной"]
    assert arranged(["замок", "беспроводной"], frozenset(), frozenset({"замок"}), frozenset()) == [
        "замок", "беспроводной"
    ]  # fmt: skip
    assert arranged(["кольца", "tiffany"], frozenset(), frozenset(), frozenset()) == ["кольца", "tiffany"]
