"""Relevance benchmark: how much of a real shop's core the relevance step keeps, and what it removes and why.

    .venv/bin/python bench/bench_relevance.py [--examples 15] [--only skud]

Data (not in the repository; see ../shared/data/README.md), each with a brief written the way a user would type
it (a name and one to three base keywords, not the data's own vocabulary):
  * ru_jewelry_rings_mediaplan.csv, ru_network_switches_workstations.csv — labelled cores: every phrase is
    relevant to its shop, so the kept share should be near 100 %;
  * ru_skud_wordstat_unlabeled.csv — a real Wordstat export (brief «Системы контроля доступа»): removals per
    reason with examples, to be checked by eye; and what the exact-frequency filter would remove at 2, 5 and 10;
  * sample/keywords.csv — the sofa demo (brief as in the Makefile's demo target).
Look-alikes: phrases of other markets sharing a word with each labelled shop, written by hand for this benchmark
(not from any data set), mixed into its core: the share removed is the recall on other markets.
The receipts set is not a semantic core (receipt lines, no search intent) and is skipped.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from django_setup import setup_django

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
MOSCOW = 213

LOOK_ALIKES = {
    "jewellery": [
        "ремонт колец",
        "кольца для штор",
        "кольца для занавесок",
        "серьги для собак",
        "подвеска автомобиля",
        "ремонт подвески",
        "подвеска для люстры",
        "кольцо уплотнительное",
        "как выбрать кольцо",
        "кольца фото",
        "кольцо авито",
        "серьги б у",
        "серьги озон",
        "кольцо в новосибирске",
        "обручальные кольца екатеринбург",
        "серьги своими руками",
        "скупка колец",
        "ломбард кольца",
        "чистка серебряных серег",
        "кольца санлайт",
    ],
    "it": [
        "ремонт коммутатора",
        "коммутатор телефонный старый фото",
        "коммутатор авито",
        "рабочая станция б у",
        "коммутатор своими руками",
        "что такое коммутатор",
        "коммутатор в казани",
        "рабочие станции озон",
        "коммутатор ситилинк",
        "аренда рабочей станции",
        "коммутатор в новосибирске",
        "как настроить коммутатор видео",
    ],
}


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def number(text: str | None) -> int:
    return int(text) if text else 0


def datasets():
    from semantic.types import Brief, Phrase

    sets = []
    jewellery = DATA / "ru_jewelry_rings_mediaplan.csv"
    if jewellery.exists():
        phrases = [Phrase(row["phrase"], number(row["frequency"])) for row in read(jewellery)]
        brief = Brief(name="Ювелирный салон", base_keywords=("кольца", "серьги", "подвески"), geo_ids=(MOSCOW,))
        sets.append(("jewellery", phrases, brief, True))
    network = DATA / "ru_network_switches_workstations.csv"
    if network.exists():
        phrases = [Phrase(row["phrase"], number(row["frequency"])) for row in read(network)]
        keywords = ("коммутаторы", "рабочие станции")
        brief = Brief(name="IT-оборудование для бизнеса", base_keywords=keywords, geo_ids=(MOSCOW,))
        sets.append(("it", phrases, brief, True))
    skud = DATA / "ru_skud_wordstat_unlabeled.csv"
    if skud.exists():
        phrases = [
            Phrase(row["phrase"], number(row["frequency"]), number(row["frequency_exact"])) for row in read(skud)
        ]
        brief = Brief(
            name="Системы контроля доступа", base_keywords=("скуд", "система контроля доступа"), geo_ids=(MOSCOW,)
        )
        sets.append(("skud", phrases, brief, False))
    sofa = [Phrase(row["phrase"], number(row["frequency"])) for row in read(REPO / "sample" / "keywords.csv")]
    brief = Brief(
        name="Диваны от фабрики",
        description="Диваны и кровати от фабрики: прямые, угловые, модульные",
        selling_points=("Доставка за 1 день", "Гарантия 2 года", "Рассрочка 0%"),
        geo_ids=(MOSCOW,),
    )
    sets.append(("sofa", sofa, brief, False))
    return sets


def uncovered_by_kept(dropped, kept):
    """Dropped phrases that no kept phrase of two or more words reaches in broad match (its lemmas all in the
    dropped one's): searches the exact-frequency filter leaves to the broadest one-word keywords alone, highest base
    frequency first. (A one-word keyword reaches everything; its group's ads cannot speak to the detail.)"""
    from semantic.normalize import lemma_key

    kept_keys = [key for phrase in kept if len(key := frozenset(lemma_key(phrase.text).split())) >= 2]
    lost = [
        item for item in dropped if not any(key and key <= frozenset(lemma_key(item.text).split()) for key in kept_keys)
    ]
    return sorted(lost, key=lambda item: -item.frequency)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=15)
    parser.add_argument("--only", help="one data set by name")
    args = parser.parse_args()
    setup_django()
    from semantic.errors import NothingToAdvertise
    from semantic.normalize import clean
    from semantic.relevance import judge_relevance
    from semantic.types import CleaningOptions, Phrase

    rows = []
    details = []
    for name, phrases, brief, labelled in datasets():
        if args.only and name != args.only:
            continue
        started = time.perf_counter()
        cleaned = clean(phrases, brief=brief).kept
        result = judge_relevance(cleaned, brief)
        seconds = time.perf_counter() - started
        recall = ""
        if name in LOOK_ALIKES:
            alien = LOOK_ALIKES[name]
            texts = {phrase.text for phrase in cleaned}
            mixed = cleaned + [Phrase(text, 10) for text in alien if text not in texts]
            removed = {item.text for item in judge_relevance(mixed, brief).removed}
            caught = [text for text in alien if text in removed]
            recall = f"{len(caught)}/{len(alien)}"
            missed = [text for text in alien if text not in removed]
            details.append((f"{name}: look-alikes kept", [(text, "") for text in missed]))
        kept_share = 100 * len(result.kept) / max(1, len(cleaned))
        counts = result.counts()
        rows.append((name, len(phrases), len(cleaned), len(result.kept), kept_share, labelled, recall, counts, seconds))
        by_reason = defaultdict(list)
        for item in result.removed:
            by_reason[item.code].append(item)
        for code, items in sorted(by_reason.items(), key=lambda pair: -len(pair[1])):
            items.sort(key=lambda item: (-item.frequency, item.text))
            details.append(
                (f"{name}: {code} ({len(items)})", [(item.text, item.reason) for item in items[: args.examples]])
            )
        if name == "skud":
            for threshold in (2, 5, 10):
                try:
                    exact = clean(phrases, CleaningOptions(min_exact=threshold))
                except NothingToAdvertise as error:
                    print(f"min_exact={threshold}: {error}")
                    continue
                dropped = [item for item in exact.removed if item.code == "low_exact_frequency"]
                busy = sum(1 for item in dropped if item.frequency >= 100)
                uncovered = uncovered_by_kept(dropped, exact.kept)
                details.append(
                    (
                        f"skud: min_exact={threshold} removes {len(dropped)} of {len(phrases)} "
                        f"({100 * len(dropped) / len(phrases):.0f} %), {busy} of them with base frequency ≥ 100; "
                        f"{len(uncovered)} are reached by no kept phrase of two or more words "
                        f"(base frequency {sum(item.frequency for item in uncovered)})",
                        [(item.text, f"base {item.frequency}") for item in uncovered[: args.examples]],
                    )
                )

    header = f"{'set':10} {'phrases':>7} {'cleaned':>7} {'kept':>6} {'kept %':>7} {'look-alikes removed':>19}  {'s':>5}"
    print(header)
    print("-" * len(header))
    for name, total, cleaned, kept, share, labelled, recall, _counts, seconds in rows:
        mark = "" if labelled else " (unlabelled)"
        print(f"{name:10} {total:7d} {cleaned:7d} {kept:6d} {share:6.1f}% {recall:>19}  {seconds:5.1f}{mark}")
    print()
    print("Removed per reason:")
    for name, *_, counts, _seconds in rows:
        print(f"  {name:10} " + ", ".join(f"{code} {count}" for code, count in Counter(counts).most_common()))
    for title, examples in details:
        print(f"\n== {title}")
        for text, reason in examples:
            print(f"   {text}" + (f"  — {reason}" if reason else ""))


if __name__ == "__main__":
    sys.exit(main())
