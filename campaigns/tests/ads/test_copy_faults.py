"""The faults a PPC specialist found in the offline writer's copy, each as a rule any market's ads keep."""

from __future__ import annotations

import re

from campaigns.ads.offering import offered_names, offered_part
from campaigns.ads.phrasing import counts_a_noun
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.truth import sentences_of
from campaigns.ads.voice import offered_works, works_of
from campaigns.landing.parse import fact_kind
from campaigns.landing.types import PRICE, LandingPage, PageFact, PageLink
from campaigns.tests.ads.conftest import make_brief
from semantic.seller import SellerKind, SellerProfile

SKUD = {
    "product_description": "Продажа и монтаж систем контроля доступа (СКУД) для офисов и предприятий, проектирование",
    "names": ["СКУД под ключ"],
    "benefits": [],
    "landing_url": "https://skud.example.ru/",
}


CALL = re.compile(r"^(?:Купите|Закажите|Выберите|Оформите|Оставьте|Запишитесь|Узнайте)")


def skud_group(key: int, phrases: list[str], **overrides):
    return make_brief(key=key, name=phrases[0], phrases=phrases, **{**SKUD, **overrides})


def all_lines(ads) -> list[str]:
    return [line for ad in ads for line in [*ad.titles, *ad.texts]]


def test_titles_are_never_built_from_bare_numbers_years_or_words_outside_the_market():
    briefs = [
        skud_group(1, ["скуд 86", "скуд", "скуд 2017", "скуд zkteco", "скуд болид"]),
        skud_group(2, ["купить фиат скуда", "фиат скуда цена", "скуда машина"]),
        skud_group(3, ["система скуд", "скуд болид", "монтаж скуд"]),
    ]

    ads = TemplateWriter().write(briefs).ads

    titles = [title for key in (1, 2) for ad in ads[key] for title in ad.titles]
    assert not [title for title in titles if re.search(r"\b\d+\b", title)]
    assert not [title for title in titles if re.search(r"zkteco|фиат|скуда", title, re.IGNORECASE)]
    assert ads[2][1].titles[0] == "СКУД в Москве"  # no phrase reads as a product: the market's name, not its offer


def test_brands_are_not_declined_and_abbreviations_keep_their_capitals():
    briefs = [
        skud_group(1, ["страж скуд", "страж скуд цена", "скуд страж"]),
        skud_group(2, ["сот скуд", "скуд сот"], product_description="Монтаж СОТ и СКУД"),
        skud_group(3, ["опс скуд", "опс скуд монтаж", "скс скуд"], product_description="Монтаж ОПС и СКУД"),
    ]

    ads = TemplateWriter().write(briefs).ads

    assert ads[1][1].titles[0] == "СКУД Страж в Москве"
    assert not [line for line in all_lines(ads[1]) if re.search(r"\bстраж[аеу]\b", line, re.IGNORECASE)]
    assert ads[2][1].titles[0] == "СОТ СКУД в Москве"
    assert not [line for line in all_lines(ads[2]) if "сотн" in line.lower()]
    assert ads[3][1].titles[0].startswith("ОПС СКУД")


def test_a_b2b_installer_asks_for_a_request_and_promises_a_calculation_only_when_its_brief_does():
    plain = TemplateWriter().write([skud_group(1, ["монтаж скуд"])]).ads[1]
    priced = TemplateWriter().write(
        [skud_group(1, ["монтаж скуд"], product_description=SKUD["product_description"] + ", расчёт стоимости")]
    ).ads[1]

    assert not [text for text in plain[0].texts if "Рассчитаем" in text]
    assert any("Оставьте заявку" in text for text in plain[0].texts)
    assert any("Рассчитаем стоимость" in text for text in priced[0].texts)


def test_neighbouring_groups_texts_name_their_product_and_differ():
    briefs = [skud_group(key, [phrase]) for key, phrase in enumerate(["карта скуд", "турникет скуд", "сервер скуд"], 1)]

    ads = TemplateWriter().write(briefs).ads

    texts = {key: ads[key][0].texts for key in ads}
    assert all(len(group) >= 2 for group in texts.values())
    assert not set(texts[1]) & set(texts[2])
    assert not set(texts[2]) & set(texts[3])
    for key, product in ((1, "карт"), (2, "турникет"), (3, "сервер")):
        assert all(product in text.lower() for text in texts[key]), texts[key]


