"""The upload stage: the only stage of an upload run (`RunKind.UPLOAD`), so queueing, progress, cancellation,
the Celery task and the chat's messages are the pipeline's own.

Unlike the build's stages this one writes as it goes. A build stage may compute for a minute and store in one
transaction because computing again is harmless; an upload cannot be "computed again": every call creates objects
in the user's Direct account. So `compute` stores each object's Direct id (`DirectObject`) the moment Direct
returns it (`campaigns.direct.upload`), and a rerun — a resumed run after a crash, a retry after Direct was down or
the points ran out, or a new upload — loads those ids first and sends only objects Direct does not hold yet:
nothing is created twice. `store` then writes the report, which `finish_run` leaves as the run's result.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.direct.client import DirectClient
from campaigns.direct.upload import Uploader, UploadOptions, token_for
from campaigns.models import ExternalService, PipelineRun
from campaigns.pipeline.context import StageContext, StageOutput, add_usage
from campaigns.summaries import UploadReport


def compute(ctx: StageContext) -> StageOutput[UploadReport]:
    campaign = ctx.campaign
    client = DirectClient(token_for(campaign), client_login=campaign.direct_client_login, language=ctx.run.language)

    def record_usage() -> None:
        usage = client.take_usage()
        add_usage(ctx.run, ExternalService.DIRECT, calls=usage.calls, errors=usage.errors, units=usage.units)

    options = UploadOptions(
        ad_format=settings.EXPORT_AD_FORMAT, moderate=campaign.direct_moderate, sandbox=settings.YANDEX_DIRECT_SANDBOX
    )
    uploader = Uploader(
        campaign, client, options, progress=ctx.progress, should_stop=ctx.should_stop, on_batch=record_usage
    )
    try:
        report = uploader.run()
    finally:
        record_usage()
        client.close()
    failed = len(report.failures)
    message = (
        ngettext("Uploaded to Direct; %(count)d object was not accepted", "Uploaded to Direct; %(count)d objects were "
                 "not accepted", failed) % {"count": failed}
        if failed
        else _("Uploaded to Direct")
    )
    return StageOutput(report.summary(), message)


def store(ctx: StageContext, report: UploadReport) -> None:
    PipelineRun.objects.filter(pk=ctx.run.pk).update(result=report.to_json())
