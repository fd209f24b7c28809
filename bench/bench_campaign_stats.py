"""Statistics and search-query suggestions on a 30-day account: `campaign_stats --suggest [--apply]`, timed,
against the fake Direct serving a search-query report of 50,000 rows.

    .venv/bin/python bench/bench_campaign_stats.py [--rows 50000] [--days 30]

The campaign (sofas: 12 groups of real phrases) is uploaded to the fake Direct, which then holds one statistics row
per query: buying queries (the keywords with a price, a colour, a size, a town of the region) and queries of other
markets (repairs, covers, DIY, classifieds, how-to), each with its own number so that all are distinct. Prints the
time of the figures alone (the baseline: two day-by-day reports, measured in the same run), of `--suggest` and of
`--suggest --apply` against the 30 s target; and what the suggestions do: the share of the other markets' spend
their negatives stop, the buying spend they would stop (must be 0), and kept phrases they would block (must be 0).
The fake answers at once (`retryIn` waits are not slept), so the times are this program's own work.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django_setup import setup_django

TARGET_SECONDS = 30.0
GROUPS = {
    "Угловые диваны": ["угловой диван", "купить угловой диван", "угловой диван недорого"],
    "Диван-кровать": ["диван кровать", "купить диван кровать", "диван кровать с ящиком"],
    "Кожаные диваны": ["кожаный диван", "диван из кожи", "купить кожаный диван"],
    "Диван-книжка": ["диван книжка", "купить диван книжка", "диван книжка недорого"],
    "Еврокнижка": ["диван еврокнижка", "диван еврокнижка цена"],
    "Модульные диваны": ["модульный диван", "купить модульный диван"],
    "Детские диваны": ["детский диван", "диван для ребенка"],
    "Прямые диваны": ["прямой диван", "прямой диван купить"],
    "Диваны в Москве": ["диван в москве", "купить диван москва"],
    "Диваны": ["купить диван", "диван недорого", "диван цена"],
    "Раскладные диваны": ["раскладной диван", "раскладной диван купить"],
    "Диваны от фабрики": ["диван от производителя", "диван фабрика"],
}
BUYING = ["{kw} {n} см", "{kw} цвет {color}", "{kw} {color} {n}", "{kw} в {town} {n}", "{kw} артикул {n}"]
WASTE = ["ремонт {kw} {n}", "перетяжка {kw} {n}", "чехол на {kw} {n}", "{kw} своими руками {n}",
         "{kw} авито {n}", "как выбрать {kw} {n}", "{kw} б у {n}", "обивка {kw} {n}"]
COLORS = ["серый", "бежевый", "синий", "зеленый", "белый", "черный", "коричневый"]
TOWNS = ["химках", "мытищах", "балашихе", "подольске", "люберцах"]


def make_uploaded_campaign(server):
    from django.utils import timezone

    from campaigns.direct.client import DirectClient
    from campaigns.direct.upload import Uploader, UploadOptions
    from campaigns.models import Ad, AdGroup, Campaign, Keyword

    campaign = Campaign.objects.create(
        name="Диваны от фабрики", product_description="Продаём диваны от фабрики с доставкой",
        base_keywords=["диван", "купить диван"], target_url="https://example.com/divany/", geo_ids=[1],
        exported_at=timezone.now(),
    )
    for number, (name, phrases) in enumerate(GROUPS.items(), start=1):
        group = AdGroup.objects.create(campaign=campaign, number=number, name=name)
        Keyword.objects.bulk_create(Keyword(campaign=campaign, group=group, phrase=phrase) for phrase in phrases)
        Ad.objects.create(group=group, titles=[name, "Доставка за 1 день"], texts=["Диваны от фабрики."],
                          link="https://example.com/divany/")
    with DirectClient(server.token, base_url=server.base_url, retry_max_seconds=0) as client:
        Uploader(campaign, client, UploadOptions(sandbox=True)).run()
    return campaign


def query_rows(server, rows: int, seed: int = 25) -> tuple[list[tuple[int, str, str]], set[str]]:
    """(group id, query, keyword) rows, a third of them from other markets; and the set of the other markets'."""
    rng = random.Random(seed)
    keywords = [(item["AdGroupId"], item["Keyword"]) for item in server.keywords.values()]
    made, waste = [], set()
    for index in range(rows):
        group_id, keyword = rng.choice(keywords)
        other_market = index % 3 == 0
        template = rng.choice(WASTE if other_market else BUYING)
        query = template.format(kw=keyword, n=index, color=rng.choice(COLORS), town=rng.choice(TOWNS))
        made.append((group_id, query, keyword))
        if other_market:
            waste.add(query)
    return made, waste


