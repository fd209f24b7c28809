"""The campaigns app speaks Russian by default (the catalogue rules themselves: tests/test_catalogues.py)."""

import pytest
from django.utils import translation

from accounts.tests.factories import TelegramUserFactory
from campaigns.ads.types import AdDraft
from campaigns.ads.validator import Problem, validate
from campaigns.export.summary import removed_title, summary_title
from campaigns.models import Ad, AdKind, AdSource, Campaign, CampaignStatus, Stage
from campaigns.services.runs import QueueRefused, queue_campaign_run
from campaigns.tests.factories import CampaignFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, "Вы достигли лимита в 1 кампанию."),
        (2, "Вы достигли лимита в 2 кампании."),
        (5, "Вы достигли лимита в 5 кампаний."),
    ],
)
def test_the_campaign_limit_refusal_uses_the_russian_plural(limit, expected):
    owner = TelegramUserFactory(campaign_limit=limit)
    CampaignFactory.create_batch(limit, owner=owner, status=CampaignStatus.COMPLETED)
    extra = CampaignFactory(owner=owner)

    with translation.override("ru"), pytest.raises(QueueRefused) as refused:
        queue_campaign_run(extra.pk)

    assert str(refused.value).startswith(expected)
    assert "попросите администратора увеличить лимит" in str(refused.value)


def test_stage_labels_read_in_russian_and_fall_back_to_english():
    with translation.override("ru"):
        assert [str(label) for label in Stage.labels] == [
            "Сбор ключевых фраз",
            "Очистка",
            "Группировка",
            "Минус-фразы",
            "Написание объявлений",
            "Выгрузка",
            "Загрузка в Яндекс Директ",
        ]
    with translation.override("en"):
        assert str(Stage.COLLECT.label) == "Collecting keywords"


def test_validator_problems_read_in_russian():
    ad = AdDraft(
        kind=AdKind.TEXT_IMAGE,
        titles=["Диваны " * 9, ""],
        texts=["Доставка по Москве за 1 день"],
        link="example.com/sofas",
        display_link="",
        sitelinks=[],
        callouts=[],
        source=AdSource.TEMPLATE,
    )

    with translation.override("ru"):
        problems = validate(ad)

    assert Problem("title1", "длина — 63, допустимо не больше 56") in problems
    assert Problem("link", "нужен полный адрес, начинающийся с http:// или https://") in problems


def test_export_sheet_titles_use_their_context():
    with translation.override("ru"):
        assert (summary_title(), removed_title()) == ("Сводка", "Удалённые фразы")


def test_admin_names_use_directs_vocabulary():
    with translation.override("ru"):
        assert str(Campaign._meta.get_field("name").verbose_name) == "название"
        assert str(Ad._meta.get_field("sitelinks").verbose_name) == "быстрые ссылки"
        assert str(Ad._meta.get_field("callouts").verbose_name) == "уточнения"
        assert str(Ad._meta.get_field("display_link").verbose_name) == "отображаемая ссылка"
        assert str(AdKind.COMBINATORIAL.label) == "Комбинаторное объявление"
