"""What a PPC specialist rewrote in a B2B installer's ads (issue 23), each as a rule any market's ads keep: a tail
group gets the campaign's general ad, a vendor the site does not name is never claimed, the page's offers are used,
a group about a listed item links to its section, and an abbreviation takes its head noun's gender."""

from __future__ import annotations

import re

import pytest

from campaigns.ads.extensions import matching_section
from campaigns.ads.grammar import abbreviation_genders, agree_with_abbreviations
from campaigns.ads.links import display_path, product_path
from campaigns.ads.template_writer import TemplateWriter
from campaigns.landing.parse import fact_kind, parse_page
from campaigns.landing.types import CONTRACT, ESTIMATE, VISIT
from campaigns.tests.ads.conftest import make_brief
from semantic.seller import SellerKind, SellerProfile

INSTALLER_PAGE = parse_page(
    """<html><head><title>СКУД под ключ в Москве — монтаж и обслуживание систем контроля доступа</title></head><body>
    <nav class="menu"><a href="/montazh-skud/">Монтаж СКУД</a> <a href="/oborudovanie/schityvateli/">Считыватели и
    карты доступа</a> <a href="/oborudovanie/kontrollery/">Контроллеры СКУД</a> <a href="/kontakty/">Контакты</a></nav>
    <h1>Системы контроля доступа под ключ для офисов и предприятий</h1>
    <ul><li>Бесплатный выезд инженера на объект</li><li>Смета за 1 день</li><li>Гарантия 3 года на монтаж</li>
    <li>Более 400 объектов с 2011 года</li><li>Работаем с НДС, по договору</li></ul>
    <table><tr><td>Монтаж СКУД на одну дверь</td><td>от 15 000 ₽</td></tr></table>
    <p>Проектируем и монтируем системы контроля и управления доступом. Ставим оборудование PERCo, Sigur и Болид.</p>
    </body></html>""",
    "https://skud.example.ru/",
)
INSTALLER = SellerProfile(SellerKind.SERVICES, ("brief: монтаж",))


def installer_group(key: int, phrases: list[str], page=INSTALLER_PAGE, **overrides):
    fields = {
        "key": key,
        "name": phrases[0],
        "phrases": phrases,
        "product_description": "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование",
        "names": ["СКУД под ключ"],
        "benefits": [],
        "landing_url": "https://skud.example.ru/",
        "page": page,
        "seller": INSTALLER,
        **overrides,
    }
    return make_brief(**fields)


def lines_of(ads) -> list[str]:
    return [line for ad in ads for line in [*ad.titles, *ad.texts]]


TAIL = ["прайм скуд", "gate скуд", "скуд ворота", "мастер скуд", "раздел скуд", "скуд номер", "apollo скуд"]


def test_a_tail_group_of_odd_phrases_gets_the_campaigns_general_ad_not_one_phrases_word():
    ads = TemplateWriter().write([installer_group(1, TAIL)]).ads[1]

    assert ads[1].titles[0] == "СКУД в Москве"
    assert not [line for line in lines_of(ads) if re.search(r"gate|прайм|ворот|мастер|раздел", line, re.I)]


def test_a_group_keeps_its_own_product_when_its_phrases_share_it():
    phrases = ["скуд биометрия", "идентификаторы скуд", "скуд с распознаванием лиц", "скуд по лицу", "скуд face id",
               "идентификация в скуд", "система распознавания лиц скуд", "скуд по биометрии лица",
               "идентификатор доступа скуд", "распознавание лиц скуд цена"]  # fmt: skip
    cards = ["карта скуд", "карточки скуд", "карта доступа скуд", "магнитная карта скуд", "карта скуд купить"]
    faces = installer_group(1, phrases, name="Скуд с распознаванием лиц")  # as the clustering names it
    ads = TemplateWriter().write([faces, installer_group(2, cards)]).ads

    assert ads[1][1].titles[0] == "СКУД с распознаванием лиц в Москве"  # what most of its phrases share
    assert ads[2][1].titles[0] == "Карта СКУД в Москве"


