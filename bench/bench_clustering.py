"""Multi-market clustering benchmark: this project's clusterer, the last wave's and two baselines on every set, one run.

    .venv/bin/python bench/bench_clustering.py [--sets receipts,jewelry,it,detailing,detailing-blank,skud]
        [--scale 25000,50000] [--skip-baselines] [--last-wave eaeafce]

Data (not in the repository; read from ../shared/data/ or $BENCH_DATA, see its README.md for provenance and terms):
  * receipts        — ru_receipt_items_product_types.csv, product types with at least 10 rows (18,979 phrases);
  * jewelry         — ru_jewelry_rings_mediaplan.csv, a jewellery shop's semantic core (766 phrases, 35 groups);
  * it              — ru_network_switches_workstations.csv, a B2B IT shop's core (550 phrases, 103 groups, no
                      frequencies at all);
  * detailing       — ru_detailing_services_spb.csv, a detailing studio's Direct core (222 phrases, 10 coarse
                      service groups, St Petersburg; grouped with an AI assistant: a coarse services check);
  * detailing-blank — the same core with three frequencies in four blanked at run time (every row whose number is
                      not a multiple of 4): a services core whose frequencies are mostly unknown;
  * skud            — ru_skud_wordstat_unlabeled.csv, a Wordstat export without labels: groups, single-phrase
                      groups, duplicate-name groups (same lemmas once Latin spellings are read as Cyrillic; numbered
                      parts of one cut group, `Скуд` / `Скуд 2`, are counted apart), and the share of a 100,000 ₽
                      budget that goes to groups holding a one-word broad key (`campaigns.budget`, as the pipeline
                      splits it: head terms in quotes, each search counted once; the last wave split by raw summed
                      frequency, as it did);
  * scale N         — N phrases: receipts + skud, then the receipt lines again with their words in reverse order
                      (distinct strings over the same vocabulary) up to N; time and peak memory only.

Methods, each in a fresh process (spawn), so wall time includes loading models and the peak memory is its own; CPU
seconds are the process's user + system time over the same span, all threads and the processes it forked (the
sentence encoder runs in one; on a shared machine wall time swings with the load, CPU time much less). Peak memory:
the process's peak RSS, or, when it has forked children, the largest sum of its RSS and their private memory
(`_tree_megabytes`, sampled every MEMORY_SAMPLE_SECONDS: pages a child shares with its parent count once):
  * project     — `semantic.clustering.cluster` with its defaults;
  * last wave   — the clusterer of commit `--last-wave` (default eaeafce), unpacked by `git archive` into a temp
                  directory for this run and imported from there (never committed); it reads an unknown frequency
                  as 0, as it did;
  * char k      — character 3–5-gram TF-IDF (char_wb) + average-link on cosine distance, cut at the TRUE number of
                  groups (an advantage it gets for free);
  * lemma 0.7   — TF-IDF over pymorphy3 lemmas without prepositions, conjunctions and commercial words,
                  average-link on cosine distance cut at 0.7, no k.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_DATA_CANDIDATES = [REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data"]
DATA = (
    Path(os.environ["BENCH_DATA"])
    if os.environ.get("BENCH_DATA")
    else next((path for path in _DATA_CANDIDATES if path.is_dir()), _DATA_CANDIDATES[0])
)
RECEIPTS = DATA / "ru_receipt_items_product_types.csv"
JEWELRY = DATA / "ru_jewelry_rings_mediaplan.csv"
IT_HARDWARE = DATA / "ru_network_switches_workstations.csv"
DETAILING = DATA / "ru_detailing_services_spb.csv"
SKUD = DATA / "ru_skud_wordstat_unlabeled.csv"
MIN_ROWS_PER_TYPE = 10
LEMMA_BASELINE_THRESHOLD = 0.7
LAST_WAVE = "eaeafce"
SKUD_BUDGET = Decimal("100000")
# The review build's brief for the СКУД export: its services' searches weigh more in the budget split.
SKUD_BRIEF = "Продажа и монтаж СКУД под ключ для офисов и предприятий, проектирование"
# The lemma baseline's commercial words, as the issue describes it («купить», «цена», «заказать»…).
_BASELINE_COMMERCIAL_TEXT = """
    купить покупка цена стоимость стоить заказать заказ недорого дешево дешёвый дешевый магазин интернет
    интернет-магазин продажа прайс доставка
