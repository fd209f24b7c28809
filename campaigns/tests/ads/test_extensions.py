"""Ads built from a shop page served on 127.0.0.1: on-site sitelinks, callouts and the page's facts in the texts."""

from __future__ import annotations

import re

import pytest
from django.core.cache.backends.locmem import LocMemCache

from campaigns.ads.extensions import brief_callouts, group_callouts, group_sitelinks
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.types import Sitelink
from campaigns.ads.validator import validate
from campaigns.landing import LandingOptions, read_landing
from campaigns.landing.fetch import FetchOptions
from campaigns.landing.types import LandingPage, PageFact, PageLink
from campaigns.tests.ads.conftest import make_brief
from core import direct_limits as limits
from tests.fakes.landing_site import SOFA_SHOP, FakeSite

CTA_ONLY = re.compile(r"^(Закажите|Оставьте|Узнайте|Выберите)[^.!?]*[.!?]$")


@pytest.fixture(scope="module")
def shop():
    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True))
        page = read_landing(site.page_url("/divany/"), options, cache=LocMemCache("extensions", {}))
        yield site, page


def brief_for(page, phrases, **overrides):
    return make_brief(**{"name": phrases[0], "phrases": phrases, "landing_url": page.url, "page": page,
                         "benefits": [], **overrides})  # fmt: skip


def paths(site, sitelinks):
    return [sitelink.url.split("?")[0].removeprefix(site.url) for sitelink in sitelinks]


def test_every_ad_gets_on_site_sitelinks_with_the_groups_section_first(shop):
    site, page = shop
    briefs = [
        brief_for(page, ["тахта купить в москве", "тахты"], key=1),
        brief_for(page, ["угловой диван", "купить угловой диван недорого"], key=2),
    ]

    result = TemplateWriter().write(briefs)

    tahta, corner = result.ads[1][0], result.ads[2][0]
    assert paths(site, tahta.sitelinks)[:5] == ["/catalog/tahty/", "/dostavka/", "/akcii/", "/kontakty/", "/oplata/"]
    assert paths(site, corner.sitelinks)[0] == "/catalog/uglovye-divany/"
    for ad in (ad for ads in result.ads.values() for ad in ads):
        assert validate(ad) == []
        assert 1 <= len(ad.sitelinks) <= limits.SITELINKS_MAX
        assert all(link.url.startswith(site.url) and "utm_source=yandex" in link.url for link in ad.sitelinks)
        assert len({sitelink.url for sitelink in ad.sitelinks}) == len(ad.sitelinks)
        assert sum(len(sitelink.title) for sitelink in ad.sitelinks[:4]) <= limits.SITELINK_BLOCK_TITLES_MAX
    descriptions = {sitelink.title: sitelink.description for sitelink in tahta.sitelinks}
    assert descriptions["Доставка и сборка"] == "Доставка по Москве за 1 день"  # the page's own words about it
    assert "000-00-00" not in descriptions["Контакты"]  # a phone belongs in the contact details, not a sitelink
    assert tahta.link.startswith(site.page_url("/catalog/tahty/"))  # the group's own section, not the home page
    assert corner.link.startswith(site.page_url("/catalog/uglovye-divany/"))


def test_callouts_come_from_the_page_facts_two_to_four_within_one_mobile_line(shop):
    _site, page = shop

    callouts = group_callouts(brief_for(page, ["тахта"]))

    assert callouts == ["Доставка", "Гарантия 2 года на каркас", "Возврат в течение 14 дней"]
    assert 2 <= len(callouts) <= 4
    assert sum(map(len, callouts)) <= limits.CALLOUTS_MOBILE_TOTAL
    assert all(len(callout) <= limits.CALLOUT_MAX for callout in callouts)


def test_selling_points_come_before_page_facts_and_a_fact_of_the_same_kind_is_not_repeated(shop):
    _site, page = shop

    callouts = group_callouts(brief_for(page, ["тахта"], benefits=["Доставка за 1 день", "Рассрочка 0%"]))

    assert callouts[:2] == ["Доставка за 1 день", "Рассрочка 0%"]
    assert not any(callout == "Доставка" for callout in callouts)


