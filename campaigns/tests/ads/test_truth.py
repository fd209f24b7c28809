"""Every claim where it belongs: a source for each, its own subject, no contradiction, no service from a shop."""

from __future__ import annotations

import json

import pytest

from campaigns.ads.llm_client import LlmClient, LlmConfig
from campaigns.ads.llm_writer import LlmWriter
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.truth import GroupTruth, hold_to_truth
from campaigns.landing.parse import parse_page
from campaigns.tests.ads.conftest import make_ad, make_brief
from semantic.seller import SellerKind, SellerProfile
from tests.fakes.openai_api import FakeOpenAIServer

CAR_CARE_PAGE = parse_page(
    """<html><head><title>Автохимия для мойки и полировки — магазин</title></head><body>
    <nav class="menu"><a href="/catalog/avtoshampuni/">Автошампуни</a> <a href="/catalog/polirovka/">Полироли</a>
    <a href="/cart/">Корзина</a> <a href="/dostavka/">Доставка</a></nav>
    <h1>Автохимия и полироли</h1>
    <ul><li>Автошампуни от 390 ₽, полироли от 590 ₽</li><li>Бесплатная доставка от 5 000 ₽</li>
    <li>Более 2 000 товаров в каталоге</li></ul>
    <div class="card"><a href="/p/1">Шампунь Grass</a><button>В корзину</button></div></body></html>""",
    "https://shop.example.ru/",
)
SHOP = SellerProfile(SellerKind.GOODS, ("brief: магазин",))


def car_care(name, phrases, **overrides):
    fields = {"name": name, "phrases": phrases, "page": CAR_CARE_PAGE, "landing_url": "https://shop.example.ru/",
              "product_description": "Интернет-магазин автохимии: более 2 000 товаров для мойки и полировки",
              "benefits": [], "seller": SHOP, **overrides}  # fmt: skip
    return make_brief(**fields)


def copy_of(ads):
    return [line for ad in ads for line in [*ad.titles, *ad.texts, *ad.callouts]]


def test_a_price_goes_only_to_the_groups_of_its_product():
    briefs = [
        car_care("Автошампунь", ["автошампунь купить", "автошампунь для ручной мойки"], key=1),
        car_care("Полировальная машина", ["полировальная машина купить", "полировальная машинка"], key=2),
        car_care("Малярный скотч", ["малярный скотч", "малярный скотч купить"], key=3),
    ]

    result = TemplateWriter().write(briefs)

    assert any("390 ₽" in line for line in copy_of(result.ads[1]))
    for key in (2, 3):
        assert not any("390" in line or "590" in line for line in copy_of(result.ads[key])), key
    assert result.rejected == []


def test_a_price_of_a_qualified_product_stays_with_it_when_the_dictionary_lacks_the_qualifier():
    """«Помолвочные кольца с бриллиантом от 39 900 ₽»: pymorphy3 does not know «помолвочные», and the price was read
    as every ring's, so «Кольца с бриллиантами» claimed it; it belongs to the engagement rings only."""
    page = parse_page(
        '<html><body><h1>Аурум</h1><div class="card"><a href="/pomolvochnye/">Помолвочные кольца с бриллиантом</a>'
        '<span class="price">от 39 900 ₽</span></div></body></html>',
        "https://aurum.example.ru/",
    )
    briefs = [
        make_brief(name="Помолвочные кольца", phrases=["помолвочные кольца", "помолвочное кольцо купить"], key=1,
                   page=page, landing_url="https://aurum.example.ru/", seller=SHOP),
        make_brief(name="Кольца с бриллиантами", phrases=["кольца с бриллиантами", "кольцо с бриллиантом"], key=2,
                   page=page, landing_url="https://aurum.example.ru/", seller=SHOP),
    ]  # fmt: skip

    result = TemplateWriter().write(briefs)

    assert any("39 900 ₽" in line for line in copy_of(result.ads[1]))
    assert not any("39 900" in line for line in copy_of(result.ads[2]))


def test_a_shop_never_promises_a_service_it_does_not_name():
    brief = car_care("Химчистка салона", ["химчистка салона авто", "заказать химчистку салона"])

    ads = TemplateWriter().write([brief]).ads[brief.key]

    lines = copy_of(ads)
    assert not any("закажите химчистку" in line.lower() or "заказать химчистку" in line.lower() for line in lines)
    assert any(line.startswith("Купите") or "Купите" in line for line in lines)  # the shop's own verb


def test_a_claim_with_no_source_is_never_written():
    truth = GroupTruth(make_brief(benefits=["Гарантия 2 года"], product_description="Диваны от фабрики"))

    for line in ("Скидки на диван", "Акция на диваны", "Купить недорого диван", "Диваны в наличии",
                 "Доставка за 1 день", "Официальный сайт фабрики", "Техподдержка Сигур", "Гарантия 5 лет"):  # fmt: skip
        assert not truth.allows(line), line
    assert truth.allows("Гарантия 2 года")
    assert truth.allows("Диваны от фабрики в Москве")


def test_next_day_delivery_of_a_made_to_order_product_is_never_written():
    made_to_order = make_brief(name="Диван на заказ", phrases=["диван на заказ", "диван на заказ по размерам"])
    in_stock = make_brief(name="Угловой диван", phrases=["угловой диван купить"])

    assert not GroupTruth(made_to_order).allows("Доставка за 1 день")
    assert GroupTruth(in_stock).allows("Доставка за 1 день")
    lines = copy_of(TemplateWriter().write([made_to_order]).ads[made_to_order.key])
    assert not any("за 1 день" in line for line in lines)