def test_a_group_named_after_a_word_two_of_its_top_phrases_share_keeps_it():
    """A brief holds the ten most searched phrases: «считыватель» is in half of «Считыватель скуд»'s 94 phrases,
    two of its top ten; a catch-all's first phrase's word is in one and gives no title."""
    readers = ["считыватель скуд", "биометрический скуд", "считыватель карт скуд", "скуд отпечаток пальца",
               "parsec скуд", "apollo скуд", "rfid скуд", "скуд кронверк", "скуд кодос", "gsm скуд"]  # fmt: skip
    tail = ["эра скуд", "скуд кпп", "база скуд", "скуд лифт", "скуд 2016", "скуд крючок", "скуд дача", "скуд тд"]
    named = installer_group(1, readers, name="Считыватель скуд")
    ads = TemplateWriter().write([named, installer_group(2, tail, name="Скуд: прочие запросы")]).ads

    assert ads[1][1].titles[0] == "Считыватель СКУД в Москве"
    assert ads[2][1].titles[0] == "СКУД в Москве"


def test_a_vendor_the_site_does_not_name_is_never_claimed_and_a_named_one_is_written_as_the_site_writes_it():
    sphinx = ["скуд сфинкс", "sphinx скуд", "контроллеры скуд сфинкс", "скуд сфинкс программа", "скуд сфинкс карты"]
    perco = ["скуд perco", "скуд перко", "скуд perco web", "перко скуд оборудование", "оборудование скуд perco"]
    ads = TemplateWriter().write([installer_group(1, sphinx), installer_group(2, perco)]).ads

    assert not [line for line in lines_of(ads[1]) if re.search(r"сфинкс|sphinx", line, re.I)]
    assert ads[1][1].titles[0] == "СКУД в Москве"
    assert ads[2][1].titles[0] == "СКУД PERCo в Москве"  # the page writes «PERCo»


def test_without_a_read_page_a_brand_group_keeps_its_brand():
    ads = TemplateWriter().write([installer_group(1, ["скуд сфинкс", "sphinx скуд", "скуд сфинкс карты"], page=None)])

    assert ads.ads[1][1].titles[0] == "СКУД Сфинкс в Москве"  # nothing tells which vendors the installer has


def test_a_vendor_read_in_one_group_is_a_vendor_in_every_group():
    briefs = [
        installer_group(1, ["бастион скуд", "bastion скуд", "скуд бастион интеграция", "скуд апк бастион"]),
        installer_group(2, ["контроллер скуд", "контроллер бастион скуд", "сетевой контроллер скуд", "контроллер"]),
    ]
    ads = TemplateWriter().write(briefs).ads

    assert not [title for ad in ads[2] for title in ad.titles if "астион" in title]


def test_the_pages_offers_for_business_buyers_are_read_and_spread_across_groups():
    assert [fact.kind for fact in INSTALLER_PAGE.facts if fact.kind in (VISIT, ESTIMATE, CONTRACT)] == [
        VISIT, ESTIMATE, CONTRACT,
    ]  # fmt: skip
    assert fact_kind("Выезд мастера в день обращения") == VISIT
    products = ["контроллер", "считыватель", "турникет", "замок", "комплект", "сервер"]
    briefs = [installer_group(key, [f"{word} скуд", f"{word} скуд купить"]) for key, word in enumerate(products, 1)]
    ads = TemplateWriter().write(briefs).ads

    offers = ("Бесплатный выезд инженера", "Смета за 1 день", "Работаем с НДС")
    for key in ads:
        copy = [*lines_of(ads[key]), *ads[key][0].callouts]
        assert [line for line in copy if any(offer.casefold() in line.casefold() for offer in offers)], key
    first_texts = {ads[key][0].texts[0].split(". ")[0] for key in ads}
    assert len(first_texts) > 2  # neighbouring groups open with different offers
    assert [line for line in lines_of(ads[1]) if "Запросите смету" in line]  # the page offers an estimate
    assert not [title for key in ads for ad in ads[key] for title in ad.titles if "— работаем" in title]


def test_a_works_price_goes_to_the_group_of_that_work_in_another_word():
    installation = installer_group(1, ["скуд установка", "скуд монтаж", "установить скуд"])
    briefs = [installation, installer_group(2, ["карта скуд"])]
    ads = TemplateWriter().write(briefs).ads

    assert [line for ad in ads[1] for line in [*lines_of([ad]), *ad.callouts] if "15 000" in line]
    assert not [line for ad in ads[2] for line in [*lines_of([ad]), *ad.callouts] if "15 000" in line]


