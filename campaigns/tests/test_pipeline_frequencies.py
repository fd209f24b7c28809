"""A build of phrases without frequencies (a manual list) and with a one-word broad key (issue 22)."""

import pytest

from campaigns.models import Keyword, KeywordSource, RunStatus
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import execute_run
from campaigns.tests.conftest import SOFA_KEYWORDS
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db


def test_a_manual_list_keeps_its_frequencies_unknown_and_quotes_its_one_word_broad_key():
    campaign = CampaignFactory(base_keywords=["диван", *SOFA_KEYWORDS], keyword_source=KeywordSource.MANUAL)
    run = PipelineRunFactory(campaign=campaign)
    assert claim_run(run.pk)

    run = execute_run(run.pk)

    assert run.status == RunStatus.COMPLETED, run.error_message
    keywords = Keyword.objects.filter(campaign=campaign)
    assert not keywords.filter(frequency__isnull=False).exists()  # unknown, never stored as 0
    assert run.result["unknown_frequency"] == keywords.count()
    assert keywords.filter(phrase='"диван"', group__isnull=False).exists()
