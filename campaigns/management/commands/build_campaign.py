"""`manage.py build_campaign`: the whole pipeline in this process, with a progress bar per stage.

The same stages the Celery worker runs, so what works here works in the bot; no worker or broker is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.budget import BudgetError, parse_budget
from campaigns.models import Campaign, KeywordSource, PipelineRun, RunStatus
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import execute_run
from campaigns.pipeline.stages import Stage
from semantic.regions import region_by_id
from semantic.types import removal_label


class Command(BaseCommand):
    help = (
        "Build a Yandex Direct campaign from base keywords or a keyword file: collect, clean, cluster, add negative "
        "keywords, write ads and export an XLSX (or CSV) file that Direct imports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Campaign name.")
        parser.add_argument("--url", required=True, help="Landing page URL (http or https).")
        keywords = parser.add_mutually_exclusive_group(required=True)
        keywords.add_argument(
            "--keywords",
            help='Base keywords, comma or newline separated ("купить диван, диван кровать"), or bracketed word lists '
            'to multiply ("[купить, заказать] x [диван, софа] x [, недорого]").',
        )
        keywords.add_argument("--keywords-file", type=Path, help="CSV, XLSX or TXT file with a phrase column.")
        parser.add_argument("--region", type=int, action="append", help="Region geo id (repeatable); default 225.")
        parser.add_argument("--budget", help="Budget in rubles.")
        parser.add_argument("--description", default="", help="What is sold; used in the ads.")
        parser.add_argument("--benefits", default="", help="Comma-separated selling points used in the ads.")
        parser.add_argument("--minus-words", default="", help="Comma-separated words the campaign must never match.")
        parser.add_argument(
            "--min-exact",
            type=int,
            help="Remove phrases searched in exactly their form fewer times a month (Wordstat's \"!\" frequency); "
            "0 turns the filter off. Default: SEMANTIC_MIN_EXACT_FREQUENCY.",
        )
        parser.add_argument(
            "--keep",
            default="",
            help="Comma-separated phrases to keep even if cleaning would remove them (as other market, city, "
            "informational…); any word form and order matches.",
        )
        parser.add_argument("--source", choices=KeywordSource.values, default=KeywordSource.AUTO)
        parser.add_argument("--language", choices=("ru", "en"), default="ru", help="Language of the ads.")
        parser.add_argument("--out", type=Path, help="Where to write the file (default: <name>.xlsx here).")
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument("--json", action="store_true", help="Print a machine-readable summary.")

    def handle(self, *args, **options):
        campaign = self.create_campaign(options)
        run = self.run_pipeline(campaign, show_progress=not options["json"])
        if run.status != RunStatus.COMPLETED:
            raise CommandError(f"campaign {campaign.pk} {run.status}: {run.error_message or run.message}")
        path = self.write_output(campaign, options["out"], options["format"])
        self.print_summary(run, path, as_json=options["json"])

    def create_campaign(self, options) -> Campaign:
        from semantic.sources.manual import multiply, parse_keyword_text, parse_multiplier_text

        geo_ids = options["region"] or [225]
        unknown = [geo_id for geo_id in geo_ids if region_by_id(abs(geo_id)) is None]
        if unknown:
            raise CommandError(f"unknown region id(s): {', '.join(map(str, unknown))}")
        budget = None
        if options["budget"]:
            try:
                budget = parse_budget(options["budget"])
            except BudgetError as error:
                raise CommandError(f"--budget: {error}") from None
        if options["min_exact"] is not None and options["min_exact"] < 0:
            raise CommandError("--min-exact: must be 0 (off) or a positive number")
        campaign = Campaign(
            name=options["name"],
            min_exact_frequency=options["min_exact"],
            kept_phrases=[phrase.strip() for phrase in options["keep"].split(",") if phrase.strip()],
            target_url=options["url"],
            product_description=options["description"],
            language=options["language"],
            keyword_source=options["source"],
            minus_words=[word.strip() for word in options["minus_words"].split(",") if word.strip()],
            benefits=[benefit.strip() for benefit in options["benefits"].split(",") if benefit.strip()],
            geo_ids=geo_ids,
            budget=budget,
        )
        if options["keywords_file"]:
            path = Path(options["keywords_file"])
            if not path.is_file():
                raise CommandError(f"keyword file {path} does not exist")
            campaign.keywords_file.save(path.name, ContentFile(path.read_bytes()), save=False)
            if campaign.keyword_source == KeywordSource.AUTO:
                campaign.keyword_source = KeywordSource.FILE
        else:
            text = options["keywords"]
            if "[" in text:
                lists = parse_multiplier_text(text)
                campaign.multiplier_lists = lists
                campaign.base_keywords = multiply(lists)
            else:
                campaign.base_keywords = parse_keyword_text(text)
            if not campaign.base_keywords:
                raise CommandError("--keywords holds no phrase")
        try:
            campaign.full_clean(exclude=["owner"])
        except ValidationError as error:
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError(problems) from None
        campaign.save()
        return campaign

    def run_pipeline(self, campaign: Campaign, *, show_progress: bool = True) -> PipelineRun:
        run = PipelineRun.objects.create(campaign=campaign)
        claim_token = claim_run(run.pk)
        if claim_token is None:
            raise CommandError(f"run {run.pk} could not be claimed")
        bars: dict[str, tqdm] = {}
        self.stderr.ending = ""  # tqdm redraws a line with "\r"; Django's wrapper would end every redraw with "\n"

        def show(stage: str, percent: int, message: str) -> None:
            if not show_progress:
                return
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(total=100, desc=f"{Stage(stage).label:<22}", unit="%", file=self.stderr)
            bar.update(max(0, percent - bar.n))
            if message:
                bar.set_postfix_str(message, refresh=False)

        try:
            return execute_run(run.pk, listener=show, claim_token=claim_token)
        finally:
            for bar in bars.values():
                bar.close()

    def write_output(self, campaign: Campaign, out: Path | None, fmt: str) -> Path:
        from campaigns.export import export_campaign_file

        campaign.refresh_from_db()
        if fmt == "xlsx":
            with campaign.export_file.open("rb") as file:
                filename, content = Path(campaign.export_file.name).name, file.read()
        else:
            filename, content = export_campaign_file(campaign.pk, fmt=fmt)
        path = Path(out) if out else Path(filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    def print_summary(self, run: PipelineRun, path: Path, *, as_json: bool) -> None:
        summary = {**run.result, "status": run.status, "file": str(path), "stage_seconds": run.stage_seconds()}
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        negatives = summary["negatives"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Campaign {summary['campaign_id']}: {summary['keywords']} phrases in {summary['groups']} groups, "
                f"{summary['ads']} ads, {negatives['groups']} group and {negatives['campaign']} campaign negative "
                f"keywords, {summary['removed']} phrases removed."
            )
        )
        if summary["removed_by_reason"]:
            by_reason = summary["removed_by_reason"].items()
            reasons = ", ".join(f"{removal_label(code)} {count}" for code, count in by_reason)
            self.stdout.write(f"Removed: {reasons}")
        if negatives["dropped"]:
            self.stdout.write(f"Negative keywords left out: {negatives['dropped']} (see the summary sheet)")
        timings = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in summary["stage_seconds"].items())
        self.stdout.write(f"Stages: {timings}")
        self.stdout.write(f"File: {path}")
