from __future__ import annotations

import pytest

from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.types import Sitelink
from campaigns.ads.validator import validate
from campaigns.models import Ad
from campaigns.tests.ads.conftest import make_brief
from campaigns.tests.factories import AdGroupFactory
from semantic.errors import Cancelled

GOLDEN_BRIEFS = [
    make_brief(
        key=1,
        name="Купить диван",
        phrases=["купить диван", "диван купить недорого", "купить диван кровать"],
        product_description="Диваны и кровати от фабрики. Собственное производство в Подмосковье.",
        region_name="Москва",
        landing_url="https://divan.example.ru/catalog",
        benefits=["Доставка за 1 день", "Гарантия 2 года", "Рассрочка 0%"],
        sitelinks=[
            Sitelink("", "https://divan.example.ru/dostavka"),
            Sitelink("", "https://divan.example.ru/ceny"),
            Sitelink("", "https://divan.example.ru/kontakty"),
        ],
    ),
    make_brief(
        key=2,
        name="Ремонт холодильников на дому",
        phrases=["ремонт холодильников на дому", "ремонт холодильника", "мастер по ремонту холодильников"],
        product_description="Ремонт холодильников всех марок на дому, выезд мастера в день обращения.",
        region_name="Нижний Новгород",
        landing_url="https://holod.example.ru/",
        benefits=["Выезд за 1 час", "Гарантия на ремонт 1 год"],
        callouts=["Без выходных", "Оригинальные запчасти"],
    ),
    make_brief(
        key=3,
        name="Курсы английского онлайн",
        phrases=["курсы английского онлайн", "английский для взрослых онлайн"],
        product_description="Онлайн-школа английского языка для взрослых: уроки с преподавателем по видеосвязи.",
        region_name="Санкт-Петербург",
        landing_url="https://english.example.com/?from=direct",
        benefits=["Первый урок бесплатно", "Занятия в удобное время"],
    ),
]

GOLDEN = {
    1: {
        "combinatorial": (
            [
                "Купить диван в Москве",
                "Купить диван",
                "Диван от фабрики",
                "Купить диван-кровать",
                "Диван в Москве",
            ],
            [
                "Диван от фабрики в Москве. Купите на сайте с доставкой!",
                "Гарантия 2 года. Выберите диван в каталоге.",
            ],
        ),
        "text_image": (
            [
                "Купить диван в Москве",
                "Гарантия 2 года",
            ],
            [
                "Диван от фабрики в Москве. Купите на сайте с доставкой!",
            ],
        ),
    },
    2: {
        "combinatorial": (
            [
                "Ремонт холодильников на дому в Нижнем Новгороде",
                "Ремонт холодильников на дому",
                "Ремонт холодильника",
                "Мастер по ремонту холодильников",
            ],
            [
                "Ремонт холодильников всех марок на дому, выезд мастера в день обращения.",
                "Выезд за 1 час. Оставьте заявку на ремонт холодильников на дому.",
                "Гарантия на ремонт 1 год. Узнайте цены на ремонт холодильников на дому.",
            ],
        ),
        "text_image": (
            [
                "Ремонт холодильников на дому в Нижнем Новгороде",
                "Выезд за 1 час",
            ],
            [
                "Ремонт холодильников всех марок на дому, выезд мастера в день обращения.",
            ],
        ),
    },
    3: {
        "combinatorial": (
            [
                "Курсы английского онлайн в Санкт-Петербурге",
                "Курсы английского онлайн",
                "Курсы английского онлайн для взрослых",
                "Английский для взрослых онлайн",
            ],
            [
                "Курсы английского онлайн для взрослых в Санкт-Петербурге. Закажите на сайте!",
                "Занятия в удобное время. Оставьте заявку на курсы английского онлайн.",
            ],
        ),
        "text_image": (
            [
                "Курсы английского онлайн в Санкт-Петербурге",
                "Занятия в удобное время",
            ],
            [
                "Курсы английского онлайн для взрослых в Санкт-Петербурге. Закажите на сайте!",
            ],
        ),
    },
}


def test_golden_the_template_writer_writes_readable_russian_ads_for_real_groups():
    result = TemplateWriter().write(GOLDEN_BRIEFS)

    written = {key: {ad.kind: (ad.titles, ad.texts) for ad in ads} for key, ads in result.ads.items()}
    assert written == GOLDEN
    assert result.rejected == []
    assert result.fallbacks == []


def test_it_is_deterministic():
    assert TemplateWriter().write(GOLDEN_BRIEFS) == TemplateWriter().write(GOLDEN_BRIEFS)


