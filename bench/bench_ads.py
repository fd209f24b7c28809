"""Ad-writing benchmark: copy quality on the sofa demo and the СКУД export against the first wave's writer, then speed.

    .venv/bin/python bench/bench_ads.py [--groups 2000] [--llm-groups 200] [--quality-only] [--baseline-ref REF]

Quality (first): the sofa demo (sample/keywords.csv, the Makefile's demo brief) and the СКУД Wordstat export
(../shared/data/ru_skud_wordstat_unlabeled.csv), each cleaned, judged against its brief and grouped as the pipeline
does, written by the current template writer and by the writer at REF (default: the first wave's writer, before the
copy work), loaded from git into the same process. Shares printed, all should be near 0 for the current writer:
  * titles ending in a commercial word («Тахта купить»), over every title of every ad;
  * texts that are a call to action alone («Закажите на сайте!»);
  * groups sharing a text with another group;
  * titles breaking the brief's capitalisation (a name the brief writes «СКУД» written «Скуд»).
The sofa demo is also written with the landing page read from a local fake shop (tests/fakes/landing_site.py), to
count ads with on-site sitelinks and with 2–4 callouts.

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
import importlib.util
import re
import subprocess
import sys
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


SOFA = REPO / "sample" / "keywords.csv"
SKUD = REPO.parent / "shared" / "data" / "ru_skud_wordstat_unlabeled.csv"
SOFA_BRIEF = {
    "name": "Диваны от фабрики",
    "product_description": "Диваны и кровати от фабрики: прямые, угловые, модульные",
    "benefits": ["Доставка за 1 день", "Гарантия 2 года", "Рассрочка 0%"],
    "landing_url": "https://example.com/divany",
}
SKUD_BRIEF = {
    "name": "Системы контроля доступа",
    "product_description": "СКУД под ключ: проектирование, монтаж, обслуживание",
    "benefits": [],
    "landing_url": "https://example.com/skud",
}
CTA_START = re.compile(
    r"^(закажите|оставьте|узнайте|выберите|звоните|позвоните|купите|приходите|заходите|order|leave|see|choose|request)",
    re.IGNORECASE,
)


def grouped_briefs(path: Path, brief: dict, page=None):
    """The file's phrases as the pipeline makes them into groups: cleaned, judged against the brief (Moscow), then
    grouped by the project's clusterer; one brief per group (top 10 phrases)."""
    from campaigns.ads.types import GroupBrief
    from semantic.clustering import cluster
    from semantic.normalize import clean
    from semantic.relevance import judge_relevance
    from semantic.types import Brief, Phrase

    with path.open(encoding="utf-8") as file:
        phrases = [Phrase(row["phrase"], int(row.get("frequency") or 0)) for row in csv.DictReader(file)]
    judged_against = Brief(
        name=brief["name"],
        description=brief["product_description"],
        selling_points=tuple(brief["benefits"]),
        geo_ids=(213,),
    )
    kept = judge_relevance(clean(phrases, brief=judged_against).kept, judged_against).kept
    clusters = cluster(kept).clusters
    return [
        GroupBrief(
            key=number,
            name=item.name,
            phrases=[phrase.text for phrase in item.phrases[:10]],
            region_name="Москва",
            sitelinks=[],
            callouts=[],
            page=page,
            names=[brief["name"]],  # the campaign's name, as the pipeline will pass it
            **{key: value for key, value in brief.items() if key != "name"},
        )
        for number, item in enumerate(clusters, 1)
    ]


