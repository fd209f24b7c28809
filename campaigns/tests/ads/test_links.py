from __future__ import annotations

from campaigns.ads.links import display_path, product_path, with_utm


def test_it_adds_the_utm_template_with_directs_markers_left_literal():
    url = with_utm("https://divan.example.ru/catalog")

    assert url == (
        "https://divan.example.ru/catalog?utm_source=yandex&utm_medium=cpc"
        "&utm_campaign={campaign_id}&utm_content={ad_id}&utm_term={keyword}"
    )


def test_it_merges_with_an_existing_query_and_keeps_the_fragment():
    url = with_utm("https://example.com/page?ref=ads&utm_source=partner#form")

    assert url.startswith("https://example.com/page?ref=ads&utm_source=partner&utm_medium=cpc")
    assert url.count("utm_source") == 1  # the marketer's own value wins
    assert url.endswith("#form")


def test_it_encodes_concrete_values_but_not_braces():
    url = with_utm("https://example.com/", campaign_id=42, ad_id=7, keyword="купить диван&дешево")

    assert "utm_campaign=42&utm_content=7" in url
    assert "utm_term=%D0%BA%D1%83%D0%BF%D0%B8%D1%82%D1%8C%20%D0%B4%D0%B8%D0%B2%D0%B0%D0%BD%26" in url


def test_the_template_is_configurable(settings):
    settings.ADS_UTM_TEMPLATE = "utm_source=direct&from={campaign_id}&src={source_type}"

    assert (
        with_utm("https://example.com/")
        == "https://example.com/?utm_source=direct&from={campaign_id}&src={source_type}"
    )


def test_the_display_path_follows_directs_cleaning_rules():
    assert display_path("Купить диван") == "Купить-диван"
    assert display_path("ремонт_холодильников на дому") == "ремонт-холодильников"
    assert display_path("Скидки!!! 50%  сегодня") == "Скидки-50%-сегодня"
    assert display_path("😀") == ""
    assert len(display_path("Суперпупермегадлинноеслововот")) == 20


def test_a_long_products_display_path_is_its_noun_with_its_names_never_a_fragment():
    names = frozenset({"скуд"})

    assert product_path(["Электромеханический", "замок", "СКУД"], names) == "Замок-СКУД"
    assert product_path(["Система", "контроля", "и", "управления", "доступом", "СКУД"], names) == "Система-СКУД"
    assert product_path(["СКУД", "охранная", "сигнализация"], names) == "СКУД-сигнализация"
    assert product_path(["Жидкое", "стекло", "для", "авто"]) == "Жидкое-стекло"
    assert product_path(["Диван", "со", "спальным", "местом"]) == "Диван"
    assert product_path(["угловой", "диван"]) == "Угловой-диван"  # a name that fits is written whole
