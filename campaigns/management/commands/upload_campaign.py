"""`manage.py upload_campaign`: a built campaign to Yandex Direct through API v5, in this process, with a progress bar.

The same upload run a worker executes for the chat's button, so a repeated or interrupted upload resumes where it
stopped and never creates an object twice.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from campaigns.models import Campaign, PipelineRun, RunKind, RunStatus
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import TransientStageError, execute_run, finish_run
from campaigns.services.upload import prepare_upload
from core.errors import UserError


class Command(BaseCommand):
    help = (
        "Upload a built campaign to Yandex Direct (API v5) as a draft: sitelinks, callouts, the campaign, its groups, "
        "keywords and ads. Idempotent and resumable. The token is the campaign owner's; YANDEX_DIRECT_TOKEN "
        "serves only campaigns without an owner; YANDEX_DIRECT_SANDBOX=true sends to Direct's sandbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int, help="Direct Helper's campaign id (build_campaign prints it).")
        parser.add_argument("--client-login", help="The advertiser's login, for agency and representative accounts.")
        parser.add_argument("--moderate", action="store_true", help="Send the ads to moderation after the upload.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, **options):
        campaign = self.prepare(options["campaign_id"], options["client_login"], options["moderate"])
        run = self.run_upload(campaign, show_progress=not options["json"])
        if run.status != RunStatus.COMPLETED:
            raise CommandError(f"upload of campaign {campaign.pk} {run.status}: {run.error_message or run.message}")
        self.print_result(run, as_json=options["json"])

    def prepare(self, campaign_id: int, client_login: str | None, moderate: bool) -> Campaign:
        if not Campaign.objects.filter(pk=campaign_id).exists():
            raise CommandError(f"campaign {campaign_id} does not exist")
        try:
            return prepare_upload(campaign_id, client_login=client_login, moderate=moderate)
        except UserError as error:
            raise CommandError(str(error)) from None

    def run_upload(self, campaign: Campaign, *, show_progress: bool = True) -> PipelineRun:
        run = PipelineRun.objects.create(campaign=campaign, user=campaign.owner, kind=RunKind.UPLOAD)
        if not claim_run(run.pk):
            raise CommandError(f"run {run.pk} could not be claimed")
        self.stderr.ending = ""  # tqdm redraws a line with "\r"; Django's wrapper would end every redraw with "\n"
        bar = tqdm(total=100, desc="Yandex Direct", unit="%", file=self.stderr, disable=not show_progress)

        def show(stage: str, percent: int, message: str) -> None:
            bar.update(max(0, percent - bar.n))
            if message:
                bar.set_postfix_str(message, refresh=False)

        try:
            return execute_run(run.pk, listener=show)
        except TransientStageError as error:  # a worker would try again later; here the user runs the command again
            return finish_run(run.pk, RunStatus.FAILED, error=str(error))
        finally:
            bar.close()

    def print_result(self, run: PipelineRun, *, as_json: bool) -> None:
        report = run.upload_report
        if as_json:
            printed = {**report.to_json(), "run_id": run.pk, "status": run.status}
            self.stdout.write(json.dumps(printed, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Direct campaign {report.direct_campaign_id}: created {self._counts(report.created)}; "
                f"already there {report.skipped_total}; not accepted {report.failed_total}."
            )
        )
        for error in report.errors:
            where = f"group «{error['group']}», " if error["group"] else ""
            messages = "; ".join(error["messages"])
            self.stdout.write(self.style.ERROR(f"{where}{error['kind']} «{error['object']}»: {messages}"))
        if report.moderated:
            self.stdout.write(f"Sent to moderation: {report.moderated} ads")
        if report.direct_url:
            self.stdout.write(f"Open in Direct: {report.direct_url}")

    @staticmethod
    def _counts(counts: dict[str, int]) -> str:
        return ", ".join(f"{kind} {count}" for kind, count in counts.items() if count) or "nothing"
