"""A title names only what the business offers, and a call offers only what the site does (issue 23, the
specialist's rewrites of session 15), each as a rule any market's ads keep: a company's name is no title, nor an
estimator's phrase; a work a studio or an installer does not list gives the business's general ad; a product joined
to another system leads no title; «Запишитесь онлайн» only where the page offers online booking."""

from __future__ import annotations

import re

from campaigns.ads.naming import brand_words
from campaigns.ads.offering import sold_part
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.truth import GroupTruth
from campaigns.ads.voice import unoffered_work, work_objects, work_stem
from campaigns.landing.parse import fact_kind, parse_page
from campaigns.landing.types import BOOKING
from campaigns.tests.ads.conftest import make_brief
from campaigns.tests.ads.test_installer_review import installer_group
from semantic.seller import SellerKind, SellerProfile

STUDIO_PAGE = parse_page(
    """<html><head><title>Детейлинг-студия в Санкт-Петербурге — полировка, керамика, оклейка плёнкой</title></head>
    <body><nav class="menu"><a href="/polirovka/">Полировка кузова</a> <a href="/himchistka/">Химчистка салона</a>
    <a href="/o-studii/">О студии</a></nav><h1>Детейлинг-студия в Санкт-Петербурге</h1>
    <ul><li>Гарантия на керамику до 3 лет</li><li>Онлайн-запись на любую услугу</li></ul>
    <table><tr><td>Полировка кузова</td><td>от 9 000 ₽</td></tr><tr><td>Химчистка салона</td><td>от 6 000 ₽</td></tr>
    </table></body></html>""",
    "https://detailing.example.ru/",
)
STUDIO = SellerProfile(SellerKind.SERVICES, ("brief: полировка",))


def studio_group(key: int, phrases: list[str], **overrides):
    fields = {
        "key": key,
        "name": phrases[0],
        "phrases": phrases,
        "product_description": "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка",
        "names": ["Детейлинг-студия"],
        "benefits": [],
        "region_name": "Санкт-Петербург",
        "landing_url": "https://detailing.example.ru/",
        "page": STUDIO_PAGE,
        "seller": STUDIO,
        **overrides,
    }
    return make_brief(**fields)


def lines_of(ads) -> list[str]:
    return [line for ad in ads for line in [*ad.titles, *ad.texts]]


def titles_of(ads) -> list[str]:
    return [title for ad in ads for title in ad.titles]


def test_a_phrase_naming_a_company_by_its_type_is_no_title_in_any_market():
    skud = installer_group(1, ["скуд для дома", "скуд для частного дома", "торговый дом скуд", "скуд в частный дом"])
    sofa = make_brief(key=2, phrases=["диван", "торговый дом диван", "купить диван", "группа компаний диван"])
    ads = TemplateWriter().write([skud, sofa]).ads

    assert ads[1][1].titles[0] == "СКУД для дома в Москве"
    titles = [title for group in ads.values() for title in titles_of(group)]
    assert not [title for title in titles if re.search(r"торгов|групп", title, re.I)]


def test_an_estimators_phrase_is_no_title_in_any_market():
    skud = installer_group(1, ["смета скуд", "скуд расценка в смете", "смета на скуд", "сметный расчет скуд"])
    repair = make_brief(
        key=2, name="Ремонт квартир", phrases=["ремонт квартир", "смета на ремонт квартиры", "ремонт квартир цена"],
        product_description="Ремонт квартир под ключ", benefits=[],
    )  # fmt: skip
    ads = TemplateWriter().write([skud, repair]).ads

    assert ads[1][1].titles[0] == "СКУД в Москве"  # the installer's general ad
    assert not [title for group in ads.values() for title in titles_of(group) if "смет" in title.lower()]


def test_an_ordinal_before_a_word_beside_the_markets_name_makes_a_name():
    assert brand_words(["первый бит скуд", "бит скуд"], frozenset({"скуд"}), frozenset()) == {"бит"}
    assert brand_words(["третий рим ибп", "ибп купить"], frozenset({"ибп"}), frozenset()) == {"рим"}
    assert brand_words(["контроллер скуд", "сетевой контроллер скуд"], frozenset({"скуд"}), frozenset()) == set()


