"""The seller is read from evidence: a service word naming the purpose of goods does not make a shop a service."""

import pytest

from semantic.seller import SellerKind, detect_seller, offered_lemmas


@pytest.mark.parametrize(
    ("brief", "kind"),
    [
        ("Интернет-магазин автохимии и автокосметики: всё для мойки, полировки и ухода за автомобилем", "goods"),
        ("Диваны и кровати от фабрики: прямые, угловые, модульные", "goods"),
        ("Инструменты: всё для ремонта, доставка по Москве. Магазин", "goods"),
        ("Продажа и монтаж СКУД для офисов и предприятий", "both"),
        ("Детейлинг студия: полировка, керамика, химчистка салона", "services"),
        ("Лазерная эпиляция в СПб", "services"),
    ],
)
def test_the_brief_decides_by_what_it_offers(brief, kind):
    assert detect_seller([brief]).kind == SellerKind(kind)


def test_a_purpose_after_dlya_is_not_offered():
    assert "мойка" not in offered_lemmas("всё для мойки, полировки и ухода за автомобилем")
    assert "монтаж" in offered_lemmas("насосы для скважин, монтаж")


def test_without_evidence_the_answer_is_both():
    assert detect_seller(["СКУД"]).kind == SellerKind.BOTH


def test_the_list_speaks_when_the_brief_and_page_are_silent():
    profile = detect_seller(["Автохимия"], "", ["купить автошампунь", "автохимия магазин", "воск для авто"])
    assert profile.kind == SellerKind.GOODS
    assert profile.goods_evidence


def test_a_page_with_a_cart_is_a_shop():
    page = "Каталог. Добавить в корзину. Артикул 123. В наличии."
    assert detect_seller(["Автохимия"], page).kind == SellerKind.GOODS


def test_a_silent_brief_reads_the_list_where_a_few_buying_phrases_make_goods_a_market():
    phrases = ["монтаж скуд", "установка скуд", "ремонт скуд", "купить скуд", *(f"скуд модель {n}" for n in range(40))]

    assert detect_seller(["СКУД"], phrases=phrases).kind == SellerKind.BOTH
    assert detect_seller(["СКУД"], phrases=phrases[:3] + phrases[4:]).kind == SellerKind.SERVICES