def test_the_briefs_selling_points_reach_the_texts_and_no_claim_is_made_twice_in_an_ad():
    benefits = ["Доставка за 1 день", "Гарантия 2 года", "Рассрочка 0%", "Возврат в течение 14 дней",
                "Своё производство с 2009 года"]  # fmt: skip
    phrases = ["угловой диван", "диван кровать", "прямой диван", "кожаный диван", "детский диван"]
    briefs = [make_brief(key=key, name=p, phrases=[p], benefits=benefits) for key, p in enumerate(phrases, 1)]

    ads = TemplateWriter().write(briefs).ads

    in_texts = " ".join(text for group in ads.values() for text in group[0].texts)
    assert "Гарантия 2 года" in in_texts
    assert "Рассрочка 0%" in in_texts
    for group in ads.values():
        for ad in group:
            sentences = [s for text in ad.texts for s in sentences_of(text) if not CALL.match(s)]
            claims = [*ad.callouts, *ad.titles[1:], *sentences]
            kinds = [fact_kind(claim) for claim in claims if fact_kind(claim)]
            assert len(kinds) == len(set(kinds)), claims


def test_a_region_the_phrase_names_is_said_once_and_a_compound_name_is_declined_as_one_noun():
    brief = make_brief(
        name="Детейлинг",
        phrases=["детейлинг спб", "детейлинг мойка", "детейлинг санкт-петербург"],
        product_description="Детейлинг-центр: мойка, полировка, керамика, химчистка салона, тонировка",
        benefits=[],
        region_name="Санкт-Петербург",
    )
    moika = make_brief(
        key=2, name="Детейлинг мойка", phrases=["детейлинг мойка"], benefits=[], region_name="Санкт-Петербург",
        product_description="Детейлинг-центр: мойка, полировка, керамика, химчистка салона, тонировка",
    )  # fmt: skip

    ads = TemplateWriter().write([brief, moika]).ads

    lines = all_lines(ads[1])
    assert ads[1][1].titles[0] == "Детейлинг в Санкт-Петербурге"
    assert not [line for line in lines if re.search(r"\bспб\b.*Петербург|Петербург.*\bспб\b", line, re.I)]
    assert not [line for line in all_lines(ads[2]) if "детейлинг мойка" in line.lower()]
    assert "Детейлинг-мойка" in ads[2][1].titles[0]
    assert all(title[:1].isupper() for group in ads.values() for ad in group for title in ad.titles)


def test_a_number_in_a_title_counts_the_noun_after_it():
    assert counts_a_noun("24", "порта")
    assert counts_a_noun("120", "см")
    assert counts_a_noun("21", "дверь")
    assert not counts_a_noun("968", "носки")  # an article number before the product
    assert not counts_a_noun("500", "сетевой")
    brief = make_brief(name="коммутатор 12 в", phrases=["коммутатор 12 в", "коммутатор 12v", "коммутатор 12 вольт"])

    assert TemplateWriter().write([brief]).ads[1][1].titles[0] == "Коммутатор 12 вольт в Москве"


def test_title_2_says_the_offer_only_of_a_product_the_brief_names_and_else_the_works_it_lists():
    briefs = [skud_group(key, [phrase]) for key, phrase in enumerate(["карта скуд", "турникет скуд", "скуд"], 1)]

    ads = TemplateWriter().write(briefs).ads

    works = {"Продажа и монтаж", "Монтаж и проектирование", "Проектирование и продажа"}
    assert {ads[key][1].titles[1] for key in (1, 2)} <= works  # not «Карта СКУД» — «Под ключ»
    assert ads[1][1].titles[1] != ads[2][1].titles[1]
    assert ads[3][1].titles[1] in {"Под ключ", "Для офисов и предприятий"}  # the brief's own product


def test_no_audience_is_added_to_a_product_that_names_its_own():
    ads = TemplateWriter().write([skud_group(1, ["скуд для дома", "скуд для частного дома"])]).ads[1]

    assert not [line for line in all_lines(ads) if len(re.findall(r"\bдля\b", line)) > 1]
    assert not [line for line in all_lines(ads) if "офисов" in line]


