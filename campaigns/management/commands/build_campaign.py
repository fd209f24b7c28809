"""`manage.py build_campaign`: the whole pipeline in this process, with a progress bar per stage.

The same stages the Celery worker runs, so what works here works in the bot; no worker or broker is needed.
`--language` chooses the language of everything the command says, the run's errors included (one language per
run); `--ad-language` the language of the ads. Errors name the option to fix, never a model field.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from accounts.budget import BudgetError, parse_budget
from campaigns.models import Campaign, KeywordSource, PipelineRun, RunStatus, Stage
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import execute_run
from core.formatting import format_seconds
from semantic.regions import find_regions, region_by_id
from semantic.types import removal_label

DEFAULT_REGION = 225  # Russia
# The option a user types for each model field a validation error may name.
OPTION_OF_FIELD = {
    "name": "--name",
    "target_url": "--url",
    "product_description": "--description",
    "budget": "--budget",
    "geo_ids": "--region",
    "benefits": "--benefits",
    "minus_words": "--minus-words",
    "kept_phrases": "--keep",
    "min_exact_frequency": "--min-exact",
    "keyword_source": "--source",
    "language": "--ad-language",
    "base_keywords": "--keywords",
    "multiplier_lists": "--keywords",
    "keywords_file": "--keywords-file",
}
EPILOG = """examples:
  manage.py build_campaign --name "Диваны" --url https://example.com/divany --keywords "купить диван, диван кровать" \\
      --region Москва --budget 30000
  manage.py build_campaign --name "Диваны" --url https://example.com/divany --keywords-file sample/keywords.csv
  manage.py build_campaign --name "Диваны" --url https://example.com/divany --keywords-file sample/keywords.csv \\
      --page-file sample/landing.html

