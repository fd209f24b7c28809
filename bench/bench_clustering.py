"""Multi-market clustering benchmark: this project's clusterer and two baselines on every labelled set, one run.

    .venv/bin/python bench/bench_clustering.py [--sets receipts,jewelry,it,skud] [--scale 25000] [--skip-baselines]

Data (not in the repository; read from ../shared/data/, see its README.md for provenance and terms):
  * receipts  — ru_receipt_items_product_types.csv, product types with at least 10 rows (18,979 phrases; the subset
                every earlier figure of this bench used, so ARI 0.615 / V 0.889 before issue 12 stays comparable);
  * jewelry   — ru_jewelry_rings_mediaplan.csv, a jewellery shop's semantic core (766 phrases, 35 groups);
  * it        — ru_network_switches_workstations.csv, a B2B IT shop's core (550 phrases, 103 groups);
  * skud      — ru_skud_wordstat_unlabeled.csv, a Wordstat export without labels (group count and time only);
  * scale     — the first N phrases of receipts + skud together (default 25,000): our clusterer's time and peak
                memory (target < 60 s, < 2 GB).
No further public labelled Russian semantic core was found in the ten minutes allotted: the stored public code and
pages searched for «семантическое ядро» / «кластеризация запросов» files with a group column held tutorials and the
outputs of other clustering tools (e.g. GitHub Hamsterrrrr/semantic_core `semantic_core_results.csv`, a tool's own
grouping, not a practitioner's), which cannot serve as ground truth; only the sets above are measured.

Baselines (the issue's, both measured in the same run on the same phrases):
  * char k     — character 3–5-gram TF-IDF (char_wb) + average-link agglomerative on cosine distance,
                 cut at the TRUE number of groups (an advantage it gets for free);
  * lemma 0.7  — TF-IDF over pymorphy3 lemmas with prepositions, conjunctions and commercial words dropped,
                 average-link on cosine distance cut at 0.7, the same threshold everywhere, no k.
Each method runs in a fresh process (spawn), so its wall time includes loading models and its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
RECEIPTS = DATA / "ru_receipt_items_product_types.csv"
JEWELRY = DATA / "ru_jewelry_rings_mediaplan.csv"
IT_HARDWARE = DATA / "ru_network_switches_workstations.csv"
SKUD = DATA / "ru_skud_wordstat_unlabeled.csv"
MIN_ROWS_PER_TYPE = 10
LEMMA_BASELINE_THRESHOLD = 0.7
# The lemma baseline's commercial words, as the issue describes it («купить», «цена», «заказать»…).
_BASELINE_COMMERCIAL_TEXT = """
    купить покупка цена стоимость стоить заказать заказ недорого дешево дешёвый дешевый магазин интернет
    интернет-магазин продажа прайс доставка
