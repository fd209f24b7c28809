from __future__ import annotations

from campaigns.ads.repairer import repair
from campaigns.ads.types import Sitelink
from campaigns.ads.validator import validate
from campaigns.tests.ads.conftest import make_ad


def test_it_drops_filler_words_to_fit_title2():
    ad = make_ad(titles=["Купить диван в Москве", "Очень быстрая доставка за 1 день"])

    outcome = repair(ad)

    assert outcome.ad.titles == ["Купить диван в Москве", "Быстрая доставка за 1 день"]
    assert any("title2" in change for change in outcome.changes)


def test_it_uses_known_short_forms_when_fillers_are_not_enough():
    ad = make_ad(texts=["Ремонт холодильников в Санкт-Петербурге от 1500 рублей, выезд мастера через 30 минут."])

    outcome = repair(ad)

    assert outcome.ad.texts == ["Ремонт холодильников в СПб от 1500 ₽, выезд мастера через 30 мин."]


def test_it_moves_the_tail_of_title1_to_an_empty_title2():
    long_title = "Ремонт холодильников на дому в Нижнем Новгороде, выезд в день обращения"
    ad = make_ad(titles=[long_title])

    outcome = repair(ad)

    assert outcome.ad.titles == ["Ремонт холодильников на дому в Нижнем Новгороде", "Выезд в день обращения"]
    assert any("moved" in change for change in outcome.changes)


def test_it_never_splits_title1_right_after_a_preposition():
    ad = make_ad(titles=["Купить удобный угловой диван с ортопедическим матрасом и ящиком для белья"])

    outcome = repair(ad)

    head = outcome.ad.titles[0] if outcome.ad else ""
    assert not head.endswith((" с", " и", " для"))


def test_it_fixes_spacing_capitals_and_extra_exclamation_marks():
    ad = make_ad(titles=["купить  диван ВНИМАНИЕ!!! скидки!", "Доставка 🚚 за 1 день"])

    outcome = repair(ad)

    assert outcome.ad.titles == ["Купить диван внимание! скидки.", "Доставка за 1 день"]
    assert validate(outcome.ad) == []


def test_it_drops_trailing_sentences_of_a_long_text_but_never_cuts_one():
    ad = make_ad(
        texts=["Диваны и кровати от фабрики в Москве. Доставка за один день по всему городу. Большой шоурум у метро."]
    )

    outcome = repair(ad)

    assert outcome.ad.texts == ["Диваны и кровати от фабрики в Москве. Доставка за один день по всему городу."]


def test_it_rejects_an_ad_it_cannot_shorten_without_losing_meaning():
    ad = make_ad(titles=["Ремонт и обслуживание холодильников, морозильных камер и кондиционеров всех марок"] * 1)
    ad = ad.with_changes(titles=[*ad.titles, "Выезд мастера на дом в день обращения"])

    outcome = repair(ad)

    assert outcome.ad is None
    assert any("title1" in change for change in outcome.changes)


def test_it_rejects_an_ad_with_a_broken_link():
    outcome = repair(make_ad(link="divan.example.ru", titles=["Купить  диван", "Доставка"]))

    assert outcome.ad is None
    assert any(change.startswith("link") for change in outcome.changes)


def test_it_keeps_the_sitelinks_that_fit_and_says_which_it_dropped():
    sitelinks = [
        Sitelink("Доставка", "https://divan.example.ru/dostavka"),
        Sitelink("доставка", "https://divan.example.ru/dostavka2"),
        Sitelink("Цены?", "https://divan.example.ru/ceny"),
        Sitelink("Контакты", "divan.example.ru/kontakty"),
        Sitelink("Каталог", "https://divan.example.ru/katalog", "о" * 70),
    ]

    outcome = repair(make_ad(sitelinks=sitelinks))

    assert [(s.title, s.description) for s in outcome.ad.sitelinks] == [("Доставка", ""), ("Цены", ""), ("Каталог", "")]
    assert any("sitelinks[1]" in change and "dropped" in change for change in outcome.changes)
    assert any("sitelinks[3]" in change and "dropped" in change for change in outcome.changes)


def test_it_keeps_combinatorial_variants_that_fit_and_drops_the_rest():
    ad = make_ad(
        kind="combinatorial",
        titles=["Купить диван", "купить диван", "Слово" * 5 + " диван", *[f"Диван модель {n}" for n in range(1, 8)]],
        texts=["Диваны от фабрики.", "Доставка за 1 день.", "Гарантия 2 года.", "Рассрочка."],
    )

    outcome = repair(ad)

    assert outcome.ad.titles == ["Купить диван", *[f"Диван модель {n}" for n in range(1, 7)]]
    assert outcome.ad.texts == ["Диваны от фабрики.", "Доставка за 1 день.", "Гарантия 2 года."]


def test_it_shortens_or_drops_callouts_and_cleans_the_display_link():
    ad = make_ad(
        callouts=["Гарантия 2 года", "Бесплатная доставка по всей России"], display_link="Купить диван_недорого"
    )

    outcome = repair(ad)

    assert outcome.ad.callouts == ["Гарантия 2 года"]
    assert outcome.ad.display_link == "Купить-диван"