def test_a_group_about_an_item_a_section_lists_links_to_that_section():
    section = matching_section(installer_group(1, ["карта скуд"]), ["карта", "СКУД"])
    home = matching_section(installer_group(2, ["скуд"]), ["СКУД"])

    assert section is not None
    assert section.url == "https://skud.example.ru/oborudovanie/schityvateli/"
    assert home is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Сетевой", "СКУД"], ["Сетевая", "СКУД"]),
        (["автономный", "СКУД"], ["автономная", "СКУД"]),
        (["Считыватель", "бесконтактный", "СКУД"], ["Считыватель", "бесконтактный", "СКУД"]),  # its noun's
        (["Сетевые", "системы", "СКУД"], ["Сетевые", "системы", "СКУД"]),
        (["Сетевой", "ОПС"], ["Сетевой", "ОПС"]),  # not expanded: its gender would be a guess
    ],
)
def test_an_adjective_before_an_abbreviation_takes_its_head_nouns_gender(words, expected):
    genders = abbreviation_genders(["СКУД", "ОПС"], ["Проектируем системы контроля и управления доступом"])

    assert genders == {"скуд": "femn"}
    assert agree_with_abbreviations(words, genders) == expected


def test_an_abbreviation_defined_in_parentheses_has_its_expansions_gender():
    assert abbreviation_genders(["СКУД"], ["Монтаж систем контроля доступа (СКУД)"]) == {"скуд": "femn"}


def test_an_installer_writes_a_network_system_in_the_feminine():
    ads = TemplateWriter().write([installer_group(1, ["сетевой скуд", "сетевые системы скуд", "сетевой скуд цена"])])

    assert ads.ads[1][1].titles[0] == "Сетевая СКУД в Москве"
    assert not [line for line in lines_of(ads.ads[1]) if "Сетевой СКУД" in line]


def test_titles_keep_no_search_word_order_after_an_abbreviation():
    phrases = ["турникет скуд", "система скуд турникет", "турникет скуд купить", "скуд проходная"]
    titles = [title for ad in TemplateWriter().write([installer_group(1, phrases)]).ads[1] for title in ad.titles]

    assert "Турникет СКУД в Москве" in titles
    assert not [title for title in titles if re.search(r"СКУД (?:турникет|проходная)", title)]


def test_an_offer_never_repeats_the_products_word():
    ads = TemplateWriter().write([installer_group(1, ["ключ для скуд", "ключ карта скуд", "электронный ключ скуд"])])

    assert not [line for line in lines_of(ads.ads[1]) if re.search(r"ключ.*под ключ", line, re.I)]


def test_a_display_path_never_ends_on_a_preposition():
    assert product_path(["СКУД", "с", "распознаванием", "лиц"], frozenset({"скуд"})) == "СКУД"
    assert display_path("Диван для гостиной и кухни большой") == "Диван-для-гостиной"


def test_a_title_in_a_search_phrases_form_gives_way_to_one_an_advertiser_writes():
    buttons = ["кнопка выход скуд", "кнопка на скуд", "кнопка разблокировки скуд", "аварийная кнопка скуд",
               "кнопка разблокировки дверей скуд"]  # fmt: skip
    controllers = ["контроллер скуд", "контроллер скуд z 5r", "сетевой контроллер скуд", "контроллер скуд е500",
                   "скуд в россии"]  # fmt: skip
    ads = TemplateWriter().write([installer_group(1, buttons), installer_group(2, controllers)]).ads

    assert ads[1][1].titles[0] == "Кнопка разблокировки СКУД в Москве"
    titles = [title for ad in ads[2] for title in ad.titles]
    assert "Контроллер СКУД в Москве" in titles
    assert not [title for title in titles if re.search(r"\bz\b|5r|е500|россии", title)]


def test_other_titles_leave_out_an_adjective_left_where_it_was_typed_and_a_noun_said_twice():
    gates = ["калитка скуд", "скуд на калитку уличный", "комплект скуд для калитки", "скуд для калитки купить"]
    rings = ["обручальные кольца с бриллиантами", "кольца с бриллиантами обручальные",
             "белое золото с бриллиантами кольцо обручальное кольцо",
             "обручальное кольцо из золота с бриллиантами"]  # fmt: skip
    shop = {"product_description": "Ювелирный интернет-магазин: обручальные кольца из золота", "names": []}
    ads = TemplateWriter().write([installer_group(1, gates), make_brief(key=2, name=rings[0], phrases=rings, **shop)])

    titles = [title for key in (1, 2) for ad in ads.ads[key] for title in ad.titles]
    assert "Комплект СКУД для калитки" in titles
    assert "Обручальное кольцо из золота с бриллиантами" in titles
    typed = r"калитку уличный|бриллиантами обручальные|кольцо обручальное"
    assert not [title for title in titles if re.search(typed, title)]