"""
BASELINE_COMMERCIAL_LEMMAS = frozenset(_BASELINE_COMMERCIAL_TEXT.split())


def _frequency(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() else 0


def load_receipts() -> tuple[list[str], list[int], list[str]]:
    with RECEIPTS.open(encoding="utf-8") as file:
        rows = [(row["phrase"], row["group"]) for row in csv.DictReader(file)]
    counts = Counter(group for _, group in rows)
    rows = [row for row in rows if counts[row[1]] >= MIN_ROWS_PER_TYPE]
    return [text for text, _ in rows], [0] * len(rows), [group for _, group in rows]


def load_labelled_core(path: Path) -> tuple[list[str], list[int], list[str]]:
    with path.open(encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["phrase"].strip()]
    texts = [row["phrase"] for row in rows]
    return texts, [_frequency(row["frequency"]) for row in rows], [row["group"] for row in rows]


def load_skud() -> tuple[list[str], list[int], None]:
    with SKUD.open(encoding="utf-8") as file:
        rows = [(row["phrase"], _frequency(row["frequency"])) for row in csv.DictReader(file)]
    return [text for text, _ in rows], [frequency for _, frequency in rows], None


def load_scale(size: int) -> tuple[list[str], list[int], None]:
    with RECEIPTS.open(encoding="utf-8") as file:
        texts = [row["phrase"] for row in csv.DictReader(file)]
    skud_texts, _, _ = load_skud()
    texts = (texts + skud_texts)[:size]
    return texts, [0] * len(texts), None


LOADERS = {
    "receipts": ("receipts (>=10/type)", load_receipts),
    "jewelry": ("jewelry core", lambda: load_labelled_core(JEWELRY)),
    "it": ("IT hardware core", lambda: load_labelled_core(IT_HARDWARE)),
    "skud": ("skud wordstat", load_skud),
}


# --- methods (each runs in its own process) ------------------------------------------------------------------


def run_project(texts: list[str], frequencies: list[int], _k: int | None) -> list[int]:
    from semantic.clustering import cluster
    from semantic.types import Phrase

    phrases = [Phrase(text, frequency) for text, frequency in zip(texts, frequencies, strict=True)]
    result = cluster(phrases)
    label_of: dict[int, int] = {}
    for number, group in enumerate(result.clusters):
        for phrase in group.phrases:
            label_of[id(phrase)] = number
    # cluster() returns the Phrase objects it was given, so identity maps them back to input rows
    return [label_of[id(phrase)] for phrase in phrases]


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


def run_char_tfidf_true_k(texts: list[str], _frequencies: list[int], k: int | None) -> list[int]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(
        [text.lower() for text in texts]
    )
    return _average_link(matrix, k=k)


def run_lemma_tfidf_threshold(texts: list[str], _frequencies: list[int], _k: int | None) -> list[int]:
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
    for text in texts:
        lemmas = (lemma(word) for word in re.findall(r"\w+", text.lower().replace("ё", "е")))
        documents.append(" ".join(word for word in lemmas if word) or "_")
    matrix = TfidfVectorizer(token_pattern=r"\S+").fit_transform(documents)
    return _average_link(matrix, threshold=LEMMA_BASELINE_THRESHOLD)


METHODS = {
    "project": run_project,
    "char TF-IDF avg-link (true k)": run_char_tfidf_true_k,
    "lemma TF-IDF avg-link 0.7": run_lemma_tfidf_threshold,
}


def _child(method: str, texts, frequencies, k, queue) -> None:
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directhelper.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_READ_DOT_ENV", "false")
    import django

    django.setup()  # for gettext in progress messages; the clusterer itself reads no settings
    started = time.perf_counter()
    labels = METHODS[method](texts, frequencies, k)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((labels, seconds, peak_mb))


def measure(method: str, texts, frequencies, k) -> tuple[list[int], float, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(method, texts, frequencies, k, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def report(dataset: str, method: str, labels: list[int], truth: list[str] | None, seconds: float, peak_mb: float):
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    found = len(set(labels))
    if truth is not None:
        quality = f"{adjusted_rand_score(truth, labels):6.3f} {v_measure_score(truth, labels):6.3f}"
        groups = f"{found:>6} / {len(set(truth)):<6}"
    else:
        quality = f"{'-':>6} {'-':>6}"
        groups = f"{found:>6} / {'-':<6}"
    print(f"{dataset:<22} {method:<30} {quality} {groups} {seconds:>8.1f} {peak_mb:>9.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(LOADERS), help=f"comma-separated subset of {', '.join(LOADERS)}")
    parser.add_argument("--scale", type=int, default=25_000, help="size of the time/memory set (0 skips it)")
    parser.add_argument("--skip-baselines", action="store_true")
    args = parser.parse_args()

    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(LOADERS))
    if unknown:
        parser.error(f"unknown data set(s): {', '.join(unknown)}")
    if not DATA.is_dir():
        print(f"No evaluation data at {DATA}: nothing to measure.")
        return
    print(f"{'data set':<22} {'method':<30} {'ARI':>6} {'V':>6} {'found / true':>15} {'time s':>8} {'peak MB':>9}")
    for key in chosen:
        name, loader = LOADERS[key]
        texts, frequencies, truth = loader()
        labelled = truth is not None
        methods = list(METHODS) if labelled and not args.skip_baselines else ["project"]
        for method in methods:
            k = len(set(truth)) if labelled else None
            labels, seconds, peak_mb = measure(method, texts, frequencies, k)
            report(name, method, labels, truth, seconds, peak_mb)
    if args.scale:
        texts, frequencies, _ = load_scale(args.scale)
        labels, seconds, peak_mb = measure("project", texts, frequencies, None)
        report(f"scale {args.scale:,}", "project", labels, None, seconds, peak_mb)


if __name__ == "__main__":
    main()