The XLSX it writes is Direct's import template: open it in Excel or LibreOffice Calc to read it, and upload it in
Direct (Кампании → Инструменты → Загрузка из XLSX/XLS) or in Direct Commander (Файл → Импорт)."""


class Command(BaseCommand):
    help = (
        "Build a Yandex Direct campaign from base keywords or a keyword file: collect, clean, cluster, add negative "
        "keywords, write ads and export an XLSX (or TSV) file that Direct imports. Runs here, no worker needed."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EPILOG
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Campaign name, as Direct will show it.")
        parser.add_argument(
            "--url", required=True, help="Landing page the ads lead to, e.g. https://example.com/divany."
        )
        keywords = parser.add_mutually_exclusive_group(required=True)
        keywords.add_argument(
            "--keywords",
            help='Base keywords, comma or newline separated ("купить диван, диван кровать"), or bracketed word lists '
            'to multiply ("[купить, заказать] x [диван, софа] x [, недорого]"). One of --keywords/--keywords-file.',
        )
        keywords.add_argument(
            "--keywords-file",
            type=Path,
            help="A CSV, TSV, XLSX or TXT file with a phrase column and optional frequency columns (Wordstat and Key "
            "Collector exports work as they are), e.g. sample/keywords.csv.",
        )
        parser.add_argument(
            "--page-file",
            type=Path,
            help="The landing page saved as an HTML file (a browser's «Save as…»), read instead of fetching --url: "
            "for sites that refuse robots, or to build offline, e.g. sample/landing.html.",
        )
        parser.add_argument(
            "--region",
            action="append",
            help="Where the ads are shown: a region's name («Москва», «Санкт-Петербург», Kazan) or its Direct geo id "
            "(213); repeat for several; a negative id (-213) excludes a region. Default: 225 (Russia).",
        )
        parser.add_argument(
            "--budget", help='Monthly budget in rubles ("30000", "30 000", "30k"); split across the ad groups.'
        )
        parser.add_argument(
            "--description", default="", help="What is sold and to whom, in a sentence; the ads and relevance use it."
        )
        parser.add_argument(
            "--benefits", default="", help='Comma-separated selling points the ads mention ("Доставка за 1 день, …").'
        )
        parser.add_argument(
            "--minus-words", default="", help="Comma-separated words the campaign must never match (negatives)."
        )
        parser.add_argument(
            "--min-exact",
            type=int,
            help='Remove phrases searched in exactly their form fewer times a month (Wordstat\'s "!" frequency); '
            "0 turns the filter off. Default: SEMANTIC_MIN_EXACT_FREQUENCY.",
        )
        parser.add_argument(
            "--keep",
            default="",
            help="Comma-separated phrases to keep even if cleaning would remove them (as other market, city, "
            "informational…); any word form and order matches.",
        )
        parser.add_argument(
            "--source",
            choices=KeywordSource.values,
            default=KeywordSource.AUTO,
            help="Where the phrases come from. auto (default): Wordstat when it is connected, otherwise the keywords "
            "as given (and the file's phrases with --keywords-file). wordstat: expand --keywords through Wordstat; "
            "needs WORDSTAT_TOKEN, or YANDEX_CLOUD_API_KEY with YANDEX_CLOUD_FOLDER_ID. file: the phrases and "
            "frequencies of --keywords-file, no API. manual: exactly the --keywords given, no frequencies, no API.",
        )
        parser.add_argument(
            "--language",
            choices=("ru", "en"),
            default="ru",
            help="Language of this command's messages and of the run's errors (default ru).",
        )
        parser.add_argument(
            "--ad-language", choices=("ru", "en"), default="ru", help="Language of the ads (default ru)."
        )
        parser.add_argument(
            "--out", type=Path, help="Where to write the file (default: a file named after the campaign, here)."
        )
        parser.add_argument(
            "--format",
            choices=("xlsx", "csv"),
            default="xlsx",
            help="xlsx (default): Direct's XLSX import template. csv: Direct Commander's TAB-separated file.",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print a machine-readable summary instead of progress bars."
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            campaign = self.create_campaign(options)
            run = self.run_pipeline(campaign, show_progress=not options["json"], language=options["language"])
            if run.status != RunStatus.COMPLETED:
                raise CommandError(
                    _("campaign %(id)s %(status)s: %(error)s")
                    % {"id": campaign.pk, "status": run.get_status_display(), "error": run.error_message or run.message}
                )
            path = self.write_output(campaign, options["out"], options["format"])
            self.print_summary(run, path, as_json=options["json"])

    def create_campaign(self, options) -> Campaign:
        from semantic.sources.manual import multiply, parse_keyword_text, parse_multiplier_text

        geo_ids = resolve_regions(options["region"] or [DEFAULT_REGION])
        budget = None
        if options["budget"]:
            try:
                budget = parse_budget(options["budget"])
            except BudgetError as error:
                raise CommandError(f"--budget: {error}") from None
        if options["min_exact"] is not None and options["min_exact"] < 0:
            raise CommandError(_("--min-exact: must be 0 (off) or a positive number"))
        campaign = Campaign(
            name=options["name"],
            min_exact_frequency=options["min_exact"],
            kept_phrases=[phrase.strip() for phrase in options["keep"].split(",") if phrase.strip()],
            target_url=options["url"],
            product_description=options["description"],
            language=options["ad_language"],
            keyword_source=options["source"],
            minus_words=[word.strip() for word in options["minus_words"].split(",") if word.strip()],
            benefits=[benefit.strip() for benefit in options["benefits"].split(",") if benefit.strip()],
            geo_ids=geo_ids,
            budget=budget,
        )
        if options["page_file"]:
            campaign.landing_page = saved_page(Path(options["page_file"]), options["url"]).to_dict()
        if options["keywords_file"]:
            path = Path(options["keywords_file"])
            if not path.is_file():
                raise CommandError(_("--keywords-file: %(path)s does not exist") % {"path": path})
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
                raise CommandError(_("--keywords holds no phrase"))
        try:
            campaign.full_clean(exclude=["owner"])
        except ValidationError as error:
            problems = "; ".join(
                f"{OPTION_OF_FIELD.get(field, field)}: {' '.join(messages)}"
                for field, messages in error.message_dict.items()
            )
            raise CommandError(problems) from None
        campaign.save()
        return campaign

    def run_pipeline(
        self, campaign: Campaign, *, show_progress: bool = True, language: str | None = None
    ) -> PipelineRun:
        run = PipelineRun.objects.create(campaign=campaign)
        claim_token = claim_run(run.pk)
        if claim_token is None:
            raise CommandError(_("run %(id)s could not be claimed") % {"id": run.pk})
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
            return execute_run(run.pk, listener=show, claim_token=claim_token, language=language)
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
        campaign, summary = run.campaign, run.build_summary
        if as_json:
            printed = {
                **summary.as_json(campaign),
                "status": run.status,
                "file": str(path),
                "stage_seconds": run.stage_seconds(),
            }
            self.stdout.write(json.dumps(printed, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Campaign %(id)s: %(keywords)s phrases in %(groups)s groups, %(ads)s ads, %(group_negatives)s "
                    "group and %(campaign_negatives)s campaign negative keywords, %(removed)s phrases removed."
                )
                % {
                    "id": campaign.pk,
                    "keywords": campaign.keyword_count,
                    "groups": campaign.group_count,
                    "ads": campaign.ad_count,
                    "group_negatives": summary.group_negatives,
                    "campaign_negatives": len(campaign.negative_keywords),
                    "removed": summary.removed,
                }
            )
        )
        if summary.removed_by_reason:
            by_reason = summary.removed_by_reason.items()
            reasons = ", ".join(f"{removal_label(code)} {count}" for code, count in by_reason)
            self.stdout.write(_("Removed: %(reasons)s") % {"reasons": reasons})
        doubtful = sum(item["removed"] + item["kept"] for item in summary.doubtful)
        served = summary.removed_but_served
        if doubtful or served.get("removed"):
            message = _(
                "Doubtful phrases: %(doubtful)s (not negative keywords until you confirm); certain removals the "
                "keywords still serve by broad match: %(served)s of %(removed)s"
            )
            self.stdout.write(
                message % {"doubtful": doubtful, "served": served.get("served", 0), "removed": served.get("removed", 0)}
            )
        if campaign.dropped_negatives:
            self.stdout.write(
                _("Negative keywords left out: %(count)s (see the summary sheet)")
                % {"count": len(campaign.dropped_negatives)}
            )
        timings = ", ".join(f"{stage} {format_seconds(seconds)}" for stage, seconds in run.stage_seconds().items())
        self.stdout.write(_("Stages: %(timings)s") % {"timings": timings})
        self.stdout.write(
            _("File: %(path)s (open it in Excel or LibreOffice Calc; Direct imports it as it is)") % {"path": path}
        )


def saved_page(path: Path, url: str):
    """The page in the file, read as if from `url`: the build then uses it instead of fetching the site."""
    from campaigns.landing.saved import SavedPageError, read_saved_page

    if not path.is_file():
        raise CommandError(_("--page-file: %(path)s does not exist") % {"path": path})
    try:
        return read_saved_page(path.read_bytes(), url.strip())
    except SavedPageError as error:
        raise CommandError(f"--page-file: {error}") from None


def resolve_regions(values: list) -> list[int]:
    """Geo ids from what was typed: ids (213, -213 to exclude) or names in Russian or English («Москва», Kazan)."""
    geo_ids = []
    for value in values:
        text = str(value).strip()
        if text.lstrip("-").isdigit():
            geo_id = int(text)
            if region_by_id(abs(geo_id)) is None:
                raise CommandError(_("--region: unknown region id %(id)s") % {"id": geo_id})
            geo_ids.append(geo_id)
            continue
        matches = find_regions(text)
        wanted = _folded(text)
        exact = [region for region in matches if wanted in (_folded(region.name_ru), _folded(region.name_en))]
        if exact or len(matches) == 1:
            geo_ids.append((exact or matches)[0].id)
        elif matches:
            names = ", ".join(f"{region.name_ru} ({region.id})" for region in matches[:5])
            raise CommandError(
                _("--region: «%(name)s» matches several regions: %(names)s; type one of them or its id")
                % {"name": text, "names": names}
            )
        else:
            raise CommandError(
                _("--region: no region called «%(name)s»; type its name or Direct geo id") % {"name": text}
            )
    return geo_ids


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").replace("-", " ").split())
