"""Ad-writing benchmark: whether ads tell the truth and sell (issue 23), against the last wave's writer, then speed.

    .venv/bin/python bench/bench_ads.py [--quality-only] [--examples DIR] [--baseline-ref REF] [--groups 2000]

Quality (first): every shown set (../shared/data, or SHARED_DATA_DIR) and the sofa demo, each with the brief a
small-business owner would type, written without a page and with one (the demo's sample/landing.html; for the
others a page with a menu section per group, delivery and guarantee terms and one product's price), by this
checkout's template writer and by the writer at REF (default: the last wave's, before this work), which runs from
a temporary `git worktree` of REF in a process of its own. The labelled sets keep their groups; the sofa demo and
the СКУД export are cleaned, judged and clustered as the pipeline does. Per build, judged by this checkout's checks
whoever wrote the ads:
  * claims outside their subject (a page's price in a group of another product), service promises from a shop,
    unsupported claims (no source, or contradicting a made-to-order product), repeated sentences in a text;
  * the share of groups whose ads name the brief's offer («от фабрики», «под ключ», the works it lists);
  * groups linked to their own section of the page, of the groups whose product has one;
  * distinct texts per 10 groups, and grammar errors pymorphy3 can prove (the object of «купить» not accusative,
    the noun after «для» not genitive);
  * a specialist's rewrites a rule can count: Title 1s built on a word under 30 % of the group's phrases have
    (a tail group's «СКУД Gate»), lines naming a vendor the read page and the brief do not («СКУД Сфинкс»),
    titles naming what the business does not offer (a work a service listing its works does not list,
    «Детейлинг-мойка»; another system joined to its own, «Видеонаблюдение и СКУД»; a company, «Торговый дом СКУД»);
  * faults a specialist reads and a rule can count: claims made twice in one ad (titles, texts and callouts show
    together: the same sentence, or two facts of one kind), titles with a bare number or a year («СКУД 86»), lines
    naming the region twice («Детейлинг спб в Санкт-Петербурге»), titles in lowercase.
`--examples DIR` writes every ad of each build to DIR for a specialist's reading.

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
import os
import re
import subprocess
import sys
import tempfile
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
SOFA_PAGE = REPO / "sample" / "landing.html"
SHARED = Path(os.environ.get("SHARED_DATA_DIR") or REPO.parent / "shared" / "data")
SKUD = SHARED / "ru_skud_wordstat_unlabeled.csv"
# Briefs as a small-business owner types them; `labelled` sets keep their own groups, the others are clustered.
CASES = [
    {"label": "sofa demo", "path": SOFA, "labelled": False, "region": "Москва", "page": "sofa",
     "name": "Диваны от фабрики", "product_description": "Диваны и кровати от фабрики: прямые, угловые, модульные",
     "benefits": ["Доставка за 1 день", "Гарантия 2 года", "Рассрочка 0%"], "landing_url": "https://example.com/divany"},
    {"label": "СКУД installer", "path": SKUD, "labelled": False, "region": "Москва", "page": "synthetic",
     "name": "СКУД под ключ",
     "product_description": "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование",
     "benefits": [], "landing_url": "https://skud.example.ru/"},
    {"label": "jewellery shop", "path": SHARED / "ru_jewelry_rings_mediaplan.csv", "labelled": True,
     "region": "Москва", "page": "synthetic", "name": "Ювелирный магазин",
     "product_description": "Ювелирный интернет-магазин: обручальные кольца, серьги и подвески из золота и серебра",
     "benefits": ["Доставка по Москве", "Гравировка"], "landing_url": "https://gold.example.ru/"},
    {"label": "IT hardware B2B", "path": SHARED / "ru_network_switches_workstations.csv", "labelled": True,
     "region": "Москва", "page": "synthetic", "name": "Сетевое оборудование",
     "product_description": "Коммутаторы, SFP-модули и рабочие станции для офисов и предприятий, более 3 000 товаров",
     "benefits": ["Работаем с юрлицами"], "landing_url": "https://net.example.ru/"},
    {"label": "detailing studio", "path": SHARED / "ru_detailing_services_spb.csv", "labelled": True,
     "region": "Санкт-Петербург", "page": "synthetic", "name": "Детейлинг-студия",
     "product_description": "Детейлинг в СПб: полировка, керамика, оклейка плёнкой, химчистка салона, тонировка",
     "benefits": ["Гарантия на работы"], "landing_url": "https://detailing.example.ru/"},
    {"label": "household shop (receipts)", "path": SHARED / "ru_receipt_items_product_types.csv", "labelled": True,
     "region": "Москва", "page": "synthetic", "groups_max": 150, "name": "Товары для дома",
     "product_description": "Интернет-магазин товаров для дома и семьи: более 5 000 товаров с доставкой",
     "benefits": ["Доставка за 1 день"], "landing_url": "https://dom.example.ru/"},
]  # fmt: skip


def read_groups(case: dict) -> list[tuple[str, list[str]]]:
    """(group name, phrases most frequent first): the set's own groups, or the project's clusters of the phrases
    that cleaning and relevance keep against the case's brief."""
    with case["path"].open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    if case["labelled"]:
        groups = defaultdict(list)
        for row in sorted(rows, key=lambda row: -int(row.get("frequency") or 0)):
            groups[row["group"]].append(row["phrase"].lower())
        ordered = sorted(groups.items(), key=lambda item: -len(item[1]))[: case.get("groups_max")]
        return [(name, phrases[:10]) for name, phrases in ordered]
    from semantic.clustering import cluster
    from semantic.normalize import clean
    from semantic.relevance import judge_relevance
    from semantic.types import Brief, Phrase

    phrases = [Phrase(row["phrase"], int(row.get("frequency") or 0)) for row in rows]
    brief = Brief(
        name=case["name"],
        description=case["product_description"],
        selling_points=tuple(case["benefits"]),
        geo_ids=(213,),
    )
    kept = judge_relevance(clean(phrases, brief=brief).kept, brief).kept
    return [(item.name, [phrase.text for phrase in item.phrases[:10]]) for item in cluster(kept).clusters]


