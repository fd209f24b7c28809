from __future__ import annotations

import pytest

from campaigns.ads.grammar import in_region, mentions_region


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