def test_texts_carry_the_pages_facts_and_differ_between_groups(shop):
    _site, page = shop
    briefs = [brief_for(page, ["тахта купить"], key=1), brief_for(page, ["диван кровать цена"], key=2)]

    result = TemplateWriter().write(briefs)

    tahta_texts, sofa_bed_texts = result.ads[1][0].texts, result.ads[2][0].texts
    # the product's own price leads and the call names it; the brief names sofas and beds, not tahtas, so its own
    # sentence carries the offer in another text, not «Тахта от фабрики»
    assert tahta_texts[0] == "Цены от 9 490 ₽. Рассрочка 0% на 12 месяцев. Купите тахту с доставкой!"
    assert any("Диваны и кровати от фабрики." in text for text in tahta_texts[1:])
    assert not any("Тахта от фабрики" in text for text in tahta_texts)
    # each price goes to its own product: the page gives 9 490 ₽ for a tahta, 12 990 ₽ for a sofa bed
    assert any("от 12 990 ₽" in text for text in sofa_bed_texts)
    assert not any("9 490" in text for text in sofa_bed_texts)
    assert not any("12 990" in text for text in tahta_texts)
    assert not set(tahta_texts) & set(sofa_bed_texts)
    facts = [fact.text for fact in page.facts] + ["цены от 9 490 ₽", "цены от 12 990 ₽", "от фабрики"]  # or the offer
    for text in tahta_texts + sofa_bed_texts:
        assert any(fact.lower() in text.lower() for fact in facts), text
        assert not CTA_ONLY.match(text)


def test_without_a_page_or_facts_a_text_still_names_the_product_and_is_never_a_call_to_action_alone():
    briefs = [
        make_brief(key=1, name="Тахта", phrases=["тахта"], benefits=[], product_description=""),
        make_brief(key=2, name="Софа", phrases=["софа"], benefits=[], product_description=""),
    ]

    result = TemplateWriter().write(briefs)

    texts = {key: ads[0].texts for key, ads in result.ads.items()}
    assert texts[1][0] == "Тахта в Москве. Закажите на сайте!"  # the lead names it; the call need not repeat it
    assert not set(texts[1]) & set(texts[2])
    assert not any(CTA_ONLY.match(text) for group in texts.values() for text in group)


def test_typed_sitelinks_come_first_and_page_links_fill_the_rest(shop):
    site, page = shop
    brief = brief_for(page, ["тахта"], sitelinks=[Sitelink("Шоурум", site.page_url("/showroom/"))])

    sitelinks = group_sitelinks(brief)

    assert paths(site, sitelinks)[:2] == ["/showroom/", "/catalog/tahty/"]


def test_login_cart_and_other_sites_links_are_never_sitelinks():
    page = LandingPage(
        url="https://shop.example/",
        final_url="https://shop.example/",
        links=[
            PageLink("Корзина", "https://shop.example/cart/"),
            PageLink("Личный кабинет", "https://shop.example/lk/"),
            PageLink("Тахты", "https://shop.example/tahty/"),
        ],
        facts=[PageFact("delivery", "Доставка за 1 день")],
    )

    sitelinks = group_sitelinks(make_brief(phrases=["тахта"], landing_url=page.url, page=page))

    assert [sitelink.title for sitelink in sitelinks] == ["Тахты"]


def test_the_brief_gives_its_works_as_callouts_but_not_a_bare_sale():
    offer = "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование"
    installer = make_brief(name="СКУД под ключ", product_description=offer)

    callouts = brief_callouts(installer)

    assert {"Монтаж", "Проектирование"} <= set(callouts)
    assert "Продажа" not in callouts


def test_a_long_fact_becomes_its_kinds_label_only_where_the_fact_may_be_said():
    """«Гарантия на керамику до 3 лет» is too long for a callout; «Гарантия» alone would promise it for tinting."""
    page = LandingPage(url="https://studio.example/", final_url="https://studio.example/",
                       facts=[PageFact("guarantee", "Гарантия на керамику до 3 лет")])  # fmt: skip
    studio = "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"

    def callouts(name):
        brief = make_brief(name=name, phrases=[name.lower()], product_description=studio, page=page, benefits=[])
        return group_callouts(brief)

    assert "Гарантия" not in callouts("Тонировка стекол")
    assert "Гарантия" in callouts("Керамика авто")


