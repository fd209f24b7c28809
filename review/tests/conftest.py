"""A built campaign to review: three groups with phrases, negatives and valid ads, and removed phrases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import AdGroup, AdKind, Campaign, CampaignStatus, RemovedPhrase
from campaigns.services.review_links import review_token
from campaigns.tests.factories import AdFactory, AdGroupFactory, CampaignFactory, KeywordFactory
from tests.browser.conftest import browser, screenshot  # noqa: F401 (Chromium, shared with the admin's browser tests)

BOT_TOKEN = "123456:TEST-review-bot-token"


@dataclass
class Built:
    campaign: Campaign
    sofas: AdGroup
    corner: AdGroup
    beds: AdGroup


def build_campaign(owner=None) -> Built:
    campaign = CampaignFactory(
        owner=owner or TelegramUserFactory(),
        status=CampaignStatus.COMPLETED,
        exported_at=timezone.now(),
        completed_at=timezone.now(),
        negative_keywords=["бесплатно", "ремонт"],
        budget=30000,
    )
    sofas = AdGroupFactory(campaign=campaign, number=1, name="Купить диван", negative_keywords=["угловой"])
    corner = AdGroupFactory(campaign=campaign, number=2, name="Угловые диваны")
    beds = AdGroupFactory(campaign=campaign, number=3, name="Диван кровать")
    for group, phrases in (
        (sofas, [("купить диван", 900), ("диван цена", 500), ("диван недорого", 300)]),
        (corner, [("угловой диван", 700), ("купить угловой диван", 400)]),
        (beds, [("диван кровать", 600), ("диван кровать купить", 200)]),
    ):
        for phrase, frequency in phrases:
            KeywordFactory(group=group, phrase=phrase, frequency=frequency)
        AdFactory(
            group=group,
            kind=AdKind.COMBINATORIAL,
            titles=[f"{group.name} от фабрики", "Доставка за 1 день"],
            texts=["Диваны от фабрики. Гарантия 2 года. Закажите онлайн!"],
            display_link="divany",
            sitelinks=[{"title": "Каталог", "url": "https://example.com/catalog", "description": "Все модели"}],
            callouts=["Гарантия 2 года"],
        )
    RemovedPhrase.objects.create(
        campaign=campaign, stage="clean", phrase="диван своими руками", frequency=80, reason="информационный",
        code="informational",
    )
    RemovedPhrase.objects.create(
        campaign=campaign, stage="clean", phrase="диван бесплатно", frequency=50, reason="стоп-слово", code="stop_word"
    )
    RemovedPhrase.objects.create(
        campaign=campaign, stage="clean", phrase="ремонт дивана", frequency=40, reason="другой рынок", code="off_market"
    )
    return Built(campaign, sofas, corner, beds)


@pytest.fixture
def built(db):
    return build_campaign()


@pytest.fixture
def bot_token(settings):
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    return BOT_TOKEN


@pytest.fixture
def owner_client(client, built):
    """A browser that opened the owner's signed link."""
    response = client.get(f"/review/l/{review_token(built.campaign.pk, built.campaign.owner_id)}/")
    assert response.status_code == 302
    return client