def test_a_noun_standing_beside_an_abbreviation_is_never_the_object_of_a_call():
    ads = TemplateWriter().write([skud_group(1, ["скуд школа", "скуд школа цена"])]).ads[1]

    assert ads[1].titles[0] == "СКУД школа в Москве"
    assert not [text for ad in ads for text in ad.texts if re.search(r"\bна СКУД школ", text)]


def test_works_in_a_title_keep_the_one_word_object_the_brief_gives_them():
    texts = ["Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"]

    assert offered_works(texts, first=["химчистка"], most=2, objects=True) == "Химчистка салона и полировка"
    assert offered_works(texts, most=2, objects=True) == "Полировка и керамика"
    assert offered_works(texts, most=2, objects=True, turn=1) == "Керамика и оклейка плёнкой"
    assert offered_works(texts) == "Полировка, керамика, оклейка, химчистка и тонировка"


def test_every_item_of_a_list_of_works_is_a_work_though_its_word_alone_names_a_material():
    texts = ["Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"]

    assert works_of(texts) == ["полировка", "керамика", "оклейка плёнкой", "химчистка салона", "тонировка"]
    # a noun governed by «для» is whom the work is for, not one more work
    assert works_of(["Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование"]) == [
        "продажа",
        "монтаж",
        "проектирование",
    ]


def test_works_joined_by_and_are_declined_together_in_a_call():
    studio = {"product_description": "Детейлинг в СПб: полировка, керамика, химчистка салона", "benefits": []}
    phrases = ["полировка и керамика авто спб", "полировка и керамика авто"]
    ads = TemplateWriter().write([make_brief(key=1, name=phrases[0], phrases=phrases, **studio)]).ads[1]

    assert not [line for line in all_lines(ads) if re.search(r"на полировку и керамика\b", line)]
    assert [line for line in all_lines(ads) if "на полировку и керамику" in line]


def test_a_price_title_only_where_the_ad_states_a_price():
    ads = TemplateWriter().write([skud_group(1, ["установка скуд", "установка скуд цена", "скуд школа цена"])]).ads[1]

    assert not [title for ad in ads for title in ad.titles if title.startswith("Цены на")]
    assert "Установка СКУД" in ads[0].titles


def test_callouts_come_from_the_brief_when_there_is_no_page():
    ads = TemplateWriter().write([skud_group(1, ["установка скуд", "монтаж скуд"])]).ads[1]

    callouts = ads[0].callouts
    assert len(callouts) >= 2
    brief = "продажа монтаж скуд под ключ для офисов и предприятий проектирование"
    assert all(set(callout.casefold().split()) <= set(brief.split()) for callout in callouts)
    assert not {title.casefold() for title in ads[1].titles} & {callout.casefold() for callout in callouts}


def test_a_product_joined_by_and_to_one_the_business_does_not_offer_is_never_promised():
    phrases = ["видеонаблюдение и скуд", "камеры видеонаблюдения и скуд", "проектирование скуд и видеонаблюдения"]
    ads = TemplateWriter().write([skud_group(1, phrases)]).ads[1]

    # a specialist rewrites «Видеонаблюдение и СКУД» from an installer of СКУД alone: the general ad leads
    assert ads[1].titles[0] == "СКУД в Москве"
    other = TemplateWriter().write([skud_group(2, ["видеонаблюдение и скуд", "видеонаблюдение скуд"])]).ads[2]
    assert not [line for ad in [*ads, *other] for line in [*ad.titles, *ad.texts] if "идеонаблюд" in line]
    assert offered_part(["Установка", "и", "настройка", "СКУД"], frozenset({"скуда"})) == [
        "Установка", "и", "настройка", "СКУД",
    ]  # fmt: skip
    assert offered_part(["Автономный", "контроллер", "и", "считыватель", "СКУД"], frozenset({"скуда"}))[1] == (
        "контроллер"
    )


def test_a_combinatorial_ads_other_titles_name_the_groups_product():
    ads = TemplateWriter().write([skud_group(1, ["контроллер скуд", "блок питания скуд", "сетевой контроллер скуд"])])

    titles = ads.ads[1][0].titles
    assert "Сетевой контроллер СКУД" in titles
    assert not [title for title in titles if "питания" in title]
    one_c = TemplateWriter().write([skud_group(2, ["скуд 1с", "скуд для фитнеса", "скуд 1с зуп"])]).ads[2][0].titles
    assert not [title for title in one_c if "фитнеса" in title]  # a short model word names the product too