@pytest.mark.parametrize(
    ("fact", "region", "expected", "absent"),
    [
        ("Бесплатная доставка по Москве", "Москва", "Бесплатная доставка", "Доставка"),
        ("Бесплатный выезд мастера по Санкт-Петербургу", "Санкт-Петербург", "Бесплатный выезд мастера", None),
        # another place is part of the claim: the bare label stands in, never a wider promise
        ("Бесплатная доставка по Подмосковью", "Санкт-Петербург", "Доставка", "Бесплатная доставка"),
        ("Бесплатная доставка по Москве", "Москва и Московская область", "Доставка", "Бесплатная доставка"),
    ],
)
def test_a_long_fact_drops_only_the_campaigns_own_region_to_fit_a_callout(fact, region, expected, absent):
    kind = "visit" if "выезд" in fact else "delivery"
    page = LandingPage(url="https://shop.example/", final_url="https://shop.example/", facts=[PageFact(kind, fact)])
    brief = make_brief(name="Диван", phrases=["диван"], page=page, benefits=[], region_name=region)

    callouts = group_callouts(brief)

    assert expected in callouts
    assert absent not in callouts


JEWELLERY_MENU = """<nav class='menu'><ul><li><a href='/catalog/obruchalnye-koltsa/'>Обручальные кольца</a></li>
<li><a href='/catalog/pomolvochnye/'>Помолвочные кольца</a></li>
<li><a href='/catalog/sergi/'>Серьги</a></li></ul></nav>"""
INSTALLER_MENU = """<nav class='menu'><ul><li><a href='/oborudovanie/zamki/'>Электромагнитные замки</a></li>
<li><a href='/oborudovanie/turnikety/'>Турникеты</a></li><li><a href='/intercom/'>Домофония</a></li></ul></nav>"""


@pytest.mark.parametrize(
    ("menu", "name", "phrases", "expected"),
    [
        (JEWELLERY_MENU, "Широкие кольца",
         ["широкие обручальные кольца", "широкие кольца", "обручальные кольца широкие золото"],
         "/catalog/obruchalnye-koltsa/"),
        (JEWELLERY_MENU, "Женские кольца", ["женские кольца", "кольца женские золото", "обручальные кольца женские"],
         None),
        (JEWELLERY_MENU, "Кольца для помолвки", ["кольца для помолвки", "кольцо для помолвки купить"],
         "/catalog/pomolvochnye/"),  # the section's adjective is made from the group's noun
        (INSTALLER_MENU, "Домофон скуд", ["домофон скуд", "скуд и домофон", "домофон скуд цена"], "/intercom/"),
        (INSTALLER_MENU, "Замок на калитку",
         ["электромагнитный замок на калитку", "замок на калитку скуд", "электромагнитный замок калитка"],
         "/oborudovanie/zamki/"),
    ],
)  # fmt: skip
def test_a_group_no_section_names_links_where_most_of_its_phrases_belong(menu, name, phrases, expected):
    from campaigns.ads.extensions import matching_section
    from campaigns.landing.parse import parse_page

    page = parse_page(f"<html><body>{menu}<h1>Магазин</h1></body></html>", "https://shop.example.ru/")
    brief = make_brief(name=name, phrases=phrases, page=page, landing_url=page.url)

    section = matching_section(brief, name.split())

    assert (section.url.removeprefix("https://shop.example.ru") if section else None) == expected


def test_a_subscription_price_is_said_with_its_period():
    from campaigns.landing.parse import parse_page

    prices = "<p>Монтаж СКУД — от 15 000 ₽</p><p>Обслуживание СКУД — от 5 000 ₽ в месяц</p>"
    page = parse_page(f"<html><body><h1>СКУД</h1>{prices}</body></html>", "https://skud.example.ru/")
    offer = "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование, обслуживание"
    brief = make_brief(name="Обслуживание СКУД", phrases=["обслуживание скуд", "обслуживание скуд цена"],
                       product_description=offer, page=page, landing_url=page.url, benefits=[])  # fmt: skip

    copy = " ".join(" ".join([*ad.texts, *ad.callouts]) for ad in TemplateWriter().write([brief]).ads[1])

    assert "5 000 ₽ в месяц" in copy
    assert not re.search(r"5 000 ₽(?! в месяц)", copy)
