"""Builders for ad-writing tests: a realistic group brief and a valid ad to spoil one field at a time."""

from __future__ import annotations

import pytest

from campaigns.ads.types import AdDraft, GroupBrief, Sitelink

UTM_TEMPLATE = "utm_source=yandex&utm_medium=cpc&utm_campaign={campaign_id}&utm_content={ad_id}&utm_term={keyword}"


def make_brief(**overrides) -> GroupBrief:
    fields = {
        "key": 1,
        "name": "Купить диван",
        "phrases": ["купить диван", "диван купить недорого", "купить диван кровать"],
        "product_description": "Диваны и кровати от фабрики. Собственное производство.",
        "region_name": "Москва",
        "landing_url": "https://divan.example.ru/catalog",
        "benefits": ["Доставка за 1 день", "Гарантия 2 года"],
        "sitelinks": [],
        "callouts": [],
        "language": "ru",
        "campaign_id": 7,
    }
    fields.update(overrides)
    return GroupBrief(**fields)


def make_ad(**overrides) -> AdDraft:
    fields = {
        "kind": "text_image",
        "titles": ["Купить диван в Москве", "Доставка за 1 день"],
        "texts": ["Диваны и кровати от фабрики. Гарантия 2 года. Закажите на сайте!"],
        "link": "https://divan.example.ru/catalog",
        "display_link": "Купить-диван",
        "sitelinks": [Sitelink("Доставка", "https://divan.example.ru/dostavka", "Условия и сроки доставки")],
        "callouts": ["Доставка за 1 день"],
        "source": "template",
    }
    fields.update(overrides)
    return AdDraft(**fields)


@pytest.fixture(autouse=True)
def default_utm_template(settings):
    """Tests read the documented default, whatever a developer's environment says."""
    settings.ADS_UTM_TEMPLATE = UTM_TEMPLATE


@pytest.fixture(autouse=True)
def _messages_in_english(english_messages):
    """These tests match problem and change messages by their English wording."""
