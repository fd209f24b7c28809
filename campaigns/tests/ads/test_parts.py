"""An installer's ads for its parts groups and titles that keep the group's topic (issue 23, a specialist's review
of a СКУД installer): a business that only works on a system offers its installing work on a part instead of a sale,
and a title standing for a group's main phrase says what that phrase says."""

from __future__ import annotations

import re

from campaigns.ads.parts import installing_work, says_it_installs
from campaigns.ads.template_writer import TemplateWriter
from campaigns.landing.parse import parse_page
from campaigns.tests.ads.conftest import make_brief
from semantic.seller import SellerKind, SellerProfile

WORKS = "Проектирование, монтаж и обслуживание СКУД для офисов и предприятий под ключ"
PAGE = parse_page(
    """<html><head><title>Монтаж СКУД под ключ</title></head><body><h1>Монтаж систем контроля доступа</h1>
    <p>Установка системы контроля доступа на дверь или весь офис: контроллер, считыватели, замки.</p>
    <p>Проектируем и обслуживаем СКУД: считыватели карт и биометрии.</p></body></html>""",
    "https://skud.example.ru/",
)


def group(key: int, phrases: list[str], kind=SellerKind.SERVICES, description=WORKS):
    return make_brief(
        key=key, name=phrases[0], phrases=phrases, product_description=description, names=["СКУД"], benefits=[],
        landing_url="https://skud.example.ru/", page=PAGE, seller=SellerProfile(kind),
    )  # fmt: skip


def lines(ads) -> list[str]:
    return [line for ad in ads for line in [*ad.titles, *ad.texts]]


CONTROLLERS = ["контроллер скуд", "купить контроллер скуд", "сетевой контроллер скуд", "контроллер скуд цена"]
SERVERS = ["сервер скуд", "купить сервер скуд", "сервер системы скуд", "сервер скуд цена"]


def test_it_reads_the_installing_work_a_brief_lists():
    assert installing_work([WORKS]) == "монтаж"
    assert installing_work(["Обслуживание и ремонт СКУД"]) == ""
    assert installing_work(["Продажа и монтаж СКУД"]) == ""  # it sells the parts too


def test_a_part_is_installed_only_as_an_item_of_its_own():
    texts = ["Устанавливаем считыватели карт и биометрии.", "Выпуск карт за 1 день."]

    assert says_it_installs("считыватель", texts)
    assert not says_it_installs("карта", texts)  # an attribute of the readers, and no work in the other sentence


def test_an_installer_offers_its_work_on_a_part_it_installs_never_a_sale():
    ads = TemplateWriter().write([group(1, CONTROLLERS)]).ads[1]

    assert any("монтаж контроллера СКУД" in line for line in lines(ads))
    assert not [line for line in lines(ads) if re.search(r"купит|на контроллер", line, re.IGNORECASE)]


def test_an_installer_names_no_part_it_never_says_it_installs_in_its_calls():
    ads = TemplateWriter().write([group(1, SERVERS)]).ads[1]

    assert not [line for line in lines(ads) if re.search(r"купит|на сервер|монтаж сервера", line, re.IGNORECASE)]
    assert ads[1].titles[0].startswith("Сервер СКУД")


def test_a_business_that_sells_too_keeps_its_buying_titles():
    sells = group(1, CONTROLLERS, kind=SellerKind.BOTH, description="Продажа и монтаж СКУД для офисов")
    ads = TemplateWriter().write([sells]).ads[1]

    assert "Купить контроллер СКУД" in ads[0].titles
    assert not any("монтаж контроллера" in line for line in lines(ads))


def test_a_title_says_what_the_groups_main_phrase_says_not_what_a_minor_phrase_adds():
    fire = ["скуд пожарная безопасность", "безопасность средств безопасности скуд", "транспортная безопасность скуд",
            "скуд информационная безопасность", "пожарная безопасность скуд"]  # fmt: skip
    school = ["скуд школа", "безопасная школа скуд", "система скуд в школах", "скуд школа цена",
              "купить скуд для школы"]  # fmt: skip
    ads = TemplateWriter().write([group(1, fire), group(2, school)]).ads

    assert not [line for line in lines(ads[1]) if re.search(r"транспортн|информационн", line, re.IGNORECASE)]
    assert "школ" in ads[2][1].titles[0].lower()
    assert "Безопасная" not in ads[2][1].titles[0]


def test_a_title_that_swaps_the_main_phrases_quality_is_left_out_and_a_kind_of_it_kept():
    locks = ["электромагнитный замок скуд", "скуд электромеханический замок", "накладной электромагнитный замок скуд",
             "электромагнитный замок скуд цена"]  # fmt: skip
    ads = TemplateWriter().write([group(1, locks), group(2, CONTROLLERS)]).ads

    assert not [line for line in lines(ads[1]) if "электромеханич" in line.lower()]
    assert "Накладной электромагнитный замок СКУД" in ads[1][0].titles
    assert "Сетевой контроллер СКУД" in ads[2][0].titles  # its main phrase names no quality


def test_a_product_code_the_site_never_names_gets_the_general_ad_as_an_unnamed_vendor_does():
    ones = ["скуд 1с", "1с зуп скуд", "скуд 1с фитнес", "учет рабочего времени скуд 1с"]
    ads = TemplateWriter().write([group(1, ones), group(2, CONTROLLERS)]).ads

    assert not [line for line in lines(ads[1]) if "1с" in line.lower()]
    assert ads[1][1].titles[0] == "СКУД в Москве"


def test_an_installer_s_titles_never_say_buy_even_for_the_system_itself():
    """«Купить систему СКУД» from a business that only designs, installs and maintains: a shop's word; a business that
    sells as well keeps it."""
    system = ["купить систему скуд", "купить систему скуд в москве", "система скуд купить цена", "купить скуд офис"]

    installer = TemplateWriter().write([group(1, system)]).ads[1]
    seller = TemplateWriter().write([group(1, system, SellerKind.BOTH, "Продажа и монтаж СКУД под ключ")]).ads[1]

    assert not [title for ad in installer for title in ad.titles if title.lower().startswith("купить")]
    assert [title for ad in seller for title in ad.titles if title.lower().startswith("купить")]
