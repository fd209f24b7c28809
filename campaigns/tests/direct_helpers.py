"""Building and uploading a campaign against the fakes, shared by the upload, statistics and bot tests."""

from campaigns.models import PipelineRun, RunKind, RunStatus
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import execute_run
from campaigns.tests.factories import PipelineRunFactory
from tests.fakes.landing_site import SOFA_SHOP, FakeSite


def claimed(run: PipelineRun) -> int:
    assert claim_run(run.pk)
    return run.pk


def build_offline(campaign, settings, direct):
    """The campaign built from the fake landing page (so its ads have sitelinks and callouts), its owner holding
    the fake Direct's token."""
    settings.LANDING_FETCH = True
    settings.LANDING_ALLOW_PRIVATE_HOSTS = True
    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        campaign.target_url = site.page_url("/divany/")
        campaign.budget = 30000
        campaign.save()
        run = execute_run(claimed(PipelineRunFactory(campaign=campaign)))
    assert run.status == RunStatus.COMPLETED, run.error_message
    campaign.owner.yandex_token = direct.token
    campaign.owner.save()
    campaign.refresh_from_db()
    return campaign


def upload(campaign) -> PipelineRun:
    run = PipelineRunFactory(campaign=campaign, kind=RunKind.UPLOAD)
    return execute_run(claimed(run))


WASTE = ["ремонт {kw}", "{kw} своими руками", "как выбрать {kw}", "{kw} авито", "перетяжка {kw}"]
BUYING = ["{kw} цена", "{kw} недорого"]
NEW_PHRASE = "диван с ортопедическим матрасом купить"


def search_queries(direct, repeat: int = 3) -> list[tuple[int, str, str]]:
    """Statistics rows for the fake Direct's account: each keyword asked as it is with buying words and with words
    of other markets, and one buying query no keyword holds, clicked often."""
    rows = []
    for keyword in direct.keywords.values():
        phrase = keyword["Keyword"]
        for template in [*BUYING, *WASTE]:
            rows += [(keyword["AdGroupId"], template.format(kw=phrase), phrase)] * repeat
    group_id = next(iter(direct.adgroups))
    rows += [(group_id, NEW_PHRASE, "купить диван")] * 40
    return rows
