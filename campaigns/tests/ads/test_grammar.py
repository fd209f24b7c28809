from __future__ import annotations

import csv
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.ads.grammar import (
    agreement_errors,
    declinable,
    in_case,
    in_region,
    mentions_region,
    with_governed_cases,
)
from campaigns.ads.phrasing import PhraseReader, Title, compounds_from

# The shown data sets live beside the checkout (../shared/data, never in the repository); SHARED_DATA_DIR elsewhere.
SHOWN_SETS = Path(os.environ.get("SHARED_DATA_DIR") or Path(__file__).resolve().parents[3].parent / "shared" / "data")


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("Москва", "в Москве"),
        ("Санкт-Петербург", "в Санкт-Петербурге"),
        ("Нижний Новгород", "в Нижнем Новгороде"),
        ("Ростов-на-Дону", "в Ростове-на-Дону"),
        ("Москва и Московская область", "в Москве и Московской области"),
        ("Казань", "в Казани"),
        ("Владимир", "во Владимире"),
        ("Сочи", "в Сочи"),
        ("СНГ (исключая Россию)", "в СНГ"),
        ("Зона 000А", "в Зоне 000А"),  # a code is never declined: «000ОЙ» would be a number the source never wrote
        ("", ""),
    ],
)
def test_it_puts_the_region_in_the_locative(region, expected):
    assert in_region(region) == expected


def test_it_uses_the_english_name_for_english_ads():
    assert in_region("Санкт-Петербург", "en") == "in Saint Petersburg"
    assert in_region("Springfield", "en") == "in Springfield"


def test_it_sees_a_region_already_named_in_any_case_form():
    assert mentions_region("купить диван в москве", "Москва")
    assert mentions_region("ремонт холодильников нижний новгород", "Нижний Новгород")
    assert not mentions_region("купить диван", "Москва")


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("Закажите авто химия", ["«закажите химия»: not in the accusative"]),
        ("Полироль для пластику авто", ["«для пластику»: not in the genitive"]),
        ("Купите угловой диван. Для офисов и предприятий", []),
        ("Купить недорого тахту", []),
        ("Купите СКУД", []),  # a name the dictionary does not know is never an error
        ("Оставьте заявку на монтаж СКУД!", []),
        ("Запросите КП на СКУД школа.", ["«на скуд школа»: a noun no case governs"]),
        ("Оставьте заявку на СКУД Сфинкс!", []),  # a brand is written capitalised beside the name
        ("Цены на СКУД в строительстве", []),
        ("Оставьте заявку на тахта", ["«на тахта»: not in the accusative"]),
    ],
)
def test_agreement_errors_are_found_by_the_dictionary(text, errors):
    assert agreement_errors(text) == errors


def test_the_object_and_the_complement_take_their_cases():
    assert in_case(["авто", "химия"], "accs") == ["авто", "химию"]
    assert in_case(["ювелирных", "изделий"], "accs") == ["ювелирные", "изделия"]  # after «каталог», «цена»
    assert in_case(["коммутатора"], "accs") == ["коммутатор"]
    assert with_governed_cases(["полироль", "для", "пластику", "авто"]) == ["полироль", "для", "пластика", "авто"]


@cache
def market_phrases() -> list[str]:
    """The phrases and group names of every shown set: the market words ads are made of."""
    phrases: list[str] = []
    for path in sorted(SHOWN_SETS.glob("ru_*.csv")):
        with path.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                phrases += [row["phrase"].lower(), (row.get("group") or "").lower()]
    return [phrase for phrase in dict.fromkeys(phrases) if phrase and len(phrase.split()) <= 6]


def as_titles(phrase: str) -> list[str]:
    title = PhraseReader([phrase], region_name="Москва", names={}, supported_text="", compounds=compounds_from([]))
    read = title.read(phrase)
    if read is None:
        return []
    object_words = " ".join(in_case(read.product, "accs"))
    calls = [f"Закажите {object_words} на сайте!", f"Оставьте заявку на {object_words}!"]
    return [Title("Купить", read.product, read.tail).text({}), Title("Цены на", read.product).text({}), *calls]


@pytest.mark.skipif(not SHOWN_SETS.exists(), reason="the shown data sets are not on this machine")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(phrase=st.sampled_from(market_phrases() or ["диван"]))
def test_the_object_of_buying_is_accusative_and_after_dla_genitive_for_any_market_phrase(phrase):
    for title in as_titles(phrase):
        assert agreement_errors(title) == [], (phrase, title)


def test_a_common_noun_beside_a_name_makes_the_phrase_not_declinable():
    fixed = frozenset({"скуд", "страж"})

    assert not declinable(["СКУД", "школа"], fixed)
    assert not declinable(["СКУД", "пропуска"], fixed)
    assert declinable(["СКУД", "Страж"], fixed)
    assert declinable(["СКУД", "на", "дверь"], fixed)
    assert declinable(["СКУД", "уличный"], fixed)
    assert not declinable(["СКУД", "охранная", "сигнализация"], fixed)
    assert declinable(["контроллер", "СКУД"], fixed)