def test_sitelinks_given_only_as_paths_get_titles_and_utm_tags():
    ads = TemplateWriter().write(GOLDEN_BRIEFS[:1]).ads[1]

    sitelinks = ads[0].sitelinks
    assert [(s.title, s.description) for s in sitelinks] == [
        ("Доставка", "Условия и сроки доставки"),
        ("Цены", "Актуальные цены на сайте"),
        ("Контакты", "Адрес и телефон"),
    ]
    assert sitelinks[0].url.startswith("https://divan.example.ru/dostavka?utm_source=yandex&utm_medium=cpc")


def test_it_invents_no_sitelinks_and_leaves_out_paths_it_cannot_name():
    brief = make_brief(sitelinks=[Sitelink("", "https://divan.example.ru/x17"), Sitelink("Шоурум", "https://d.ru/sr")])

    ads = TemplateWriter().write([brief]).ads[1]

    assert [s.title for s in ads[0].sitelinks] == ["Шоурум"]
    assert TemplateWriter().write([make_brief()]).ads[1][0].sitelinks == []


def test_callouts_come_from_the_campaign_or_else_from_its_short_benefits():
    given = TemplateWriter().write(GOLDEN_BRIEFS[1:2]).ads[2][0]
    derived = TemplateWriter().write(
        [make_brief(benefits=["Доставка за 1 день", "Бесплатная сборка и подъём на этаж"])]
    )

    assert given.callouts == ["Без выходных", "Оригинальные запчасти"]
    assert derived.ads[1][0].callouts == ["Доставка за 1 день"]  # the second is over 25 characters


def test_it_writes_english_ads_for_an_english_campaign():
    brief = make_brief(
        name="Sofas",
        phrases=["buy a sofa"],
        product_description="Sofas and beds from the factory.",
        benefits=["Free delivery"],
        language="en",
    )

    ads = TemplateWriter().write([brief]).ads[1]

    text_image = ads[1]
    # the one selling point is said once in the ad, in a text of its own, so no callout repeats it
    assert text_image.titles == ["Buy a sofa in Moscow", "Free delivery"]
    assert text_image.texts == ["Sofas in Moscow. Order on our website!"]
    assert "Free delivery. Leave a request online." in ads[0].texts
    assert text_image.callouts == []


def test_a_region_the_phrase_names_is_written_once_in_its_proper_case():
    brief = make_brief(phrases=["купить диван в москве"])

    assert TemplateWriter().write([brief]).ads[1][1].titles[0] == "Купить диван в Москве"


def test_it_shortens_a_long_main_phrase_and_skips_the_region_when_it_does_not_fit():
    phrase = "ремонт стиральных машин и посудомоечных машин всех марок с выездом мастера на дом"
    brief = make_brief(phrases=[phrase], region_name="Ростов-на-Дону", product_description="Выезд мастера на дом")
    ads = TemplateWriter().write([brief]).ads[1]

    title1 = ads[1].titles[0]
    assert phrase.capitalize().startswith(title1)
    assert len(title1) <= 56
    assert validate(ads[1]) == []


def test_it_reports_progress_and_stops_when_asked():
    seen = []
    TemplateWriter().write(GOLDEN_BRIEFS, progress=lambda percent, message: seen.append((percent, message)))

    assert seen == [
        (33, "Ads written for 1 of 3 groups"),
        (66, "Ads written for 2 of 3 groups"),
        (100, "Ads written for 3 of 3 groups"),
    ]
    with pytest.raises(Cancelled):
        TemplateWriter().write(GOLDEN_BRIEFS, should_stop=lambda: True)


@pytest.mark.django_db
def test_a_written_ad_saves_as_a_model_row():
    group = AdGroupFactory()
    draft = TemplateWriter().write(GOLDEN_BRIEFS[:1]).ads[1][0]

    ad = Ad.objects.create(group=group, **draft.as_model_fields())

    ad.refresh_from_db()
    assert ad.kind == "combinatorial"
    assert ad.source == "template"
    assert ad.titles == draft.titles
    assert ad.validation_problems == []
    assert ad.sitelinks[0] == {
        "title": "Доставка",
        "url": draft.sitelinks[0].url,
        "description": "Условия и сроки доставки",
    }


def test_it_reads_keywords_without_their_operators_and_minus_words():
    brief = make_brief(phrases=['"!ремонт [холодильников у МКАД]" -бесплатно -своими'], region_name="")

    assert TemplateWriter().write([brief]).ads[1][1].titles[0] == "Ремонт холодильников у МКАД"


def test_it_reports_no_llm_usage():
    usage = TemplateWriter().write(GOLDEN_BRIEFS[:1]).usage

    assert usage == {
        "requests": 0,
        "failed_requests": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "estimated_cost_usd": 0.0,
    }
