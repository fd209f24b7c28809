"""`manage.py campaign_stats`: an uploaded campaign's figures from Direct per group, and what its search queries
suggest (negatives, new phrases), applied with `--apply`."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from campaigns.services.apply_suggestions import apply_suggestions
from campaigns.services.query_suggestions import fetch_search_queries, store_suggestions, suggest
from campaigns.services.stats import Period, campaign_figures, direct_client_for, group_figures, refresh_stats
from core.errors import UserError
from semantic.errors import SourceUnavailable


class Command(BaseCommand):
    help = (
        "Fetch an uploaded campaign's statistics from Direct's Reports service and print spend, impressions, clicks, "
        "CTR and CPC per group (conversions and cost per conversion with --goal). --suggest reads the search-query "
        "report and suggests negative keywords and new phrases; --apply sends them to Direct and the campaign."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("--days", type=int, default=7, help="The period: the last N days, today included.")
        parser.add_argument("--goal", type=int, help="A Metrika goal id: conversions and cost per conversion.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--suggest", action="store_true", help="Suggest negatives and phrases from the queries.")
        parser.add_argument("--apply", action="store_true", help="With --suggest: apply every suggestion.")

    def handle(self, *args, **options):
        if options["apply"] and not options["suggest"]:
            raise CommandError("--apply needs --suggest")
        if not 1 <= options["days"] <= 365:
            raise CommandError("--days must be between 1 and 365")
        campaign = Campaign.objects.select_related("owner").filter(pk=options["campaign_id"]).first()
        if campaign is None:
            raise CommandError(f"campaign {options['campaign_id']} does not exist")
        period = Period.last_days(options["days"])
        started = time.perf_counter()
        result: dict = {"campaign_id": campaign.pk, "from": period.first.isoformat(), "to": period.last.isoformat()}
        try:
            with direct_client_for(campaign) as client:
                refresh_stats(campaign, client, period, options["goal"])
                if options["suggest"]:
                    queries = fetch_search_queries(campaign, client, period, options["goal"])
                    suggestions = store_suggestions(campaign, suggest(campaign, queries, period.days))
                    result["queries"] = len(queries)
                    result["suggestions"] = [_suggestion(item) for item in suggestions]
                    if options["apply"]:
                        applied = apply_suggestions(campaign, suggestions, client)
                        result["applied"] = {"negatives": applied.negatives, "phrases": applied.phrases,
                                             "skipped": applied.skipped}
        except (UserError, SourceUnavailable) as error:
            raise CommandError(str(error)) from None
        total = campaign_figures(campaign, period)
        result["total"] = total.as_dict() if total else None
        result["groups"] = [item.as_dict() for item in group_figures(campaign, period)]
        result["seconds"] = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self._print(result, goal=bool(options["goal"]))

    def _print(self, result: dict, *, goal: bool) -> None:
        self.stdout.write(f"Campaign {result['campaign_id']}, {result['from']} – {result['to']}")
        header = f"{'group':40} {'spend':>10} {'impr.':>8} {'clicks':>7} {'CTR,%':>6} {'CPC':>8}"
        self.stdout.write(header + (f" {'conv.':>6} {'per conv.':>10}" if goal else ""))
        rows = result["groups"] + ([{**result["total"], "group": "TOTAL"}] if result["total"] else [])
        for row in rows:
            line = (f"{row['group'][:40]:40} {row['cost']:>10} {row['impressions']:>8} {row['clicks']:>7} "
                    f"{row['ctr']:>6} {row['cpc'] or '—':>8}")
            if goal:
                line += f" {row['conversions'] or 0:>6} {row['cost_per_conversion'] or '—':>10}"
            self.stdout.write(line)
        if "suggestions" in result:
            self.stdout.write(f"\n{result['queries']} search queries; suggestions:")
            for item in result["suggestions"]:
                where = f"group «{item['group']}»" if item["group"] else "campaign"
                self.stdout.write(f"  {item['kind']:8} {item['text']:30} {where:40} {item['cost']:>10} "
                                  f"e.g. {', '.join(item['queries'][:2])}")
        if "applied" in result:
            applied = result["applied"]
            self.stdout.write(self.style.SUCCESS(
                f"Applied: {applied['negatives']} negative keywords, {applied['phrases']} phrases"
                + (f"; not applied: {', '.join(applied['skipped'])}" if applied["skipped"] else "")
            ))
        self.stdout.write(f"({result['seconds']} s)")


def _suggestion(item) -> dict:
    return {"kind": item.kind, "text": item.text, "group": item.group_name if item.direct_group_id else "",
            "direct_group_id": item.direct_group_id, "cost": str(item.cost), "weekly_saving": str(
                round(item.weekly_saving, 2)), "clicks": item.clicks, "conversions": item.conversions,
            "queries": item.queries}