def test_a_price_phrases_noun_read_as_a_genitive_is_the_object_of_prices():
    page = LandingPage(url="https://skud.example.ru/", final_url="https://skud.example.ru/", title="СКУД")
    page.priced.append(PageFact(PRICE, "от 5 000 ₽", "Обслуживание СКУД"))
    ads = TemplateWriter().write([skud_group(1, ["обслуживание скуд", "цена обслуживания скуд"], page=page)]).ads[1]

    assert "Цены на обслуживание СКУД" in ads[0].titles


def test_a_call_names_only_a_product_the_brief_or_the_page_has_and_never_the_business_itself():
    sofa = {"product_description": "Диваны и кровати от фабрики", "benefits": ["Гарантия 2 года"]}
    studio = {"product_description": "Детейлинг в СПб: полировка, керамика, химчистка салона", "benefits": []}
    briefs = [
        make_brief(key=1, name="Тахта", phrases=["тахта", "тахта купить"], **sofa),
        make_brief(key=2, name="Угловой диван", phrases=["угловой диван"], **sofa),
        make_brief(key=3, name="Детейлинг студия", phrases=["детейлинг студия"], **studio),
        make_brief(key=4, name="Керамика", phrases=["керамическое покрытие авто"], **studio),
    ]

    ads = TemplateWriter().write(briefs).ads

    texts = {key: [text for ad in ads[key] for text in ad.texts] for key in ads}
    assert not [text for text in texts[1] if re.search(r"тахт[уы]\b", text)]
    assert any("угловой диван" in text for text in texts[2])
    assert not [text for text in texts[3] if "на детейлинг-студию" in text]
    assert any("Запишитесь на сайте" in text for text in texts[3])
    assert any("на керамическое покрытие" in text for text in texts[4])


def test_a_shop_whose_brief_lists_no_products_names_each_groups_product_in_its_calls():
    shop = {"product_description": "Товары для дома и семьи, более 5 000 товаров", "benefits": ["Гарантия 1 год"]}
    briefs = [make_brief(key=key, name=p, phrases=[p], **shop) for key, p in enumerate(["чайник", "сковорода"], 1)]

    ads = TemplateWriter().write(briefs).ads

    assert any("чайник" in text for ad in ads[1] for text in ad.texts)
    assert any("сковороду" in text for ad in ads[2] for text in ad.texts)


def test_a_title_never_leaves_a_phrases_noun_ungoverned():
    studio = {"product_description": "Детейлинг в СПб: полировка, керамика, химчистка салона", "benefits": []}
    phrases = ["полировка фар", "полировка фар пленка цена", "полировка фар автомобиля"]
    ads = TemplateWriter().write([make_brief(key=1, name="Полировка фар", phrases=phrases, **studio)]).ads[1]

    assert "Полировка фар автомобиля" in ads[0].titles
    assert not [title for title in ads[0].titles if "пленка" in title]


def test_another_systems_abbreviation_beside_the_offered_one_is_never_promised():
    ads = TemplateWriter().write([skud_group(1, ["опс скуд", "опс скуд монтаж", "скуд соуэ", "скуд ибп"])]).ads[1]

    assert ads[1].titles[0] == "СКУД в Москве"  # the installer's own system, not the one searched beside it
    assert not [line for line in all_lines(ads) if re.search(r"ОПС|СОУЭ", line)]
    assert offered_names(["ОПС", "СКУД"], {"опс": "ОПС", "скуд": "СКУД"}, frozenset({"скуда"})) == ["СКУД"]


def test_a_title_calls_the_seller_a_maker_only_when_the_brief_or_page_says_so():
    reseller = TemplateWriter().write([skud_group(1, ["скуд купить", "скуд производители"])]).ads[1]
    phrases = ["угловой диван", "угловой диван от производителя"]
    factory = make_brief(name="Угловой диван", phrases=phrases, benefits=["Своё производство"])

    assert not [title for title in reseller[0].titles if "роизводител" in title]
    assert "Угловой диван от производителя" in TemplateWriter().write([factory]).ads[1][0].titles


