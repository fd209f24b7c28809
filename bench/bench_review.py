"""Review page benchmark: a 2,500-phrase campaign from the СКУД Wordstat export; page and edit server times.

    .venv/bin/python bench/bench_review.py [--keywords 2500] [--repeat 7] [--database-url URL]

The campaign is built the way the pipeline builds one: the most frequent phrases of
`../shared/data/ru_skud_wordstat_unlabeled.csv` (read from there) grouped by `semantic.clustering`, cross-negatives
and campaign negatives by `semantic.negatives`, ads by the template writer; the other phrases become removed rows.
Without --database-url it uses a fresh SQLite file in a temporary folder; with a PostgreSQL URL it uses that
database (an empty scratch database: it is migrated, filled, and the campaign deleted at the end).

Server time is the time of a whole request through Django's test client (middleware, session, queries, template),
no network. A process's very first request also loads templates, catalogues and the morphology dictionary: it is
printed on its own line (page 2 of the groups tab). Then, each with its first request and the median / best of N:
the first page (groups tab; target < 500 ms), the last page, the removed and negatives tabs, and edits (rename a
group; move two phrases and back; target < 200 ms), with their SQL query counts. Baseline, measured in the same
run: the groups tab with every group on one page (what an unpaged page costs), which is why the page is paged.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from pathlib import Path

from django_setup import REPO, setup_django

# ../shared/data beside the checkout (a worktree sits one folder deeper); --data names another copy.
DATA = next(
    (path for path in (REPO.parent / "shared", REPO.parent.parent / "shared") if path.is_dir()), REPO.parent / "shared"
) / "data" / "ru_skud_wordstat_unlabeled.csv"
PAGE_TARGET_MS = 500
EDIT_TARGET_MS = 200


def read_phrases(path: Path):
    from semantic.types import Phrase

    with path.open(encoding="utf-8") as file:
        rows = [
            Phrase(row["phrase"].strip(), int(row["frequency"] or 0), int(row["frequency_exact"] or 0))
            for row in csv.DictReader(file)
            if row["phrase"].strip()
        ]
    unique = {phrase.text: phrase for phrase in rows}
    return sorted(unique.values(), key=lambda phrase: (-phrase.frequency, phrase.text))


def build(keywords: int, data: Path):
    """A completed campaign with groups, phrases, negatives, ads and removed phrases; returns it and build seconds."""
    from django.utils import timezone

    from accounts.models import TelegramUser
    from campaigns.ads.template_writer import TemplateWriter
    from campaigns.ads.types import GroupBrief, Sitelink
    from campaigns.models import Ad, AdGroup, Campaign, CampaignStatus, Keyword, RemovalStage, RemovedPhrase
    from semantic.clustering import cluster
    from semantic.negatives import build_negatives
    from semantic.types import Brief, Removal
    from semantic.types import RemovedPhrase as SemanticRemoved

    started = time.perf_counter()
    phrases = read_phrases(data)
    kept, rest = phrases[:keywords], phrases[keywords:]
    clusters = cluster(kept).clusters
    removed = [SemanticRemoved(p.text, p.frequency, "редкая фраза", Removal.LOW_FREQUENCY) for p in rest]
    negatives = build_negatives(clusters, brief=Brief(name="СКУД", base_keywords=("скуд",)), removed=removed)
    owner, _ = TelegramUser.objects.get_or_create(telegram_id=990_000_001, defaults={"username": "bench_review"})
    campaign = Campaign.objects.create(
        owner=owner,
        name="СКУД (bench_review)",
        target_url="https://example.com/skud",
        geo_ids=[213],
        status=CampaignStatus.COMPLETED,
        budget=100000,
        negative_keywords=negatives.campaign_negatives,
        completed_at=timezone.now(),
        exported_at=timezone.now(),
    )
    groups = AdGroup.objects.bulk_create(
        AdGroup(campaign=campaign, number=index, name=item.name[:255], negative_keywords=group_negatives)
        for index, (item, group_negatives) in enumerate(zip(clusters, negatives.group_negatives, strict=True), 1)
    )
    Keyword.objects.bulk_create(
        Keyword(campaign=campaign, group=group, phrase=p.text, frequency=p.frequency, exact_frequency=p.exact_frequency)
        for group, item in zip(groups, clusters, strict=True)
        for p in item.phrases
    )
    sitelinks = [Sitelink("Каталог", "https://example.com/skud/catalog", "Контроллеры и считыватели")]
    briefs = [
        GroupBrief(
            key=group.number,
            name=group.name,
            phrases=[p.text for p in item.phrases[:10]],
            product_description="Системы контроля доступа: монтаж и оборудование",
            region_name="Москва",
            landing_url="https://example.com/skud",
            benefits=["Монтаж за 1 день", "Гарантия 3 года"],
            sitelinks=sitelinks,
            callouts=["Монтаж за 1 день"],
        )
        for group, item in zip(groups, clusters, strict=True)
    ]
    written = TemplateWriter().write(briefs).ads
    Ad.objects.bulk_create(
        Ad(group=group, **draft.as_model_fields()) for group in groups for draft in written.get(group.number, [])
    )
    RemovedPhrase.objects.bulk_create(
        RemovedPhrase(campaign=campaign, stage=RemovalStage.CLEAN, phrase=r.text[:1024], frequency=r.frequency,
                      reason=r.reason, code=r.code)
        for r in removed
    )
    return campaign, time.perf_counter() - started


def timed(call, repeat: int) -> tuple[float, list[float], int]:
    """(first ms, the following N in ms, SQL queries of one call)."""
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        started = time.perf_counter()
        call()
        first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return first, times, len(queries)


def report(label: str, first: float, times: list[float], queries: int, target: int | None) -> None:
    median = statistics.median(times)
    verdict = f"  target < {target} ms: {'OK' if max(first, median) < target else 'MISSED'}" if target else ""
    figures = f"first {first:7.1f} ms  median {median:7.1f}  best {min(times):7.1f}  {queries:3d} queries"
    print(f"{label:<44} {figures}{verdict}")


def measure(campaign, repeat: int) -> None:
    from django.conf import settings
    from django.test import Client

    from campaigns.models import Keyword
    from campaigns.services.review_links import review_token

    client = Client()
    assert client.get(f"/review/l/{review_token(campaign.pk, campaign.owner_id)}/").status_code == 302
    page = f"/review/{campaign.pk}/"

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
        return call

    groups = campaign.groups.order_by("number")
    first_group, second_group = groups[0], groups[1]
    moving = list(Keyword.objects.filter(group=first_group).order_by("pk").values_list("pk", flat=True)[:2])
    names = iter(range(10**6))

    def rename():
        response = client.post(f"{page}edit/rename/", {"group": first_group.number, "name": f"Группа {next(names)}"})
        assert response.status_code == 302

    state = {"there": False}

    def move():
        target = first_group if state["there"] else second_group
        response = client.post(f"{page}edit/move/", {"keyword": moving, "target": str(target.number)})
        assert response.status_code == 302
        state["there"] = not state["there"]

    print(f"campaign: {campaign.keywords.count()} phrases, {campaign.groups.count()} groups, "
          f"{campaign.removed_phrases.count()} removed, {len(campaign.negative_keywords)} campaign negatives; "
          f"{settings.REVIEW_GROUPS_PER_PAGE} groups per page; database {settings.DATABASES['default']['ENGINE']}")
    # A new process pays once for loading templates, catalogues and the morphology dictionary, whatever page comes
    # first: shown on its own line, then each page's first request is its own cost.
    report("process warm-up (groups tab, page 2)", *timed(get(f"{page}?tab=groups&page=2"), 1), None)
    report("first page (groups tab)", *timed(get(page), repeat), PAGE_TARGET_MS)
    report("groups tab, last page", *timed(get(f"{page}?tab=groups&page=999"), repeat), PAGE_TARGET_MS)
    report("removed tab", *timed(get(f"{page}?tab=removed"), repeat), None)
    report("negatives tab (what each negative blocks)", *timed(get(f"{page}?tab=negatives"), repeat), None)
    report("edit: rename a group", *timed(rename, repeat), EDIT_TARGET_MS)
    report("edit: move two phrases", *timed(move, repeat), EDIT_TARGET_MS)
    settings.REVIEW_GROUPS_PER_PAGE = 100_000
    report("baseline: every group on one page", *timed(get(page), max(1, repeat // 3)), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keywords", type=int, default=2500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(
            database_url=args.database_url or f"sqlite:///{folder}/bench_review.sqlite3",
            migrate=True,
            REVIEW_EDITS_PER_MINUTE="1000000",
            DJANGO_ALLOWED_HOSTS="testserver",
        )
        campaign, seconds = build(args.keywords, args.data)
        print(f"built in {seconds:.1f} s from {args.data.name}")
        try:
            measure(campaign, args.repeat)
        finally:
            campaign.delete()


if __name__ == "__main__":
    main()
