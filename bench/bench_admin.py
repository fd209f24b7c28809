"""Admin benchmark: 10k users and 100k pipeline runs in a throwaway database; dashboard and list response times.

    .venv/bin/python bench/bench_admin.py [--users 10000] [--runs 100000] [--repeat 5] [--database-url URL]
                                          [--profile N]

Without --database-url it builds a fresh SQLite file in a temporary folder; with a PostgreSQL URL it uses that
database (point it at an empty scratch database: it is migrated and filled; a database already filled by an earlier
run is measured as it is; PostgreSQL gets VACUUM ANALYZE first, as autovacuum would do after the bulk load).
Rows are bulk-created with timestamps spread over 90 days (2 ApiUsage rows and one StageTiming row per stage per
run, 10 activity events per user).
Prints the median and best of N requests (after one warm-up), with the SQL query count, against the 300 ms target:
the dashboard for 30 and 90 days recomputed (?refresh=1) and served from its DASHBOARD_CACHE_SECONDS cache, the
campaign list (plain and filtered), the run list and the user list. Baseline, measured in the same run: the
dashboard's per-stage average/p95 and per-day counts computed the way a first version often does it, by loading
the period's runs into Python and looping over them. --profile N adds the N slowest SQL queries of one recomputed
30-day dashboard.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta

from django_setup import setup_django

TARGET_MS = 300


def fill(users: int, runs: int) -> None:
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import ActivityEvent, TelegramUser
    from campaigns.models import ApiUsage, Campaign, CampaignStatus, PipelineRun, RunStatus, StageTiming
    from campaigns.pipeline.stages import STAGE_ORDER

    rng = random.Random(20260101)
    now = timezone.now()
    # Timestamps are spread over the past 90 days on purpose, so auto_now_add must not overwrite them here.
    for model in (TelegramUser, ActivityEvent, Campaign, PipelineRun, ApiUsage):
        for field in model._meta.concrete_fields:
            field.auto_now_add = False
            if getattr(field, "auto_now", False):
                field.auto_now = False

    def past(max_days=90):
        return now - timedelta(seconds=rng.randint(0, max_days * 86400))

    TelegramUser.objects.bulk_create(
        [
            TelegramUser(
                telegram_id=10_000_000 + index,
                username=f"user{index}",
                first_name="Анна",
                created_at=(created := past()),
                updated_at=created,
                last_activity_at=created + timedelta(days=rng.randint(0, 10)),
                is_blocked=index % 50 == 0,
            )
            for index in range(users)
        ],
        batch_size=5000,
    )
    user_ids = list(TelegramUser.objects.values_list("pk", flat=True))
    actions = ["start", "campaign_created", "settings_changed", "campaign_queued", "campaign_completed"]
    ActivityEvent.objects.bulk_create(
        [
            ActivityEvent(user_id=user_id, action=actions[step % len(actions)], created_at=past())
            for user_id in user_ids
            for step in range(10)
        ],
        batch_size=10000,
    )
    campaign_count = runs // 2
    Campaign.objects.bulk_create(
        [
            Campaign(
                owner_id=rng.choice(user_ids),
                name=f"Кампания {index}",
                target_url="https://example.com/",
                geo_ids=[rng.choice([213, 2, 43, 65])],
                status=rng.choice([CampaignStatus.COMPLETED] * 8 + [CampaignStatus.FAILED, CampaignStatus.DRAFT]),
                created_at=(created := past()),
                updated_at=created,
                completed_at=created + timedelta(minutes=5),
                keyword_count=rng.randint(50, 2000),
                group_count=rng.randint(3, 40),
                ad_count=rng.randint(3, 40),
            )
            for index in range(campaign_count)
        ],
        batch_size=5000,
    )
    campaigns = list(Campaign.objects.values_list("pk", "owner_id", "created_at"))
    statuses = [RunStatus.COMPLETED] * 17 + [RunStatus.FAILED, RunStatus.FAILED, RunStatus.CANCELLED]
    run_rows, timings_of = [], []
    for index in range(runs):
        campaign_id, owner_id, created = campaigns[index % len(campaigns)]
        started = created + timedelta(seconds=rng.randint(1, 600))
        timings = {stage: round(rng.lognormvariate(1.5, 0.8), 2) for stage in STAGE_ORDER}
        status = rng.choice(statuses)
        run_rows.append(
            PipelineRun(
                campaign_id=campaign_id,
                user_id=owner_id,
                task_id=f"bench-{index}",
                status=status,
                stage="export",
                progress=100,
                error_message="Wordstat answered 503" if status == RunStatus.FAILED else "",
                created_at=created,
                started_at=started,
                finished_at=started + timedelta(seconds=sum(timings.values())),
            )
        )
        timings_of.append(timings)
    PipelineRun.objects.bulk_create(run_rows, batch_size=5000)
    StageTiming.objects.bulk_create(stage_rows(run_rows, timings_of), batch_size=10000)
    usage_rows = []
    for run_id, finished in PipelineRun.objects.values_list("pk", "finished_at").iterator(chunk_size=10000):
        usage_rows.append(ApiUsage(run_id=run_id, service="wordstat", calls=rng.randint(1, 30), created_at=finished,
                                   errors=rng.randint(0, 2), rate_limited=rng.randint(0, 1)))  # fmt: skip
        usage_rows.append(
            ApiUsage(run_id=run_id, service="openai", calls=rng.randint(1, 10), prompt_tokens=rng.randint(500, 5000),
                     completion_tokens=rng.randint(200, 2000), cost_usd=Decimal("0.0042"), created_at=finished)
        )  # fmt: skip
    ApiUsage.objects.bulk_create(usage_rows, batch_size=10000)


def stage_rows(runs, timings_of):
    """The StageTiming rows the pipeline writes as each stage ends: stages run back to back from the start."""
    from campaigns.models import StageTiming

    for run, timings in zip(runs, timings_of, strict=True):
        finished = run.started_at
        for stage, seconds in timings.items():
            finished += timedelta(seconds=seconds)
            yield StageTiming(run_id=run.pk, stage=stage, seconds=seconds, finished_at=finished)


def slowest_queries(client, url: str, shown: int) -> list[tuple[float, str]]:
    """(ms, SQL) of the `shown` slowest queries one request to `url` runs: where a recomputed page spends its time."""
    from django.db import connection

    measured = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            measured.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timed):
        client.get(url)
    return sorted(measured, reverse=True)[:shown]


def time_page(client, url: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code  # warm-up (and the query count)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), min(timings), len(queries), status


def python_loop_baseline(days: int) -> float:
    """The per-stage timing and per-day counts of the dashboard, computed by looping over rows in Python."""
    import math
    from collections import Counter, defaultdict

    from django.utils import timezone

    from campaigns.models import PipelineRun, StageTiming

    started = time.perf_counter()
    since = timezone.now() - timedelta(days=days)
    per_stage = defaultdict(list)
    per_day = Counter()
    for finished_at, status in PipelineRun.objects.filter(finished_at__gte=since).values_list("finished_at", "status"):
        per_day[(finished_at.date(), status)] += 1
    for stage, seconds in StageTiming.objects.filter(finished_at__gte=since).values_list("stage", "seconds"):
        per_stage[stage].append(seconds)
    for values in per_stage.values():
        values.sort()
        _ = (sum(values) / len(values), values[math.ceil(0.95 * len(values)) - 1])
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print the N slowest SQL queries of the recomputed 30-day dashboard")  # fmt: skip
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-admin-") as folder:
        setup_django(
            database_url=args.database_url or f"sqlite:///{folder}/bench.sqlite3", DJANGO_ALLOWED_HOSTS="testserver"
        )
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from campaigns.models import PipelineRun, StageTiming

        call_command("migrate", verbosity=0)  # also makes the database cache's table
        if PipelineRun.objects.exists():  # a --database-url filled by an earlier run: measure it as it is
            print(f"database: {connection.vendor}; reusing {PipelineRun.objects.count()} runs already there")
        else:
            started = time.perf_counter()
            fill(args.users, args.runs)
            print(f"database: {connection.vendor}; filled {args.users} users, {args.runs} runs, "
                  f"{args.runs // 2} campaigns, {2 * args.runs} API usage rows, {10 * args.users} events, "
                  f"{StageTiming.objects.count()} stage timings in {time.perf_counter() - started:.1f} s")  # fmt: skip

        if connection.vendor == "postgresql":  # the state autovacuum brings bulk-loaded tables to: stats, visibility
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        admin = get_user_model().objects.filter(username="bench").first() or get_user_model().objects.create_superuser(
            "bench", "bench@example.com", "bench"
        )
        client = Client()
        client.force_login(admin)
        pages = [
            ("dashboard, 30 days, recomputed", "/admin/dashboard/?days=30&refresh=1"),
            ("dashboard, 90 days, recomputed", "/admin/dashboard/?days=90&refresh=1"),
            ("dashboard, 30 days, from the cache", "/admin/dashboard/?days=30"),
            ("campaign list", "/admin/campaigns/campaign/"),
            ("campaign list, filtered by status", "/admin/campaigns/campaign/?status__exact=completed"),
            ("run list", "/admin/campaigns/pipelinerun/"),
            ("user list", "/admin/accounts/telegramuser/"),
        ]
        print(f"{'page':36} {'median ms':>10} {'best ms':>9} {'queries':>8} {'status':>7}  target {TARGET_MS} ms")
        for name, url in pages:
            median, best, queries, status = time_page(client, url, args.repeat)
            verdict = "ok" if median < TARGET_MS else "OVER"
            print(f"{name:36} {median:10.1f} {best:9.1f} {queries:8d} {status:7d}  {verdict}")
        if args.profile:
            print(f"slowest queries of one recomputed 30-day dashboard ({connection.vendor}):")
            for ms, sql in slowest_queries(client, pages[0][1], args.profile):
                print(f"  {ms:8.1f} ms  {' '.join(sql.split())[:150]}")
        for days in (30, 90):
            baseline = python_loop_baseline(days)
            print(
                f"baseline: stage times + per-day counts in a Python loop over {days} days of runs: {baseline:.1f} ms"
            )


if __name__ == "__main__":
    main()