"""
BASELINE_COMMERCIAL_LEMMAS = frozenset(_BASELINE_COMMERCIAL_TEXT.split())
MEMORY_SAMPLE_SECONDS = 0.05


Row = tuple[str, int | None, int | None]  # phrase, base frequency (None: unknown), exact frequency


def _number(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def load_receipts() -> tuple[list[Row], list[str]]:
    with RECEIPTS.open(encoding="utf-8") as file:
        rows = [(row["phrase"], row["group"]) for row in csv.DictReader(file)]
    counts = Counter(group for _, group in rows)
    rows = [row for row in rows if counts[row[1]] >= MIN_ROWS_PER_TYPE]
    return [(text, None, None) for text, _ in rows], [group for _, group in rows]


def load_labelled_core(path: Path, *, blank_every: int = 0) -> tuple[list[Row], list[str]]:
    """A labelled core; with `blank_every` = k, the frequency of every row whose number is not a multiple of k is
    blanked (unknown), as in a services export where most rows came without a frequency."""
    with path.open(encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["phrase"].strip()]
    phrases = []
    for number, row in enumerate(rows):
        frequency = _number(row.get("frequency"))
        if blank_every and number % blank_every:
            frequency = None
        phrases.append((row["phrase"], frequency, None))
    return phrases, [row["group"] for row in rows]


def load_skud() -> tuple[list[Row], None]:
    with SKUD.open(encoding="utf-8") as file:
        rows = [
            (row["phrase"], _number(row["frequency"]), _number(row.get("frequency_exact")))
            for row in csv.DictReader(file)
        ]
    return rows, None


def load_scale(size: int) -> list[Row]:
    with RECEIPTS.open(encoding="utf-8") as file:
        receipts = [row["phrase"] for row in csv.DictReader(file)]
    skud = [text for text, _, _ in load_skud()[0]]
    texts = receipts + skud
    reversed_lines = (" ".join(reversed(text.split())) for text in receipts)
    seen = set(texts)
    for text in reversed_lines:
        if len(texts) >= size:
            break
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return [(text, None, None) for text in texts[:size]]


LOADERS = {
    "receipts": ("receipts (>=10/type)", load_receipts),
    "jewelry": ("jewelry core", lambda: load_labelled_core(JEWELRY)),
    "it": ("IT hardware core", lambda: load_labelled_core(IT_HARDWARE)),
    "detailing": ("detailing services", lambda: load_labelled_core(DETAILING)),
    "detailing-blank": ("detailing, 3/4 blank", lambda: load_labelled_core(DETAILING, blank_every=4)),
    "skud": ("skud wordstat", load_skud),
}


# --- methods (each runs in its own process) ------------------------------------------------------------------


def _phrases(rows: list[Row], *, unknown_as_zero: bool = False):
    from semantic.types import Phrase

    return [
        Phrase(text, 0 if frequency is None and unknown_as_zero else frequency, exact)
        for text, frequency, exact in rows
    ]


def _labels(phrases, result) -> tuple[list[int], list[list[int]], list[str]]:
    """Row labels, the groups as row lists, and the group names; cluster() returns the Phrase objects it was given."""
    label_of: dict[int, int] = {}
    for number, group in enumerate(result.clusters):
        for phrase in group.phrases:
            label_of[id(phrase)] = number
    rows = {id(phrase): index for index, phrase in enumerate(phrases)}
    groups = [[rows[id(phrase)] for phrase in group.phrases] for group in result.clusters]
    return [label_of[id(phrase)] for phrase in phrases], groups, [group.name for group in result.clusters]


def run_project(rows: list[Row], _k: int | None):
    from semantic.clustering import cluster

    phrases = _phrases(rows)
    result = cluster(phrases)
    labels, groups, names = _labels(phrases, result)
    return labels, {"groups": groups, "names": names, "head_terms": list(result.head_terms)}


def run_last_wave(rows: list[Row], _k: int | None):
    """The last wave's clusterer: `semantic` resolves to the unpacked copy (see `_child`)."""
    from semantic.clustering import cluster

    phrases = _phrases(rows, unknown_as_zero=True)
    result = cluster(phrases)
    labels, groups, names = _labels(phrases, result)
    return labels, {"groups": groups, "names": names, "head_terms": None}