def baseline_writer(ref: str):
    """The template writer as it is at `ref`, imported from git under another module name."""
    source = subprocess.run(
        ["git", "show", f"{ref}:campaigns/ads/template_writer.py"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout
    spec = importlib.util.spec_from_loader("baseline_template_writer", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"{ref}:campaigns/ads/template_writer.py", "exec"), module.__dict__)
    return module.TemplateWriter()


def quality(briefs, writer) -> dict:
    from campaigns.ads.phrasing import ends_with_commercial_word
    from campaigns.ads.shortening import sentences
    from campaigns.ads.spelling import spellings

    result = writer.write(briefs)
    brief_names = spellings([*briefs[0].names, briefs[0].product_description, *briefs[0].benefits])
    titles, texts, owners = [], [], {}
    for brief in briefs:
        for ad in result.ads.get(brief.key, []):
            titles += ad.titles
            texts += ad.texts
            for text in ad.texts:
                owners.setdefault(text, set()).add(brief.key)
    shared = {key for keys in owners.values() if len(keys) > 1 for key in keys}
    miscased = [
        title for title in titles
        if any(name in title.casefold() and re.search(rf"\b{re.escape(form)}\b", title) is None
               for name, form in brief_names.items() if re.search(rf"\b{re.escape(name)}\b", title.casefold()))
    ]  # fmt: skip
    ads = [ad for ads in result.ads.values() for ad in ads]
    return {
        "groups": len(briefs),
        "ads": len(ads),
        "titles ending in a commercial word": sum(map(ends_with_commercial_word, titles)) / len(titles),
        "texts a call to action alone": sum(all(CTA_START.match(s) for s in sentences(t)) for t in texts) / len(texts),
        "groups sharing a text": len(shared) / len(briefs),
        "titles breaking the brief's case": len(miscased) / len(titles),
        "ads with on-site sitelinks": sum(bool(ad.sitelinks) for ad in ads) / len(ads),
        "ads with 2-4 callouts": sum(2 <= len(ad.callouts) <= 4 for ad in ads) / len(ads),
        "rejected": len(result.rejected),
        "example": (ads[0].titles[:3], ads[0].texts[:2]) if ads else None,
    }


def report_quality(ref: str) -> None:
    from django.core.cache.backends.locmem import LocMemCache

    from campaigns.ads.template_writer import TemplateWriter
    from campaigns.landing import LandingOptions, read_landing
    from campaigns.landing.fetch import FetchOptions
    from tests.fakes.landing_site import SOFA_SHOP, FakeSite

    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        options = LandingOptions(fetch=FetchOptions(allow_private_hosts=True))
        page = read_landing(site.page_url("/divany/"), options, cache=LocMemCache("bench", {}))
    cases = [("sofa demo", SOFA, SOFA_BRIEF, None), ("sofa demo + landing page", SOFA, SOFA_BRIEF, page)]
    if SKUD.exists():
        cases.append(("СКУД export", SKUD, SKUD_BRIEF, None))
    else:
        print(f"skipped the СКУД export: {SKUD} is absent")
    baseline = baseline_writer(ref)
    for label, path, brief, landing in cases:
        started = time.perf_counter()
        url = landing.url if landing else brief["landing_url"]
        briefs = grouped_briefs(path, {**brief, "landing_url": url}, landing)
        print(f"\n{label}: {len(briefs)} groups (clustered in {time.perf_counter() - started:.1f} s)")
        for name, writer in (("first-wave writer (" + ref + ")", baseline), ("this writer", TemplateWriter())):
            figures = quality(briefs, writer)
            example = figures.pop("example")
            print(f"  {name}: " + ", ".join(f"{key} {value:.1%}" if isinstance(value, float) else f"{key} {value}"
                                           for key, value in figures.items()))  # fmt: skip
            print(f"    first ad: {example}")


# The template writer of the first wave, before the copy work of issue 14: the baseline the figures improve on.
FIRST_WAVE_WRITER = "4ed7f9e"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--llm-groups", type=int, default=200)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--baseline-ref", default=FIRST_WAVE_WRITER, help="git revision of the baseline writer")
    args = parser.parse_args()
    setup_django()
    report_quality(args.baseline_ref)
    if args.quality_only or not DATA.exists():
        return
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
