"""Upload benchmark: a built campaign to the fake Direct, once with every answer, then with the answer of every
kind of `add` lost once (a proxy's 502 after Direct did the work, and a dropped connection).

    .venv/bin/python bench/bench_upload.py [--groups 76] [--keywords 20]

Prints, per scenario, the time, the API calls and points, and what the account holds: objects per kind and how
many of them are duplicates. The baseline is the first scenario, measured in the same run: every answer arrives.
Done when each faulty scenario completes with the baseline's objects and no duplicate.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from collections import Counter
from pathlib import Path

from django_setup import setup_django

KINDS_OF_ADD = ("sitelinks", "adextensions", "campaigns", "adgroups", "keywords", "ads")


def make_campaign(groups: int, keywords: int):
    from django.utils import timezone

    from campaigns.models import Ad, AdGroup, Campaign, Keyword

    campaign = Campaign.objects.create(
        name="Диваны от фабрики", target_url="https://example.com/divany/", geo_ids=[213], exported_at=timezone.now()
    )
    for number in range(1, groups + 1):
        group = AdGroup.objects.create(campaign=campaign, number=number, name=f"Диван модель {number}",
                                       negative_keywords=[f"модель {number + 1}"])
        Keyword.objects.bulk_create(
            Keyword(campaign=campaign, group=group, phrase=f"диван модель {number} вариант {k}", frequency=1000 - k)
            for k in range(keywords)
        )
        sitelinks = [{"title": "Каталог", "url": f"https://example.com/{number % 5}/catalog"},
                     {"title": "Доставка", "url": "https://example.com/delivery"}]
        for variant in range(2):
            Ad.objects.create(
                group=group, titles=[f"Диван модель {number}", f"Вариант {variant}"],
                texts=["Диваны от фабрики. Гарантия 2 года."], link="https://example.com/divany/",
                sitelinks=sitelinks, callouts=["Гарантия 2 года", f"Скидка {number % 7 + 5}%"],
            )
    return campaign


def account(server) -> dict[str, Counter]:
    names = {group_id: group["Name"] for group_id, group in server.adgroups.items()}
    return {
        "campaign": Counter(item["Name"] for item in server.campaigns.values()),
        "group": Counter(names.values()),
        "keyword": Counter((names[item["AdGroupId"]], item["Keyword"]) for item in server.keywords.values()),
        "ad": Counter((names[item["AdGroupId"]], tuple(item["ResponsiveAd"]["Titles"])) for item in
                      server.ads.values()),
        "sitelink_set": Counter(str(item) for item in server.sitelink_sets.values()),
        "callout": Counter(str(item) for item in server.callouts.values()),
    }


def scenario(name: str, groups: int, keywords: int, lose: str | None, first_id: int) -> dict:
    from campaigns.direct.client import DirectClient
    from campaigns.direct.upload import Uploader, UploadOptions
    from tests.fakes.direct_api import FakeDirectServer

    campaign = make_campaign(groups, keywords)
    with FakeDirectServer(units_daily=10_000_000) as server:
        server.ids = itertools.count(first_id)  # Direct's ids are unique across accounts; scenarios share a database
        for service in KINDS_OF_ADD if lose else ():
            server.lose_answer(service, how=lose)
        client = DirectClient(server.token, base_url=server.base_url, retry_max_seconds=0)
        started = time.perf_counter()
        report = Uploader(campaign, client, UploadOptions(sandbox=True)).run()
        seconds = time.perf_counter() - started
        usage = client.take_usage()
        client.close()
        held = account(server)
    return {
        "scenario": name,
        "seconds": seconds,
        "calls": usage.calls,
        "units": usage.units,
        "objects": {kind: sum(counter.values()) for kind, counter in held.items()},
        "duplicates": sum(count - 1 for counter in held.values() for count in counter.values()),
        "found": sum(report.found.values()),
        "failures": len(report.failures),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=76)
    parser.add_argument("--keywords", type=int, default=20)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench_upload.sqlite3"
    setup_django(database_url=f"sqlite:///{database}", migrate=True, YANDEX_DIRECT_TOKEN="bench")
    rows = [
        scenario("every answer arrives (baseline)", args.groups, args.keywords, None, 1_000_000),
        scenario("each kind of add: answer lost (502)", args.groups, args.keywords, "502", 2_000_000),
        scenario("each kind of add: connection dropped", args.groups, args.keywords, "drop", 3_000_000),
    ]
    baseline = rows[0]["objects"]
    print(f"{args.groups} groups × {args.keywords} keywords × 2 ads")
    print(f"{'scenario':40} {'s':>6} {'calls':>6} {'units':>7} {'objects':>8} {'dupl.':>6} {'read back':>9} same")
    for row in rows:
        print(
            f"{row['scenario']:40} {row['seconds']:6.2f} {row['calls']:6d} {row['units']:7d} "
            f"{sum(row['objects'].values()):8d} {row['duplicates']:6d} {row['found']:9d} "
            f"{'yes' if row['objects'] == baseline and not row['failures'] else 'NO'}"
        )
    if any(row["duplicates"] or row["objects"] != baseline for row in rows):
        raise SystemExit("duplicates or missing objects")


if __name__ == "__main__":
    main()