def _average_link(matrix, *, k: int | None = None, threshold: float | None = None) -> list[int]:
    """Average-link agglomerative clustering on the cosine distance of L2-normalized sparse rows.

    The condensed distance matrix is filled chunk by chunk from sparse products, so 19k rows need 1.4 GB, not the
    dense feature matrix as well.
    """
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.preprocessing import normalize

    rows = normalize(matrix.tocsr())
    count = rows.shape[0]
    if count < 2:
        return [0] * count
    condensed = np.empty(count * (count - 1) // 2, dtype=np.float64)
    position = 0
    for start in range(0, count - 1, 512):
        block = (rows[start : start + 512] @ rows.T).toarray()
        for offset, similarity in enumerate(block):
            row = start + offset
            if row >= count - 1:
                break
            tail = 1.0 - similarity[row + 1 :]
            condensed[position : position + len(tail)] = np.clip(tail, 0.0, 2.0)
            position += len(tail)
    tree = linkage(condensed, method="average")
    del condensed
    if k is not None:
        return fcluster(tree, t=k, criterion="maxclust").tolist()
    return fcluster(tree, t=threshold, criterion="distance").tolist()


def run_char_tfidf_true_k(rows: list[Row], k: int | None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(
        [text.lower() for text, _, _ in rows]
    )
    return _average_link(matrix, k=k), None


def run_lemma_tfidf_threshold(rows: list[Row], _k: int | None):
    import re

    import pymorphy3
    from sklearn.feature_extraction.text import TfidfVectorizer

    morph = pymorphy3.MorphAnalyzer(lang="ru")
    cache: dict[str, str | None] = {}

    def lemma(word: str) -> str | None:
        if word not in cache:
            parse = morph.parse(word)[0]
            dropped = {"PREP", "CONJ"} & set(parse.tag.grammemes) or parse.normal_form in BASELINE_COMMERCIAL_LEMMAS
            cache[word] = None if dropped else parse.normal_form
        return cache[word]

    documents = []
    for text, _, _ in rows:
        lemmas = (lemma(word) for word in re.findall(r"\w+", text.lower().replace("ё", "е")))
        documents.append(" ".join(word for word in lemmas if word) or "_")
    matrix = TfidfVectorizer(token_pattern=r"\S+").fit_transform(documents)
    return _average_link(matrix, threshold=LEMMA_BASELINE_THRESHOLD), None


METHODS = {
    "project": run_project,
    "last wave": run_last_wave,
    "char TF-IDF avg-link (true k)": run_char_tfidf_true_k,
    "lemma TF-IDF avg-link 0.7": run_lemma_tfidf_threshold,
}


def _child(method: str, rows, k, queue, semantic_root: str | None) -> None:
    if semantic_root:  # the last wave's `semantic` package shadows this checkout's
        sys.path.insert(0, semantic_root)
    sys.path.insert(1 if semantic_root else 0, str(REPO))
    os.chdir(REPO)
    import django
    from django.conf import settings

    if semantic_root:  # bare settings: this checkout's apps import this checkout's `semantic`
        settings.configure(USE_I18N=False)
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directhelper.settings")
        os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
        os.environ.setdefault("DJANGO_READ_DOT_ENV", "false")
    django.setup()  # for gettext in progress messages; the clusterer itself reads no settings
    started, cpu_started, children_started = time.perf_counter(), time.process_time(), _children_cpu_seconds()
    labels, extra = METHODS[method](rows, k)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started + _children_cpu_seconds() - children_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((labels, extra, seconds, cpu_seconds, peak_mb))


def _children_cpu_seconds() -> float:
    """User + system seconds of the processes this one forked and waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_megabytes(pid: int) -> float:
    """The process's RSS plus its children's private memory (what they do not share with it), from /proc; 0 where
    /proc cannot tell. A forked child's RSS counts every page it shares with its parent, so it is not added whole."""
    try:
        with open(f"/proc/{pid}/statm") as file:
            total = int(file.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        children = set()
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as file:
                children.update(file.read().split())
        for child in children:
            with open(f"/proc/{child}/smaps_rollup") as file:
                for line in file:
                    if line.startswith(("Private_Clean:", "Private_Dirty:")):
                        total += int(line.split()[1]) / 1024
    except (OSError, ValueError):  # no /proc, or a process that just ended
        return 0.0
    return total


def _sample_tree(pid: int, peak: list[float], done: threading.Event) -> None:
    while not done.wait(MEMORY_SAMPLE_SECONDS):
        peak[0] = max(peak[0], _tree_megabytes(pid))


def measure(method: str, rows, k, semantic_root: str | None = None):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    root = semantic_root if method == "last wave" else None
    process = context.Process(target=_child, args=(method, rows, k, queue, root))
    process.start()
    tree_peak, done = [0.0], threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, tree_peak, done), daemon=True)
    sampler.start()
    labels, extra, seconds, cpu_seconds, peak_mb = queue.get()
    done.set()
    sampler.join()
    process.join()
    return labels, extra, seconds, cpu_seconds, max(peak_mb, tree_peak[0])


def unpack_last_wave(commit: str, into: str) -> str:
    """The commit's `semantic` package, unpacked by `git archive` (no worktree, nothing committed)."""
    archive = subprocess.run(["git", "archive", commit, "semantic"], cwd=REPO, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)
    return into


def quality(labels: list[int], truth: list[str] | None) -> str:
    from sklearn.metrics import adjusted_rand_score, homogeneity_completeness_v_measure

    if truth is None:
        return f"{'-':>6} {'-':>6} {'-':>6}"
    homogeneity, completeness, _ = homogeneity_completeness_v_measure(truth, labels)
    return f"{adjusted_rand_score(truth, labels):6.3f} {homogeneity:6.3f} {completeness:6.3f}"


def report(dataset: str, method: str, labels, truth, seconds: float, cpu_seconds: float, peak_mb: float) -> None:
    found = len(set(labels))
    groups = f"{found:>6} / {len(set(truth)) if truth is not None else '-':<6}"
    times = f"{seconds:>8.1f} {cpu_seconds:>7.1f}"
    print(f"{dataset:<22} {method:<30} {quality(labels, truth)} {groups} {times} {peak_mb:>9.0f}", flush=True)


def _name_key(name: str) -> frozenset[str]:
    """A group name as lemmas, Latin words read as Cyrillic: `Sigur скуд` and `Сигур скуд` have one key."""
    from semantic.features import words_of
    from semantic.morph import word_info
    from semantic.synonyms import LATIN_WORD, transliterated

    words = [transliterated(word) if LATIN_WORD.match(word) else word for word in words_of(name)]
    return frozenset(word_info(word)[0] for word in words)


def _one_word_heads(rows: list[Row]) -> set[int]:
    """Rows that are a one-word broad key: one word whose lemma is in more than HEAD_MIN_PHRASES other phrases."""
    from semantic.head_terms import HEAD_MIN_PHRASES, _lemma_set

    lemma_sets = [_lemma_set(text) for text, _, _ in rows]
    counts = Counter(lemma for lemmas in lemma_sets for lemma in lemmas)
    return {
        index
        for index, lemmas in enumerate(lemma_sets)
        if len(lemmas) == 1 and counts[next(iter(lemmas))] > HEAD_MIN_PHRASES
    }


def unlabelled_report(method: str, rows: list[Row], extra: dict) -> None:
    """Groups, single-phrase groups, duplicate-name groups, numbered parts and the budget share of head groups."""
    from campaigns.budget import group_searches, plan_budget
    from semantic.head_terms import quoted
    from semantic.tail import offered_families, offered_words, telling_words
    from semantic.types import Phrase

    groups, names = extra["groups"], extra["names"]
    singles = sum(1 for group in groups if len(group) == 1)
    keys = Counter(_name_key(name) for name in names)
    duplicates = sum(count for count in keys.values() if count > 1)
    name_set = set(names)
    numbered = sum(1 for name in names if re.fullmatch(r"(.+) \d+", name) and name.rsplit(" ", 1)[0] in name_set)
    heads = set(extra["head_terms"] or ())
    phrases = [
        [Phrase(quoted(rows[i][0]) if rows[i][0] in heads else rows[i][0], rows[i][1], rows[i][2]) for i in group]
        for group in groups
    ]
    if extra["head_terms"] is None:  # the last wave split by raw summed frequency
        searches, heads, services = [sum(phrase.frequency or 0 for phrase in group) for group in phrases], (), ()
    else:
        searches = group_searches(phrases, brief=SKUD_BRIEF)
        heads, services = searches.heads, searches.services
    rows_of_plan = [(n, str(n), count) for n, count in enumerate(searches)]
    plan = plan_budget(SKUD_BUDGET, rows_of_plan, heads=heads, services=services)
    head_rows = _one_word_heads(rows)
    head_share = sum(share.share for share, group in zip(plan.groups, groups, strict=True) if head_rows & set(group))
    under_100 = sum(1 for share in plan.groups if share.monthly < 100)
    told = [telling_words(text) for text, _frequency, _exact in rows]
    offered = offered_families(offered_words(SKUD_BRIEF, told), told)
    brief_share = sum(
        share.share for share, name in zip(plan.groups, names, strict=True) if telling_words(name) & set(offered)
    )
    largest = sorted(zip(plan.groups, names, strict=True), key=lambda item: -item[0].share)[:3]
    services_named = ", ".join(sorted(set(offered.values())))
    print(
        f"{'':<22} {method:<30} groups {len(groups)}, single-phrase {singles} ({singles / len(groups):.0%}), "
        f"duplicate-name {duplicates}, numbered parts {numbered}, budget to one-word-key groups {head_share:.0%}, "
        f"groups under 100 RUB {under_100}, to groups named by a brief's service ({services_named}) "
        f"{brief_share:.0%}, largest shares " + ", ".join(f"«{name}» {share.share:.0%}" for share, name in largest),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(LOADERS), help=f"comma-separated subset of {', '.join(LOADERS)}")
    parser.add_argument(
        "--scale", default="25000,50000", help="sizes of the time/memory sets, comma-separated (0: none)"
    )
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument("--last-wave", default=LAST_WAVE, help="commit of the last wave's clusterer ('' skips it)")
    args = parser.parse_args()

    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(LOADERS))
    if unknown:
        parser.error(f"unknown data set(s): {', '.join(unknown)}")
    if not DATA.is_dir():
        print(f"No evaluation data at {DATA}: nothing to measure.")
        return
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directhelper.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_READ_DOT_ENV", "false")
    import django

    django.setup()  # the СКУД report splits a budget with campaigns.budget
    with tempfile.TemporaryDirectory(prefix="last-wave-") as temporary:
        root = unpack_last_wave(args.last_wave, temporary) if args.last_wave else None
        clusterers = ["project"] + (["last wave"] if root else [])
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (the machine is shared)")
        print(
            f"{'data set':<22} {'method':<30} {'ARI':>6} {'homog':>6} {'compl':>6} {'found / true':>15} "
            f"{'time s':>8} {'cpu s':>7} {'peak MB':>9}"
        )
        for key in chosen:
            name, loader = LOADERS[key]
            rows, truth = loader()
            labelled = truth is not None
            baselines = [m for m in METHODS if m not in ("project", "last wave")]
            methods = clusterers + (baselines if labelled and not args.skip_baselines else [])
            k = len(set(truth)) if labelled else None
            for method in methods:
                labels, extra, seconds, cpu_seconds, peak_mb = measure(method, rows, k, root)
                report(name, method, labels, truth, seconds, cpu_seconds, peak_mb)
                if not labelled and extra:
                    unlabelled_report(method, rows, extra)
        for size in [int(value) for value in args.scale.split(",") if value.strip() and int(value)]:
            rows = load_scale(size)
            for method in clusterers:
                labels, _extra, seconds, cpu_seconds, peak_mb = measure(method, rows, None, root)
                report(f"scale {len(rows):,}", method, labels, None, seconds, cpu_seconds, peak_mb)


if __name__ == "__main__":
    main()
