"""What a PPC specialist rewrote in a jewellery shop's and an installer's ads (issue 23), each as a rule any market's
ads keep: a made-to-order group is ordered, not bought, and links to the page's section for making to order; a
section is found under any name the page gives its address, or before the purpose it names; the general ad links
home; the page's short selling lines that no fact kind reads become the whole shop's claims."""

from __future__ import annotations

import re

import pytest

from campaigns.ads.extensions import _spells, matching_section
from campaigns.ads.template_writer import TemplateWriter
from campaigns.landing.parse import parse_page
from campaigns.landing.types import SELLING
from campaigns.tests.ads.conftest import make_brief
from campaigns.tests.ads.test_installer_review import INSTALLER, installer_group
from semantic.seller import SellerKind, SellerProfile

JEWELLERY_HTML = """<html><head><title>Ювелирный магазин «Аурум»</title></head><body>
<nav class="main-menu"><ul>
  <li><a href="/obruchalnye/">Обручальные кольца</a></li><li><a href="/sergi/">Серьги</a></li>
  <li><a href="/na-zakaz/">Изготовление на заказ</a></li><li><a href="/dostavka/">Доставка и оплата</a></li>
</ul></nav>
<h1>Обручальные кольца из золота от производителя</h1>
<ul class="advantages"><li>Производство с 2008 года</li><li>Бесплатная доставка по Москве</li>
  <li>Гарантия 2 года</li><li>Бесплатная гравировка</li><li>Примерка в шоуруме</li>
  <li>Гравировка колец бесплатно</li></ul>
<div class="card"><a href="/obruchalnye/">Обручальные кольца</a><span class="price">от 12 900 ₽</span></div>
<section><h2>Изготовление на заказ</h2><p>Сделаем кольцо по вашему эскизу: изготовление от 14 дней.</p></section>
</body></html>"""
SHOP = SellerProfile(SellerKind.GOODS, ("brief: магазин",))
JEWELLERY_PAGE = parse_page(JEWELLERY_HTML, "https://aurum.example.ru/")


def jewellery_group(key: int, name: str, phrases: list[str], page=JEWELLERY_PAGE, **overrides):
    fields = {
        "key": key,
        "name": name,
        "phrases": phrases,
        "product_description": "Обручальные кольца и серьги из золота от производителя, изготовление на заказ",
        "names": ["Ювелирный магазин"],
        "benefits": [],
        "landing_url": "https://aurum.example.ru/",
        "page": page,
        "seller": SHOP,
        **overrides,
    }
    return make_brief(**fields)


def copy_of(ads) -> str:
    return " ".join(line for ad in ads for line in [*ad.titles, *ad.texts, *ad.callouts])


MADE = ["кольца на заказ", "кольца на заказ обручальные", "кольца на заказ москва", "изготовление колец на заказ"]


def test_a_made_to_order_group_is_ordered_to_be_made_and_links_to_the_section_for_it():
    ads = TemplateWriter().write([jewellery_group(1, "Кольца на заказ", MADE)]).ads[1]

    copy = copy_of(ads)
    assert "Закажите изготовление" in copy
    assert "Обсудите эскиз колец" in copy  # the page says it works from a sketch
    assert not re.search(r"Купите|Выберите .* в каталоге", copy)
    assert "12 900" not in copy  # the catalogue's price is not what a ring made to a sketch costs
    assert {ad.link.split("?")[0] for ad in ads} == {"https://aurum.example.ru/na-zakaz/"}
    assert ads[0].sitelinks[0].title == "Изготовление на заказ"


def test_a_group_named_for_making_says_the_work_once_in_its_call():
    phrases = ["изготовление колец", "изготовление колец на заказ", "изготовление обручальных колец"]
    ads = TemplateWriter().write([jewellery_group(1, "Изготовление колец", phrases)]).ads[1]

    copy = copy_of(ads)
    assert "Обсудите эскиз колец" in copy
    assert "Узнайте сроки изготовления колец" in copy
    assert "изготовления изготовления" not in copy
    assert "изготовление изготовления" not in copy


def test_other_groups_keep_the_shops_calls_and_never_link_to_the_made_to_order_section():
    groups = [
        jewellery_group(1, "Обручальные кольца", ["обручальные кольца", "обручальные кольца купить"]),
        jewellery_group(2, "Серьги", ["серьги", "серьги купить", "серьги из золота"]),
    ]
    ads = TemplateWriter().write(groups).ads

    assert ads[1][0].link.startswith("https://aurum.example.ru/obruchalnye/")
    assert ads[2][0].link.startswith("https://aurum.example.ru/sergi/")
    assert "Купите" in copy_of(ads[1])
    assert "изготовлен" not in copy_of(ads[1]).lower()


def test_a_business_that_never_says_it_makes_its_goods_does_not_invite_an_order_to_be_made():
    page = parse_page(
        "<html><body><nav><a href='/koltsa/'>Кольца</a></nav><h1>Кольца</h1><p>Доставка по Москве</p></body></html>",
        "https://resale.example.ru/",
    )
    brief = jewellery_group(
        1, "Кольца на заказ", MADE, page=page, landing_url=page.url, product_description="Магазин колец из золота"
    )

    ads = TemplateWriter().write([brief]).ads[1]

    assert "Закажите изготовление" not in copy_of(ads)
    assert not ads[0].link.startswith("https://resale.example.ru/na-zakaz/")