def test_a_works_price_goes_only_to_the_group_of_the_object_it_is_priced_for():
    page = LandingPage(url="https://studio.example.ru/", final_url="https://studio.example.ru/", title="Детейлинг")
    page.priced.append(PageFact(PRICE, "от 9 000 ₽", "Полировка кузова"))
    studio = {"product_description": "Детейлинг в СПб: полировка, керамика, химчистка салона", "benefits": []}
    briefs = [
        make_brief(key=1, name="Полировка кузова", phrases=["полировка кузова"], page=page, **studio),
        make_brief(key=2, name="Полировка фар", phrases=["полировка фар"], page=page, **studio),
    ]
    ads = TemplateWriter().write(briefs).ads

    assert [line for line in all_lines(ads[1]) if "9 000" in line]
    assert not [line for line in all_lines(ads[2]) if "9 000" in line]


def test_a_noun_before_the_product_that_says_where_it_goes_is_never_the_object_of_a_call():
    page = LandingPage(url="https://skud.example.ru/", final_url="https://skud.example.ru/", title="СКУД под ключ")
    page.links.append(PageLink("Карты доступа", "https://skud.example.ru/karty/", in_navigation=True))
    school = ["школа скуд", "скуд в школе", "ограждение скуд"]
    kits = ["комплект скуд", "комплект скуд для двери"]
    briefs = [skud_group(1, school, page=page), skud_group(2, ["карта скуд"], page=page), skud_group(3, kits)]
    ads = TemplateWriter().write(briefs).ads

    assert ads[1][1].titles[0] == "Школа СКУД в Москве"  # Title 1 says what was searched
    assert not [line for line in all_lines(ads[1]) if re.search(r"\bна школу\b|^Школа СКУД для", line)]
    assert [line for line in all_lines(ads[2]) if "на карту СКУД" in line]  # the page sells cards
    assert not [title for ad in ads[1] for title in ad.titles if "Ограждение" in title]  # another group's product
    assert [line for line in all_lines(ads[3]) if "на комплект СКУД" in line]  # a kit is sold, not a place


def test_a_groups_own_work_leads_the_works_by_its_stem_or_its_object():
    texts = ["Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"]

    assert offered_works(texts, first=["керамическое", "покрытие"], most=2, objects=True) == "Керамика и полировка"
    assert offered_works(texts, first=["бронирование", "фар", "пленкой"], most=2, objects=True).startswith("Оклейка")


def test_a_callout_does_not_repeat_the_groups_own_work():
    studio = {"product_description": "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, тонировка", "benefits": []}
    phrases = ["керамическое покрытие авто", "керамическое покрытие авто цена"]
    ads = TemplateWriter().write([make_brief(key=1, name=phrases[0], phrases=phrases, **studio)]).ads[1]

    assert ads[0].callouts
    assert "Керамика" not in ads[0].callouts


def test_the_brief_s_works_still_get_a_text_when_the_price_leaves_no_room_beside_them():
    page = LandingPage(url="https://studio.example.ru/", final_url="https://studio.example.ru/", title="Детейлинг")
    page.priced.append(PageFact(PRICE, "от 6 000 ₽", "Химчистка салона"))
    studio = "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"
    brief = make_brief(name="Химчистка салона", phrases=["химчистка салона"], page=page, product_description=studio,
                       benefits=[])  # fmt: skip

    texts = TemplateWriter().write([brief]).ads[1][0].texts

    assert any("6 000 ₽" in text for text in texts)
    assert any("полировка, керамика" in text.lower() for text in texts)  # was «Химчистка салона: оставьте заявку»


def test_two_texts_that_differ_only_in_punctuation_are_one():
    studio = "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка"
    seller = SellerProfile(SellerKind.SERVICES, (), ("brief: полировка",))
    common = {"product_description": studio, "benefits": [], "names": ["Детейлинг-студия"],
              "region_name": "Санкт-Петербург", "seller": seller}  # fmt: skip
    films = ["бронирование фар", "бронирование лобового стекла", "бронирование фар пленкой", "бронирование фар спб"]
    briefs = [
        make_brief(key=1, name="Химчистка салона", phrases=["химчистка салона", "химчистка салона авто"], **common),
        make_brief(key=2, name="Бронирование фар", phrases=films, **common),
    ]

    texts = TemplateWriter().write(briefs).ads[2][0].texts

    words = [" ".join(re.findall(r"[а-яё]+", text.lower())) for text in texts]
    assert len(set(words)) == len(words)  # not «Бронирование фар. Узнайте…» and «Бронирование фар: узнайте…»