def test_a_vendor_named_after_an_ordinal_gets_the_installers_general_ad():
    ads = TemplateWriter().write([installer_group(1, ["бит скуд", "1с бит скуд", "первый бит скуд", "бит скуд цена"])])

    assert ads.ads[1][1].titles[0] == "СКУД в Москве"
    assert not [line for line in lines_of(ads.ads[1]) if re.search(r"\bбит\b", line, re.I)]


def test_a_work_the_studio_does_not_list_gives_its_general_ad_linked_home():
    ads = TemplateWriter().write([studio_group(1, ["спб реставрация кожи"])]).ads[1]

    assert ads[1].titles[0] == "Детейлинг-студия в Санкт-Петербурге"
    assert ads[0].link.startswith("https://detailing.example.ru/?")  # not «О студии»
    assert not [line for line in lines_of(ads) if "еставрац" in line]
    assert any("олировка" in text for text in ads[0].texts)  # the works it does, not a bare call


def test_a_studios_other_titles_name_no_work_it_does_not_list():
    phrases = ["детейлинг спб", "детейлинг авто", "детейлинг мойка", "детейлинг студия", "детейлинг центр"]
    ads = TemplateWriter().write([studio_group(1, phrases)]).ads[1]

    assert ads[1].titles[0] == "Детейлинг в Санкт-Петербурге"
    assert not [title for title in titles_of(ads) if "мойк" in title.lower()]


def test_a_work_named_by_a_listed_works_object_is_that_work_in_other_words():
    phrases = ["бронирование фар", "бронирование фар пленкой", "бронирование фар пленкой спб", "бронирование фар цена"]
    ads = TemplateWriter().write([studio_group(1, phrases)]).ads[1]

    assert ads[1].titles[0] == "Бронирование фар пленкой в Санкт-Петербурге"
    assert work_objects(["Полировка, оклейка плёнкой, химчистка салона"]) == {work_stem("плёнка"), work_stem("салон")}
    said = frozenset(work_stem(word) for word in ["оклейка", "полировка", "настраивать"])
    assert unoffered_work({"бронирование", "фара", "плёнка"}, said, frozenset({work_stem("плёнка")})) == ""
    assert unoffered_work({"мойка", "детейлинг"}, said | {work_stem("детейлинг")}, frozenset()) == "мойка"
    assert unoffered_work({"настройка", "скуд"}, said, frozenset()) == ""  # «настраиваем» says it


def test_an_installer_keeps_a_work_its_page_prices_and_loses_one_it_never_names():
    priced = installer_group(1, ["обслуживание скуд", "техническое обслуживание скуд", "обслуживание скуд цена"])
    repair = installer_group(2, ["ремонт скуд", "ремонт контроллера скуд", "ремонт скуд цена", "ремонт турникета скуд"])
    page = parse_page(
        "<html><head><title>СКУД под ключ</title></head><body><h1>Монтаж СКУД</h1><table><tr><td>Обслуживание СКУД"
        "</td><td>от 5 000 ₽</td></tr></table></body></html>",
        "https://skud.example.ru/",
    )
    ads = TemplateWriter().write([installer_group(1, priced.phrases, page=page), repair]).ads

    assert ads[1][1].titles[0] == "Обслуживание СКУД в Москве"
    assert ads[2][1].titles[0] == "СКУД в Москве"
    assert not [line for line in lines_of(ads[2]) if "емонт" in line]


def test_another_system_joined_to_the_offered_one_leads_no_title_in_either_spelling():
    phrases = ["видеонаблюдение и скуд", "видеонаблюдение скуд", "системы видеонаблюдения и скуд",
               "видеонаблюдение скуд цена"]  # fmt: skip
    ads = TemplateWriter().write([installer_group(1, phrases)]).ads[1]

    assert ads[1].titles[0] == "СКУД в Москве"
    assert not [line for line in lines_of(ads) if "идеонаблюд" in line]