INSTALLER_HTML = """<html><head><title>Монтаж СКУД под ключ</title></head><body>
<nav class="main-menu"><ul><li><a href="/turnstiles/">Турникеты</a></li>
  <li><a href="/office/">Контроль доступа для офиса</a></li><li><a href="/service/">Обслуживание СКУД</a></li>
</ul></nav><h1>Монтаж систем контроля доступа под ключ</h1>
<ul><li>Смета за 1 день</li><li>Гарантия 3 года</li></ul>
<div class="card"><a href="/office/">Монтаж СКУД</a><p>Установка системы контроля доступа на дверь.</p></div>
</body></html>"""
INSTALLER_PAGE = parse_page(INSTALLER_HTML, "https://skud.example.ru/")


def test_the_reader_keeps_every_name_the_page_gives_one_address():
    names = {(link.text, link.url.removeprefix("https://skud.example.ru")) for link in INSTALLER_PAGE.links}

    assert {("Контроль доступа для офиса", "/office/"), ("Монтаж СКУД", "/office/")} <= names
    assert [link.text for link in INSTALLER_PAGE.links][:3] == ["Турникеты", "Контроль доступа для офиса",
                                                                 "Обслуживание СКУД"]  # fmt: skip


@pytest.mark.parametrize(
    ("phrases", "expected"),
    [
        (["скуд установка", "скуд монтаж", "установить скуд"], "/office/"),  # the card's «Монтаж СКУД»
        (["контроль доступа скуд", "система контроля доступа скуд"], "/office/"),  # «… для офиса»
        (["сервер скуд", "сервер системы скуд"], None),  # /service/ only begins like «сервер»
        (["беспроводной контроль доступа скуд"], None),  # its own word names another kind than the section's
    ],
)
def test_a_group_finds_its_section_under_another_name_or_before_its_purpose(phrases, expected):
    brief = installer_group(1, phrases, page=INSTALLER_PAGE, landing_url=INSTALLER_PAGE.url)
    product = phrases[0].split()

    section = matching_section(brief, product)

    assert (section.url.removeprefix("https://skud.example.ru") if section else None) == expected


def test_a_path_spelling_the_word_in_any_form_and_transliteration_matches_and_another_word_does_not():
    assert all(_spells(part, word) for part, word in [("koltsa", "кольцо"), ("chekhly", "чехол"), ("divany", "диван")])
    assert not _spells("service", "сервер")


def test_the_campaigns_general_ad_links_home_not_to_a_section_for_one_audience():
    tail = ["прайм скуд", "gate скуд", "скуд ворота", "мастер скуд", "раздел скуд", "скуд номер", "apollo скуд"]
    brief = installer_group(1, tail, page=INSTALLER_PAGE, landing_url=INSTALLER_PAGE.url,
                            names=["Системы контроля доступа (СКУД)"], seller=INSTALLER)  # fmt: skip

    ads = TemplateWriter().write([brief]).ads[1]

    assert {ad.link.split("?")[0] for ad in ads} == {"https://skud.example.ru/"}


def test_the_pages_short_selling_lines_are_read_as_the_whole_shops_claims():
    selling = JEWELLERY_PAGE.facts_of(SELLING)

    assert selling == ["Бесплатная гравировка", "Примерка в шоуруме"]  # «…колец…» names a product: left out


def test_a_list_with_no_fact_of_a_kind_gives_no_selling_lines():
    page = parse_page("<html><body><ul><li>Красивые кольца</li><li>Примерка в шоуруме</li></ul></body></html>",
                      "https://shop.example.ru/")  # fmt: skip

    assert page.facts_of(SELLING) == []


def test_selling_lines_reach_the_ads_of_every_group():
    names = [("Обручальные кольца", ["обручальные кольца", "обручальные кольца купить"]),
             ("Серьги", ["серьги", "серьги купить"]), ("Подвески", ["подвески", "подвески из золота"])]  # fmt: skip
    ads = TemplateWriter().write([jewellery_group(key, *item) for key, item in enumerate(names, 1)]).ads

    said = " ".join(copy_of(group) for group in ads.values())
    assert "Бесплатная гравировка" in said or "Примерка в шоуруме" in said


def test_a_work_is_the_section_of_the_product_it_makes():
    design = "<li><a href='/design/'>Проектирование</a></li></ul></nav>"
    page = parse_page(INSTALLER_HTML.replace("</ul></nav>", design), "https://skud.example.ru/")
    brief = installer_group(1, ["проект скуд", "проектирование скуд"], page=page, landing_url=page.url)

    assert matching_section(brief, ["проект", "СКУД"]).url == "https://skud.example.ru/design/"
    other = installer_group(2, ["контроллер скуд", "сетевой контроллер скуд"], page=page, landing_url=page.url)
    assert matching_section(other, ["контроллер", "СКУД"]) is None


def test_the_general_ad_takes_a_section_named_by_the_markets_name_whole():
    tail = ["прайм скуд", "gate скуд", "скуд ворота", "мастер скуд", "раздел скуд", "скуд номер", "apollo скуд"]
    market = "<li><a href='/skud/'>Системы контроля доступа СКУД</a></li></ul></nav>"
    page = parse_page(INSTALLER_HTML.replace("</ul></nav>", market), "https://skud.example.ru/")
    brief = installer_group(1, tail, page=page, landing_url=page.url, names=["Системы контроля доступа (СКУД)"])

    ads = TemplateWriter().write([brief]).ads[1]

    assert {ad.link.split("?")[0] for ad in ads} == {"https://skud.example.ru/skud/"}