STUDIO = "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("Тонировка стекол", False),
        ("Химчистка салона", False),
        ("Реставрация кожи", False),  # a work the brief does not list is still another work
        ("Бронирование фар", False),  # an action's noun names a work too
        ("Керамическое покрытие авто", True),
        ("Полировка и керамика", True),
        ("Детейлинг спб", True),  # the studio as a whole does ceramics
    ],
)
def test_a_claim_naming_one_listed_work_stays_with_that_work(name, allowed):
    brief = make_brief(name=name, phrases=[name.lower()], product_description=STUDIO,
                       benefits=["Гарантия на керамику до 3 лет"])  # fmt: skip

    assert GroupTruth(brief).allows("Гарантия на керамику до 3 лет") is allowed
    lines = copy_of(TemplateWriter().write([brief]).ads[brief.key])
    if not allowed:  # the writer chose other lines
        assert not any("гарантия на керамику" in line.lower() for line in lines)


def test_an_installers_guarantee_on_mounting_is_the_mounting_groups_and_the_equipments():
    installer = "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование"
    given = {"product_description": installer, "benefits": ["Гарантия 3 года на монтаж"]}
    truths = {
        name: GroupTruth(make_brief(name=name, phrases=[name.lower()], **given))
        for name in ("Скуд установка", "Контроллер скуд", "Проектирование скуд")
    }

    assert truths["Скуд установка"].allows("Гарантия 3 года на монтаж")  # монтаж and установка are one service
    assert truths["Контроллер скуд"].allows("Гарантия 3 года на монтаж")
    assert not truths["Проектирование скуд"].allows("Гарантия 3 года на монтаж")


def test_a_repeated_sentence_and_a_callout_the_text_already_says_are_dropped():
    ad = make_ad(
        texts=["Гарантия 2 года. Гарантия 2 года. Закажите на сайте!"], callouts=["Гарантия 2 года", "Рассрочка 0%"]
    )
    truth = GroupTruth(make_brief(benefits=["Гарантия 2 года", "Рассрочка 0%", "Доставка за 1 день"]))

    held, changes = hold_to_truth(ad, truth)

    assert held.texts == ["Гарантия 2 года. Закажите на сайте!"]
    assert held.callouts == ["Рассрочка 0%"]
    assert changes


def test_the_llm_writer_gets_the_facts_with_their_subjects_and_its_claims_are_checked(settings):
    brief = car_care("Полировальная машина", ["полировальная машина купить"], key=5)
    seen = {}

    def answer(body):
        seen["payload"] = json.loads(body["messages"][1]["content"])
        lie = "Цены от 390 ₽. Скидки 50%. Купите на сайте!"
        titles = ["Полировальная машина", "Закажите полировку авто"]
        group = {"key": 5, "title1": titles[0], "title2": "Скидки 50%", "text": lie, "titles": titles, "texts": [lie]}
        return {"groups": [group]}

    with FakeOpenAIServer(responder=answer) as server:
        config = LlmConfig(server.api_key, server.url + "/v1", "test", 30.0, 0, 0.0, 0.0)
        result = LlmWriter(LlmClient(config), batch_size=5).write([brief])

    group = seen["payload"]["groups"][0]
    assert {"text": "от 390 ₽", "about": "Автошампуни"} in group["priced"]  # a price keeps its subject
    assert "более 2 000 товаров" in group["offer"]
    lines = copy_of(result.ads[5])
    assert lines
    assert not any("390" in line or "Скидки" in line or "полировку" in line for line in lines)
    assert result.rejected == []


@pytest.mark.parametrize(
    ("page_html", "expected"),
    [
        ('<nav class="menu"><a href="/catalog/avtoshampuni/">Шампуни</a></nav>', "/catalog/avtoshampuni/"),
        ('<nav class="menu"><a href="/razdel-7/">Автошампуни</a></nav>', "/razdel-7/"),
        ('<nav class="menu"><a href="/catalog/polirovka/">Полироли</a></nav>', None),
    ],
)
def test_a_group_links_to_its_own_section_by_the_links_text_or_path(page_html, expected):
    page = parse_page(f"<html><body><h1>Магазин</h1>{page_html}</body></html>", "https://shop.example.ru/")
    brief = car_care("Автошампунь", ["автошампунь купить"], page=page)

    ad = TemplateWriter().write([brief]).ads[brief.key][0]

    link = ad.link.split("?")[0]
    assert link == (f"https://shop.example.ru{expected}" if expected else "https://shop.example.ru/")
    if expected:
        assert ad.sitelinks[0].url.split("?")[0] == link


def test_a_service_group_links_to_the_section_that_names_its_work_in_another_word():
    """«Монтаж СКУД» is the section of «Скуд установка»: монтаж and установка are one service, as the grouping reads
    them; without it the largest group of an installer's campaign led to the home page."""
    page = parse_page(
        '<html><body><h1>СКУД под ключ</h1><nav class="menu"><a href="/uslugi/montazh-skud/">Монтаж СКУД</a>'
        '<a href="/uslugi/proektirovanie-skud/">Проектирование СКУД</a></nav></body></html>',
        "https://skud.example.ru/",
    )
    brief = make_brief(
        name="Скуд установка",
        phrases=["скуд установка", "установка скуд цена"],
        page=page,
        landing_url="https://skud.example.ru/",
        product_description="Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование",
        benefits=[],
        seller=SellerProfile(SellerKind.SERVICES, ("brief: монтаж",)),
    )

    ad = TemplateWriter().write([brief]).ads[brief.key][0]

    assert ad.link.split("?")[0] == "https://skud.example.ru/uslugi/montazh-skud/"
    assert ad.sitelinks[0].url.split("?")[0] == "https://skud.example.ru/uslugi/montazh-skud/"
