"""Ad-writing benchmark: the template writer on real keyword groups, against a naive writer measured in the same run.

    .venv/bin/python bench/bench_ads.py [--groups 2000] [--llm-groups 200]

Data (not in the repository; see ../shared/data/README.md): ru_receipt_items_product_types.csv, grouped by its
product type; each group's name is the type and its phrases are the group's rows (most common first).
Figures printed:
  * template writer: ms per group, ads per group, ads rejected by the gate, share of Title 1s that carry the group's
    main phrase, peak Python memory (tracemalloc);
  * baseline, same groups, same run: the naive writer most first versions start with — Title 1 = "<phrase> <region>"
    cut to 56 characters, Text = the product description cut to 81 — and the share of its ads Direct's validator
    would refuse;
  * LLM writer against the local fake OpenAI server (valid answers), to show the loop's own overhead per group.
"""

from __future__ import annotations

import argparse
import csv
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from django_setup import setup_django

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "ru_receipt_items_product_types.csv"
REGIONS = ["Москва", "Санкт-Петербург", "Нижний Новгород", "Ростов-на-Дону", "Казань"]


def load_briefs(limit: int):
    from campaigns.ads.types import GroupBrief

    rows = defaultdict(list)
    with DATA.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            rows[row["group"]].append(row["phrase"])
    briefs = []
    for number, (group, phrases) in enumerate(sorted(rows.items(), key=lambda item: -len(item[1]))[:limit], 1):
        briefs.append(
            GroupBrief(
                key=number,
                name=group,
                phrases=phrases[:10],
                product_description=f"{group.capitalize()} с доставкой. " + ", ".join(phrases[:3]) + ".",
                region_name=REGIONS[number % len(REGIONS)],
                landing_url=f"https://shop.example.ru/{number}",
                benefits=["Доставка за 1 день", "Оплата при получении"],
                sitelinks=[],
                callouts=[],
            )
        )
    return briefs


def naive_ads(briefs):
    from campaigns.ads.types import AdDraft

    return [
        AdDraft(
            kind="text_image",
            titles=[f"{(brief.phrases or [brief.name])[0]} в {brief.region_name}"[:56]],
            texts=[brief.product_description[:81]],
            link=brief.landing_url,
            display_link="",
            sitelinks=[],
            callouts=[],
            source="template",
        )
        for brief in briefs
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--llm-groups", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from campaigns.ads.llm_client import LlmClient, LlmConfig
    from campaigns.ads.llm_writer import LlmWriter
    from campaigns.ads.template_writer import TemplateWriter
    from campaigns.ads.validator import validate
    from semantic.morph import analyzer
    from tests.fakes.openai_api import FakeOpenAIServer

    briefs = load_briefs(args.groups)
    analyzer()  # dictionaries load once per process; not part of the per-group cost
    print(f"groups: {len(briefs)} (from {DATA.name})")

    started = time.perf_counter()
    result = TemplateWriter().write(briefs)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second, traced run: tracing slows Python down too much to time the same run
    TemplateWriter().write(briefs[:500])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    ads = [ad for group_ads in result.ads.values() for ad in group_ads]
    with_phrase = sum(
        1
        for brief in briefs
        for ad in result.ads[brief.key][1:]
        if brief.phrases and brief.phrases[0].lower().split()[0] in ad.titles[0].lower()
    )
    print(
        f"template writer: {elapsed / len(briefs) * 1000:.2f} ms/group, {len(ads) / len(briefs):.2f} ads/group, "
        f"{len(result.rejected)} rejected, invalid after the gate: {sum(bool(validate(ad)) for ad in ads)}, "
        f"Title 1 with the main phrase: {with_phrase / len(briefs):.1%}, "
        f"peak memory, 500 groups: {peak / 2**20:.1f} MiB"
    )

    started = time.perf_counter()
    naive = naive_ads(briefs)
    refused = sum(bool(validate(ad)) for ad in naive)
    elapsed = time.perf_counter() - started
    print(
        f"baseline (naive cut-to-length writer): {elapsed / len(briefs) * 1000:.2f} ms/group incl. validation, "
        f"{refused / len(naive):.1%} of its ads refused by the validator (e.g. {naive[0].titles[0]!r})"
    )

    llm_briefs = briefs[: args.llm_groups]

    def answer(body):
        import json

        payload = json.loads(body["messages"][1]["content"])
        return {
            "groups": [
                {
                    "key": group["key"],
                    "title1": group["name"][:40].capitalize(),
                    "title2": "Доставка за 1 день",
                    "text": "Оплата при получении. Закажите на сайте!",
                    "titles": [group["name"][:40].capitalize(), "Доставка за 1 день"],
                    "texts": ["Оплата при получении. Закажите на сайте!"],
                }
                for group in payload["groups"]
            ]
        }

    with FakeOpenAIServer(responder=answer) as server:
        config = LlmConfig(server.api_key, server.url + "/v1", "bench", 30.0, 0, 0.0, 0.0)
        started = time.perf_counter()
        llm_result = LlmWriter(LlmClient(config), batch_size=10).write(llm_briefs)
        elapsed = time.perf_counter() - started
    print(
        f"LLM writer (local fake, batch 10): {elapsed / len(llm_briefs) * 1000:.2f} ms/group, "
        f"{llm_result.usage['requests']} requests, {len(llm_result.fallbacks)} fallbacks, "
        f"{len(llm_result.rejected)} rejected"
    )


if __name__ == "__main__":
    main()