def synthetic_page(case: dict, groups: list[tuple[str, list[str]]]):
    """A shop's page for a set without one: a menu with a section per group (its name, a Latin path), the terms a
    shop of that kind states, and a price for the first product; read by the project's own parser."""
    from campaigns.ads.extensions import _LATIN
    from campaigns.landing.parse import parse_page

    menu = "".join(
        f'<li><a href="/catalog/{"-".join(w.translate(_LATIN) for w in re.findall(r"[а-яё]+", name.lower()))[:60]}/">'
        f"{name}</a></li>"
        for name, _phrases in groups[:40]
        if re.search(r"[а-яё]", name.lower())
    )
    first = groups[0][0] if groups else "товар"
    html = (
        f"<html><head><title>{case['name']}</title></head><body><nav class='menu'><ul>{menu}"
        "<li><a href='/dostavka/'>Доставка</a></li><li><a href='/kontakty/'>Контакты</a></li></ul></nav>"
        f"<h1>{case['name']}</h1><ul><li>Доставка по Москве за 2 дня</li><li>Гарантия 1 год</li>"
        f"<li>{first.capitalize()} от 1 990 ₽</li></ul></body></html>"
    )
    return parse_page(html, case["landing_url"])


def case_briefs(case: dict, groups, page):
    from campaigns.ads.types import GroupBrief
    from campaigns.pipeline.options import landing_text
    from semantic.seller import detect_seller

    seller = detect_seller(
        [case["name"], case["product_description"], *case["benefits"]],
        landing_text(page),
        [phrase for _name, phrases in groups for phrase in phrases],
    )
    return [
        GroupBrief(
            key=number,
            name=name,
            phrases=phrases,
            product_description=case["product_description"],
            region_name=case["region"],
            landing_url=case["landing_url"],
            benefits=list(case["benefits"]),
            sitelinks=[],
            callouts=[],
            page=page,
            names=[case["name"]],
            seller=seller,
        )
        for number, (name, phrases) in enumerate(groups, 1)
    ]


