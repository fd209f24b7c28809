"""Starting an upload to Yandex Direct: what the chat's «Загрузить в Директ» button, the admin action and
`upload_campaign` call. The upload itself is a pipeline run of kind `upload` (`campaigns.pipeline.upload`)."""

from __future__ import annotations

from django.db import transaction

from campaigns.direct.upload import check_uploadable, token_for
from campaigns.models import Campaign, PipelineRun, RunKind
from campaigns.services.runs import queue_campaign_run


def prepare_upload(
    campaign_id: int, *, client_login: str | None = None, moderate: bool = False, delete_removed: bool = False
) -> Campaign:
    """Check the campaign can go to Direct (a finished build, a token) and keep the upload's options on it.

    Raises `UploadRefused` (a UserError) with the reason. `client_login=None` keeps the login of an earlier upload:
    the campaign's objects live in that account.
    """
    campaign = Campaign.objects.select_related("owner").get(pk=campaign_id)
    check_uploadable(campaign)
    token_for(campaign)
    if client_login is not None:
        campaign.direct_client_login = client_login.strip()
    campaign.direct_moderate = moderate
    campaign.direct_delete_removed = delete_removed
    campaign.save(update_fields=["direct_client_login", "direct_moderate", "direct_delete_removed", "updated_at"])
    return campaign


def queue_upload(
    campaign_id: int,
    user_id: int | None,
    client_login: str | None = None,
    moderate: bool = False,
    delete_removed: bool = False,
) -> PipelineRun:
    """Queue an upload run (a worker runs it; progress and the result reach the chat like a build's)."""
    with transaction.atomic():
        prepare_upload(campaign_id, client_login=client_login, moderate=moderate, delete_removed=delete_removed)
        return queue_campaign_run(campaign_id, user_id=user_id, kind=RunKind.UPLOAD)
