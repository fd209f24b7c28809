"""Ad groups from cleaned phrases: marker-lemma groups, refined with sentence embeddings.

Method (chosen by measurement, see bench/bench_clustering.py and the figures in the closing note):
1. Pre-group by the marker lemma (the product noun, `features.marker_lemma`) — what a PPC specialist does by
   hand, and what makes Russian word forms a non-issue. O(n).
2. Marker groups of at least SEMANTIC_SUBGROUP_MIN_PHRASES phrases are split by product subtype (`modifiers`):
   `диван кровать`, `угловой диван` apart, while `купить диван`, `диван в москве` stay in the core group. O(n).
3. Phrases left alone in their group are attached to the group of their most similar phrase when the combined
   (embedding + lemma) cosine similarity reaches SEMANTIC_CLUSTER_THRESHOLD; the rest stay single. O(s·n·d) for
   s singles, in chunks, so memory stays O(chunk·n).
4. Groups above 200 phrases are bisected with seeded 2-means on the same vectors (O(n·d) per level).
5. Groups too rare to be shown (SEMANTIC_MIN_GROUP_FREQUENCY, only when frequencies are known) are merged into
   their nearest neighbour by centroid, or a catch-all group, and each move is written to `notes`.
Total O(n·d + s·n·d) time and O(n·d) memory: 25,000 phrases need about 100 MB of vectors, not an n² matrix.
Every step is seeded and ordered, so the same input gives the same groups.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.conf import settings
from django.utils.translation import gettext
from threadpoolctl import threadpool_limits

from semantic.control import ProgressCallback, StageControl, StopCheck
from semantic.embeddings import configured_embedder
from semantic.features import marker_lemma, phrase_vectors
from semantic.group_sizing import merge_rare, split_oversized
from semantic.modifiers import split_by_subtype
from semantic.operators import parse_phrase
from semantic.types import Cluster, ClusterResult, Phrase

SIMILARITY_CHUNK = 1024
NAME_MAX_WORDS = 5
NAME_MAX_CHARACTERS = 50


def cluster(
    phrases: list[Phrase],
    *,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ClusterResult:
    """Group phrases for Direct; groups come out by summed frequency, highest first, each with a readable name."""
    control = StageControl(progress, should_stop)
    if not phrases:
        return ClusterResult(clusters=[], notes=[])
    # One BLAS/OpenMP thread: on a busy 2-core worker extra threads spin against each other (measured several
    # times slower), and Celery already runs workers side by side.
    with threadpool_limits(limits=1):
        return _cluster_phrases(phrases, control)


def _cluster_phrases(phrases: list[Phrase], control: StageControl) -> ClusterResult:
    texts = [parse_phrase(phrase.text).bare_text or phrase.text for phrase in phrases]
    control.report(0, gettext("Finding the product word of %(count)d phrases") % {"count": len(phrases)})
    markers = [marker_lemma(text) for text in texts]
    control.check()
    vectors = phrase_vectors(texts, configured_embedder(), control, start=5, end=80)

    frequencies = np.array([phrase.frequency for phrase in phrases], dtype=np.int64)
    groups = _marker_groups(markers)
    groups = _subtype_groups(groups, texts, frequencies, markers, settings.SEMANTIC_SUBGROUP_MIN_PHRASES)
    groups = _attach_singles(groups, vectors, settings.SEMANTIC_CLUSTER_THRESHOLD, control)
    control.report(90, gettext("Sizing the groups"))
    groups = split_oversized(groups, vectors)

    notes: list[str] = []
    catch_all: list[int] = []
    min_total = settings.SEMANTIC_MIN_GROUP_FREQUENCY
    if min_total > 0 and frequencies.any():  # without frequencies (manual lists) rarity is unknown
        groups, catch_all, notes = merge_rare(
            groups, vectors, frequencies, min_total=min_total, name_of=lambda g: _name(phrases, g)
        )
    clusters = [_cluster(phrases, group) for group in groups]
    clusters.sort(key=lambda c: (-c.total_frequency, -len(c.phrases), c.name))
    for part in split_oversized([catch_all], vectors) if catch_all else []:
        clusters.append(_cluster(phrases, part, name=gettext("Other phrases")))
    _make_names_unique(clusters)
    control.report(100, gettext("%(count)d groups") % {"count": len(clusters)})
    return ClusterResult(clusters=clusters, notes=notes)


def _marker_groups(markers: list[str]) -> list[list[int]]:
    by_marker: dict[str, list[int]] = defaultdict(list)
    for index, marker in enumerate(markers):
        by_marker[marker].append(index)
    return list(by_marker.values())


def _subtype_groups(
    groups: list[list[int]], texts: list[str], frequencies: np.ndarray, markers: list[str], min_phrases: int
) -> list[list[int]]:
    """Large marker groups split by product subtype (`modifiers.split_by_subtype`); small ones stay whole."""
    if min_phrases <= 0:
        return groups
    frequency_list = frequencies.tolist()
    result: list[list[int]] = []
    for group in groups:
        if len(group) >= min_phrases:
            result.extend(split_by_subtype(group, texts, frequency_list, markers[group[0]]))
        else:
            result.append(group)
    return result


def _attach_singles(
    groups: list[list[int]], vectors: np.ndarray, threshold: float, control: StageControl
) -> list[list[int]]:
    """Move each phrase that is alone in its group to the group of its most similar phrase, if similar enough."""
    singles = [group[0] for group in groups if len(group) == 1]
    grouped = np.array([index for group in groups if len(group) > 1 for index in group], dtype=np.int64)
    if not singles or not len(grouped):
        return groups
    group_of = {index: number for number, group in enumerate(groups) for index in group}
    candidates = vectors[grouped]
    moves: dict[int, int] = {}
    for offset in range(0, len(singles), SIMILARITY_CHUNK):
        control.check()
        chunk = singles[offset : offset + SIMILARITY_CHUNK]
        similarity = vectors[chunk] @ candidates.T
        best = np.argmax(similarity, axis=1)
        for row, single in enumerate(chunk):
            if similarity[row, best[row]] >= threshold:
                moves[single] = group_of[int(grouped[best[row]])]
    result = [list(group) for group in groups]
    for single, target in moves.items():
        result[target].append(single)
        result[group_of[single]] = []
    return [sorted(group) for group in result if group]


def _sorted_phrases(phrases: list[Phrase], group: list[int]) -> list[Phrase]:
    return sorted((phrases[i] for i in group), key=lambda p: (-p.frequency, len(p.text), p.text))


def _name(phrases: list[Phrase], group: list[int]) -> str:
    """The highest-frequency phrase (the shortest among equals), cut to a few words, first letter capitalized."""
    top = _sorted_phrases(phrases, group)[0]
    words = (parse_phrase(top.text).bare_text or top.text).split()[:NAME_MAX_WORDS]
    name = " ".join(words)
    while len(name) > NAME_MAX_CHARACTERS and len(words) > 1:
        words = words[:-1]
        name = " ".join(words)
    name = name[:NAME_MAX_CHARACTERS]
    return name[:1].upper() + name[1:]


def _cluster(phrases: list[Phrase], group: list[int], name: str | None = None) -> Cluster:
    members = _sorted_phrases(phrases, group)
    return Cluster(
        name=name or _name(phrases, group),
        phrases=members,
        total_frequency=sum(phrase.frequency for phrase in members),
    )


def _make_names_unique(clusters: list[Cluster]) -> None:
    """Direct needs distinct group names to tell groups apart in the import file: repeats get ` 2`, ` 3`…"""
    seen: dict[str, int] = {}
    for item in clusters:
        count = seen.get(item.name, 0) + 1
        seen[item.name] = count
        if count > 1:
            item.name = f"{item.name} {count}"