BASELINE_SCRIPT = r"""
import dataclasses, json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.update({"DJANGO_SETTINGS_MODULE": "directhelper.settings", "DJANGO_READ_DOT_ENV": "false",
                   "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghij",
                   "LOG_LEVEL": "error"})
import django
django.setup()
from campaigns.ads.template_writer import TemplateWriter
from campaigns.ads.types import GroupBrief
from campaigns.landing.types import LandingPage
known = {field.name for field in dataclasses.fields(GroupBrief)}
briefs = []
for item in json.load(sys.stdin):
    page = item.pop("page", None)
    page = LandingPage.from_dict(page) if page else None
    briefs.append(GroupBrief(**{k: v for k, v in item.items() if k in known}, page=page))
result = TemplateWriter().write(briefs)
json.dump({str(key): [{"titles": ad.titles, "texts": ad.texts, "callouts": ad.callouts, "link": ad.link,
                       "sitelinks": [s.url for s in ad.sitelinks]} for ad in ads] for key, ads in result.ads.items()},
          sys.stdout, ensure_ascii=False)
"""


def baseline_ads(worktree: Path, briefs) -> dict[int, list[dict]]:
    """The ads the writer at the baseline commit writes for the same briefs, in a process of its own (its modules
    have the same names as this checkout's)."""
    import json

    payload = [
        {
            "key": b.key,
            "name": b.name,
            "phrases": b.phrases,
            "product_description": b.product_description,
            "region_name": b.region_name,
            "landing_url": b.landing_url,
            "benefits": b.benefits,
            "sitelinks": [],
            "callouts": [],
            "names": b.names,
            "page": b.page.to_dict() if b.page else None,
        }
        for b in briefs
    ]
    done = subprocess.run(
        [sys.executable, "-c", BASELINE_SCRIPT],
        cwd=worktree,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return {int(key): ads for key, ads in json.loads(done.stdout).items()}


def current_ads(briefs) -> dict[int, list[dict]]:
    from campaigns.ads.template_writer import TemplateWriter

    result = TemplateWriter().write(briefs)
    return {
        key: [
            {
                "titles": ad.titles,
                "texts": ad.texts,
                "callouts": ad.callouts,
                "link": ad.link,
                "sitelinks": [s.url for s in ad.sitelinks],
            }
            for ad in ads
        ]
        for key, ads in result.ads.items()
    }


def measure(briefs, ads_by_key: dict[int, list[dict]], offer: list[str]) -> dict:
    """The issue's per-build counts, judged by this checkout's checks whoever wrote the ads."""
    from campaigns.ads.grammar import agreement_errors
    from campaigns.ads.naming import market_words
    from campaigns.ads.offering import offer_lists_products
    from campaigns.ads.phrasing import names_a_company, tokens
    from campaigns.ads.template_writer import GroupCopy, NamesRead, campaign_brands
    from campaigns.ads.truth import sentences_of
    from semantic.morph import lemma

    market = market_words([brief.phrases for brief in briefs])
    read = {brief.key: NamesRead.of(brief) for brief in briefs}
    brands, listed = campaign_brands(read.values()), offer_lists_products(briefs)
    counts = dict.fromkeys(
        ("outside subject", "shop services", "unsupported", "repeated sentences", "grammar errors",
         "claims twice in an ad", "titles with a bare number", "region twice", "lowercase titles",
         "one-phrase titles", "unlisted vendors", "unoffered titles"),
        0,
    )  # fmt: skip
    offered = with_section = linked = 0
    texts: set[str] = set()
    offer_lemmas = [{lemma(w) for w in re.findall(r"[а-яёa-z0-9]+", phrase.lower()) if len(w) > 2} for phrase in offer]
    for brief in briefs:
        truth, ads = read[brief.key].truth, ads_by_key.get(brief.key, [])
        fixed = frozenset(word.casefold() for word in brief.names)
        copy = GroupCopy(brief, market=market, listed=listed, campaign_brands=brands, names_read=read[brief.key])
        counts["one-phrase titles"] += bool(ads) and one_phrase_title(ads[0]["titles"][0], brief)
        counts["unlisted vendors"] += sum(
            any(copy.is_unlisted_brand(word) for word in tokens(line))
            for ad in ads
            for line in ad["titles"] + ad["texts"]
        )
        counts["unoffered titles"] += sum(
            not copy.offers(title) or names_a_company(tokens(title)) for ad in ads for title in ad["titles"]
        )
        for ad in ads:
            for line in [*ad["titles"], *(s for text in ad["texts"] for s in sentences_of(text)), *ad["callouts"]]:
                problems = truth.line_problems(line)
                counts["outside subject"] += any("not given for this product" in p for p in problems)
                counts["shop services"] += any("a shop promising" in p for p in problems)
                counts["unsupported"] += any(
                    "unsupported" in p or "contradicts" in p or "number" in p for p in problems
                )
            for text in ad["texts"]:
                folded = [s.casefold().rstrip(".!") for s in sentences_of(text)]
                counts["repeated sentences"] += len(folded) - len(set(folded))
                texts.add(text)
            counts["grammar errors"] += sum(len(agreement_errors(line, fixed)) for line in ad["titles"] + ad["texts"])
            counts["claims twice in an ad"] += claims_twice(ad)
            counts["titles with a bare number"] += sum(bool(bare_number(title)) for title in ad["titles"])
            counts["lowercase titles"] += sum(title[:1].islower() for title in ad["titles"])
            lines = ad["titles"] + ad["texts"]
            counts["region twice"] += sum(region_mentions(line, brief.region_name) > 1 for line in lines)
        words = {
            lemma(w)
            for ad in ads
            for line in ad["titles"] + ad["texts"]
            for w in re.findall(r"[а-яёa-z0-9]+", line.lower())
        }
        offered += any(phrase and phrase <= words for phrase in offer_lemmas)
        section = copy.section
        if section is not None:
            with_section += 1
            linked += bool(ads) and ads[0]["link"].split("?")[0] == section.url
    return {
        **counts,
        "offer in ads": f"{offered / len(briefs):.0%}",
        "linked to own section": f"{linked}/{with_section}",
        "distinct texts per 10 groups": f"{10 * len(texts) / len(briefs):.1f}",
    }


CALL = re.compile(
    r"^(?:купите|закажите|выберите|оформите|оставьте|запишитесь|узнайте|запросите|получите|рассчитаем|вызовите)",
    re.IGNORECASE,
)
NUMBER = re.compile(r"(?<![а-яёa-z\d])(?:\d{1,3}(?:\s\d{3})+(?!\d)|\d+(?:[.,]\d+)?)", re.IGNORECASE)


def bare_number(title: str) -> str:
    """A year or a number followed by no word it counts in a title («СКУД 86», «СКУД 2017», not «Более 5 000
    товаров», «Цены от 1 990 ₽» or a model's code «С2000 Ethernet»), or ""."""
    for found in NUMBER.finditer(title):
        following = title[found.end() :].lstrip()
        if re.fullmatch(r"(?:19|20)\d\d", found[0]) or not re.match(r"[а-яёa-z%₽]", following, re.IGNORECASE):
            return found[0]
    return ""


def one_phrase_title(title: str, brief) -> bool:
    """Whether a Title 1 is built on a word few of the group's phrases have («СКУД Gate» over «прайм скуд», «скуд
    ворота», «мастер скуд»…): every word beyond the campaign's name, the region, commercial words («Заказать») and
    function words is in under `SHARED_BY_MIN` of them (`phrase_share`). Groups of fewer than `SHARED_PHRASES_MIN`
    phrases tell nothing."""
    from campaigns.ads.phrasing import COMMERCIAL_LEMMAS, FUNCTION_WORDS
    from campaigns.ads.template_writer import SHARED_BY_MIN, SHARED_PHRASES_MIN, name_keys, phrase_share
    from semantic.morph import lemma

    if len(brief.phrases) < SHARED_PHRASES_MIN:
        return False
    known = name_keys(" ".join([*brief.names, brief.region_name]))
    words = re.findall(r"[^\W_]+", title.lower())
    own = [word for word in words if word not in FUNCTION_WORDS and lemma(word) not in COMMERCIAL_LEMMAS]
    own = [word for word in own if name_keys(word) and not name_keys(word) & known]
    shares = [phrase_share(word, brief.phrases, brief.name) for word in own]
    return bool(shares) and max(shares) < SHARED_BY_MIN


def claims_twice(ad: dict) -> int:
    """Claims an ad makes twice, since its titles, texts and callouts show together: the same sentence, or two facts
    of one kind (delivery, guarantee, instalments…) among its texts' statements and its callouts."""
    from campaigns.ads.truth import sentences_of
    from campaigns.landing.parse import fact_kind

    statements = [s for text in ad["texts"] for s in sentences_of(text) if not CALL.match(s)] + ad["callouts"]
    folded = [s.casefold().rstrip(".!") for s in statements + ad["titles"]]
    kinds = [fact_kind(s) for s in statements if fact_kind(s)]
    return (len(folded) - len(set(folded))) + (len(kinds) - len(set(kinds)))


def region_mentions(line: str, region_name: str) -> int:
    """How many times a line names the campaign's region, by its name or a local alias («спб», «питер»)."""
    from campaigns.ads.naming import region_lemmas_in
    from semantic.morph import lemma

    words = re.findall(r"[а-яёa-z]+(?:-[а-яёa-z]+)*", line.lower())
    places = {lemma(word) for word in re.findall(r"[а-яё]+(?:-[а-яё]+)*", region_name.lower())}
    places |= region_lemmas_in(words, region_name)
    return sum(lemma(word) in places for word in words)


def report_quality(ref: str, examples: Path | None) -> None:
    from campaigns.ads.voice import offer_phrases, offered_works
    from campaigns.landing.saved import read_saved_page

    worktree = Path(tempfile.mkdtemp(prefix="bench-ads-baseline-")) / "tree"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(worktree), ref], cwd=REPO, check=True, capture_output=True
    )
    try:
        rows = []
        for case in CASES:
            if not case["path"].exists():
                print(f"skipped {case['label']}: {case['path']} is absent")
                continue
            started = time.perf_counter()
            groups = read_groups(case)
            if case["page"] == "sofa":
                page = read_saved_page(SOFA_PAGE.read_bytes(), case["landing_url"])
            else:
                page = synthetic_page(case, groups)
            offer = offer_phrases([case["name"], case["product_description"]])
            offer += [works] if (works := offered_works([case["name"], case["product_description"]])) else []
            print(f"{case['label']}: {len(groups)} groups ({time.perf_counter() - started:.1f} s), offer {offer}")
            for with_page in (False, True):
                briefs = case_briefs(case, groups, page if with_page else None)
                label = f"{case['label']}{' + page' if with_page else ''}"
                for writer, ads in (
                    ("last wave " + ref, baseline_ads(worktree, briefs)),
                    ("this", current_ads(briefs)),
                ):
                    rows.append((label, writer, measure(briefs, ads, offer)))
                    if examples is not None and writer == "this":
                        dump_examples(examples, label, briefs, ads)
        columns = list(rows[0][2]) if rows else []
        print("\n| build | writer | " + " | ".join(columns) + " |")
        print("|---|---|" + "---|" * len(columns))
        for label, writer, figures in rows:
            print(f"| {label} | {writer} | " + " | ".join(str(figures[column]) for column in columns) + " |")
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(worktree)], cwd=REPO, check=False, capture_output=True
        )


def dump_examples(directory: Path, label: str, briefs, ads_by_key) -> None:
    """Every ad of the build as text, for a specialist's reading."""
    directory.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w+]+", "_", label)
    with (directory / f"{name}.txt").open("w", encoding="utf-8") as file:
        for brief in briefs:
            file.write(f"\n## {brief.key}. {brief.name} ({', '.join(brief.phrases[:3])})\n")
            for ad in ads_by_key.get(brief.key, []):
                file.write(
                    f"  link {ad['link'].split('?')[0]}\n  titles {ad['titles']}\n  texts {ad['texts']}\n"
                    f"  callouts {ad['callouts']}\n  sitelinks {[u.split('?')[0] for u in ad['sitelinks']][:4]}\n"
                )


# The template writer of the last wave, before the truth work of issue 23: the baseline the figures improve on.
LAST_WAVE_WRITER = "eaeafce"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--llm-groups", type=int, default=200)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--baseline-ref", default=LAST_WAVE_WRITER, help="git revision of the baseline writer")
    parser.add_argument("--examples", type=Path, help="write every ad of each build (this writer) to this folder")
    args = parser.parse_args()
    setup_django()
    report_quality(args.baseline_ref, args.examples)
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