def timed_command(campaign_id: int, days: int, *flags: str) -> tuple[float, dict]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("campaign_stats", str(campaign_id), "--days", str(days), "--json", *flags, stdout=out)
    return time.perf_counter() - started, json.loads(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench_stats.sqlite3"
    setup_django(database_url=f"sqlite:///{database}", migrate=True)
    from django.conf import settings

    from campaigns.models import Keyword
    from semantic.negatives import blocks
    from tests.fakes.direct_api import FakeDirectServer

    with FakeDirectServer(units_daily=10_000_000) as server:
        settings.YANDEX_DIRECT_API_URL = server.base_url
        settings.YANDEX_DIRECT_TOKEN = server.token
        settings.YANDEX_DIRECT_RETRY_MAX_SECONDS = 0
        campaign = make_uploaded_campaign(server)
        rows, waste = query_rows(server, args.rows)
        server.add_statistics(rows, days=args.days)
        spend = {"waste": Decimal(0), "buying": Decimal(0)}
        by_query: dict[str, Decimal] = {}
        for row in server.statistics:
            cost = Decimal(row["Cost"]) / 1_000_000
            by_query[row["Query"]] = by_query.get(row["Query"], Decimal(0)) + cost
            spend["waste" if row["Query"] in waste else "buying"] += cost

        figures_seconds, _ = timed_command(campaign.pk, args.days)
        suggest_seconds, suggested = timed_command(campaign.pk, args.days, "--suggest")
        negatives = [item for item in suggested["suggestions"] if item["kind"] == "negative"]
        kept = list(Keyword.objects.filter(campaign=campaign, group__isnull=False))
        blocked_kept = sum(1 for item in negatives for keyword in kept if blocks(item["text"], keyword.phrase))
        stopped = {"waste": Decimal(0), "buying": Decimal(0)}
        for query, cost in by_query.items():
            if any(blocks(item["text"], query) for item in negatives):
                stopped["waste" if query in waste else "buying"] += cost
        apply_seconds, applied = timed_command(campaign.pk, args.days, "--suggest", "--apply")
        campaign_negatives = (next(iter(server.campaigns.values())).get("NegativeKeywords") or {}).get("Items", [])

    print(f"{args.rows} search-query rows over {args.days} days, {len(by_query)} distinct queries "
          f"({len(waste)} of other markets)")
    print(f"{'command':42} {'seconds':>8}  target {TARGET_SECONDS:.0f} s")
    for name, seconds in (("campaign_stats (figures only, baseline)", figures_seconds),
                          ("campaign_stats --suggest", suggest_seconds),
                          ("campaign_stats --suggest --apply", apply_seconds)):
        print(f"{name:42} {seconds:8.2f}  {'ok' if seconds < TARGET_SECONDS else 'OVER'}")
    print(f"negatives suggested: {len(negatives)} ({', '.join(item['text'] for item in negatives[:12])}…)")
    print(f"phrases suggested:   {sum(1 for item in suggested['suggestions'] if item['kind'] == 'phrase')}")
    print(f"other markets' spend stopped: {stopped['waste']:.0f} of {spend['waste']:.0f} ₽ "
          f"({100 * stopped['waste'] / max(spend['waste'], 1):.0f}%)")
    print(f"buying spend stopped:         {stopped['buying']:.0f} of {spend['buying']:.0f} ₽ (must be 0)")
    print(f"kept phrases blocked:         {blocked_kept} (must be 0)")
    print(f"applied: {applied['applied']}; campaign negatives in Direct now: {len(campaign_negatives)}")


if __name__ == "__main__":
    main()
