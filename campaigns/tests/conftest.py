import pytest

from campaigns.models import KeywordSource
from campaigns.tests.direct_helpers import build_offline
from campaigns.tests.factories import CampaignFactory

SOFA_KEYWORDS = [
    "купить диван",
    "диван кровать",
    "угловой диван",
    "купить угловой диван",
    "диван кровать купить недорого",
    "кожаный диван",
    "диван книжка",
    "диван еврокнижка цена",
    "модульный диван",
    "детский диван",
    "диван в москве",
    "прямой диван купить",
]


@pytest.fixture
def sofa_campaign(db):
    """A campaign the pipeline can build offline: manual keywords, the template writer, no Google."""
    return CampaignFactory(
        base_keywords=SOFA_KEYWORDS,
        keyword_source=KeywordSource.MANUAL,
        minus_words=["бесплатно"],
        benefits=["Доставка за 1 день", "Гарантия 2 года"],
    )


@pytest.fixture
def built(sofa_campaign, settings, fernet_key, direct):
    """The sofa campaign built offline, ready to upload to the fake Direct."""
    return build_offline(sofa_campaign, settings, direct)