def test_a_service_whose_page_offers_online_booking_asks_to_book_online_in_any_market():
    massage_page = parse_page(
        "<html><head><title>Массаж в Москве</title></head><body><h1>Массажный кабинет</h1>"
        "<h2>Запишитесь онлайн</h2><p>Выберите время сеанса.</p></body></html>",
        "https://massage.example.ru/",
    )
    massage = make_brief(
        key=2, name="Массаж спины", phrases=["массаж спины", "массаж спины цена", "массаж спины москва"],
        product_description="Массаж в Москве", benefits=[], landing_url="https://massage.example.ru/",
        page=massage_page, seller=STUDIO,
    )  # fmt: skip
    ads = TemplateWriter().write([studio_group(1, ["химчистка салона", "химчистка салона цена"]), massage]).ads

    assert massage_page.facts_of(BOOKING) == ["Запишитесь онлайн"]
    assert fact_kind("Онлайн-запись на любую услугу") == BOOKING
    assert "Запишитесь онлайн на химчистку салона!" in " ".join(ads[1][0].texts)
    assert "Запишитесь онлайн на массаж спины!" in " ".join(ads[2][0].texts)


def test_without_the_pages_word_no_line_offers_online_booking():
    no_booking = parse_page(
        "<html><head><title>Детейлинг</title></head><body><h1>Детейлинг-студия</h1></body></html>",
        "https://detailing.example.ru/",
    )
    brief = studio_group(1, ["химчистка салона", "химчистка салона цена"], page=no_booking)
    ads = TemplateWriter().write([brief]).ads[1]

    assert not [line for line in lines_of(ads) if "онлайн" in line.lower()]
    assert "Запишитесь на химчистку салона!" in " ".join(ads[0].texts)
    assert not GroupTruth(brief).allows("Запишитесь онлайн!")  # an LLM writer's line has no source either
    assert GroupTruth(studio_group(1, ["химчистка салона"])).allows("Запишитесь онлайн!")


def test_a_place_named_with_its_adjective_is_never_the_object_of_a_call_in_any_market():
    school = ["скуд школа", "система скуд в школах", "купить скуд для школы", "безопасная школа скуд"]
    ads = TemplateWriter().write([installer_group(1, school)]).ads[1]

    assert [line for line in lines_of(ads) if re.search(r"(?:на|КП на) СКУД для школы[.!]", line)]  # its topic
    assert not [line for line in lines_of(ads) if re.search(r"на безопасную школу|^Безопасная школа СКУД для", line)]
    assert sold_part(["Безопасная", "школа", "СКУД"], frozenset({"скуда"}), school) == ["СКУД"]
    generators = ["генератор для дома", "генератор в загородный дом", "загородный дом генератор"]
    assert sold_part(["Загородный", "дом", "генератор"], frozenset({"генератор"}), generators) == ["генератор"]
    assert sold_part(["Электромагнитный", "замок", "СКУД"], frozenset({"скуда"}), ["замок скуд"]) == [
        "Электромагнитный", "замок", "СКУД",
    ]  # fmt: skip


def test_a_shops_general_ad_keeps_the_noun_of_its_name():
    shop = make_brief(
        key=1, name="Прочие фразы", phrases=["как выбрать серьги", "серьги википедия"], names=["Ювелирный магазин"],
        product_description="Серьги и кольца из золота", benefits=[],
    )  # fmt: skip
    factory = make_brief(
        key=2, name="Прочие фразы", phrases=["как выбрать диван", "диван википедия"], names=["Мебельная фабрика"]
    )
    ads = TemplateWriter().write([shop, factory]).ads

    assert ads[1][1].titles[0] == "Ювелирный магазин в Москве"
    assert ads[2][1].titles[0] == "Мебельная фабрика в Москве"


def test_a_place_name_every_phrase_of_the_group_shares_is_its_product():
    hoops = make_brief(
        key=1, name="Серьги конго", phrases=["серьги конго", "серьги конго купить", "серьги конго золотые"],
        names=["Ювелирный магазин"], product_description="Серьги и кольца из золота", benefits=[],
    )  # fmt: skip
    sofas = make_brief(key=2, name="Диван Милан", phrases=["диван милан", "диван милан купить", "диван милан цена"])
    studs = make_brief(key=3, phrases=["серьги гвоздики", "серьги гвоздики купить"], names=["Ювелирный магазин"])
    corner = make_brief(key=4, phrases=["угловой диван", "угловой диван купить"])
    ads = TemplateWriter().write([hoops, sofas, studs, corner]).ads  # серьги, диван: the markets' nouns

    assert ads[1][1].titles[0] == "Серьги конго в Москве"
    assert ads[2][1].titles[0].startswith("Диван")
    assert "илан" in ads[2][1].titles[0]
