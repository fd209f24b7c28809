"""Search-query groups inside one product: the kinds the searchers say alone, then average-link agglomerative
clustering on content-lemma TF-IDF.

A word some phrase says alone beside the product (`обручальные кольца`, `кольца с бриллиантами`) is a kind a
specialist keeps; each phrase goes to the group of the kinds it holds (`group_by_kinds`), so a phrase of two kinds
is their own group and never the bridge average link chains them through. The phrases naming words but no such
kind are linked as follows.

Wordstat phrases are short (a median of 2–3 content words on every core measured) and a specialist's groups inside
one product are the words that repeat across them: a port count, a zone, a kind (`коммутатор 24 порта`,
`коммутатор агрегации`, `парные кольца`). TF-IDF over the phrase list's content lemmas (commercial, price, place
words already removed, variants already merged by `lexicon`) weighs a rare shared word above a common one, and
average linkage cut at one cosine distance joins phrases that share their telling words. Run per product, so the
distance matrix is the size of one product's phrases, not of the list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sparse
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from semantic.lexicon import PhraseWords


def kinds_said_alone(group: list[int], words: Sequence[PhraseWords]) -> frozenset[str]:
    """The words some phrase of the product's block says alone beside the product (`обручальные кольца`, `кольца с
    бриллиантами`, `кольца на заказ`): the kinds the searchers themselves name, each a group a specialist keeps. A
    word never said alone with the product (`585`, `из платины`, `красивые`) only qualifies the kinds it comes with."""
    alone = set()
    for index in group:
        rest = set(words[index].content) - {words[index].product}
        if len(rest) == 1:
            alone |= rest
    return frozenset(alone)


def group_by_kinds(group: list[int], words: Sequence[PhraseWords]) -> tuple[list[list[int]], list[int]]:
    """The product's phrases grouped by the set of kinds said alone they hold (`kinds_said_alone`): `обручальные
    кольца с бриллиантами` is the group of both its kinds, never chained by average link into one group with
    `обручальные кольца` and `кольца с бриллиантами`; `обручальные кольца 585` joins `обручальные кольца`. Phrases of
    the product alone (`кольца купить`) are one group. Returns those groups and the phrases naming words but no such
    kind, left to the linkage. A block of one or two phrases is left to the linkage whole, as `link_group` leaves it."""
    if len(group) < 3:
        return [], list(group)
    kinds = kinds_said_alone(group, words)
    keyed: dict[frozenset[str], list[int]] = defaultdict(list)
    unkeyed = []
    for index in group:
        rest = frozenset(words[index].content) - {words[index].product}
        if rest and not rest & kinds:
            unkeyed.append(index)
        else:
            keyed[rest & kinds].append(index)
    return sorted((sorted(part) for part in keyed.values()), key=lambda part: part[0]), unkeyed


def content_matrix(words: Sequence[PhraseWords]):
    """L2-normalized sparse TF-IDF rows of every phrase's content lemmas, IDF taken over the whole list."""
    documents = [" ".join(item.content) or "_" for item in words]
    matrix = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32).fit_transform(documents)
    return normalize(matrix.tocsr())


def object_incidence(objects: Sequence[frozenset[str]]):
    """Sparse 0/1 phrase × noun matrix of each phrase's zone/object/offer nouns."""
    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for row, words in enumerate(objects):
        for word in sorted(words):
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(objects), max(1, len(vocabulary)))
    )
    return incidence


def conflicts(rows: Sequence[int], incidence) -> np.ndarray:
    """conflict[a, b] for the phrases `rows`: both name a zone, object or offer noun and share none
    (`эпиляция бикини` / `эпиляция подмышек`, `серьги конго` / `серьги пусеты`, `кольца с бриллиантами` /
    `кольца на заказ`). A specialist never puts those in one group: each gets its own ad and landing page."""
    own = incidence[list(rows)]
    shared = (own @ own.T).toarray() > 0
    named = np.asarray(own.sum(axis=1)).ravel() > 0
    return named[:, None] & named[None, :] & ~shared


def link_group(group: list[int], matrix, distance: float, objects=None) -> list[list[int]]:
    """The group's phrases cut into average-link clusters at `distance` (cosine), each sorted, deterministic.

    With `objects` (`object_incidence` of the whole list), conflicting pairs (`conflicts`) are set at the largest
    distance, so average linkage keeps different zones apart however much else they share."""
    if len(group) < 3:
        if len(group) == 2 and objects is not None and conflicts(group, objects)[0, 1]:
            return [[index] for index in sorted(group)]
        return [sorted(group)]
    rows = matrix[group]
    similarity = (rows @ rows.T).toarray().astype(np.float64)
    if objects is not None:
        similarity[conflicts(group, objects)] = -1.0
    upper = np.triu_indices(len(group), k=1)
    condensed = np.clip(1.0 - similarity[upper], 0.0, 2.0)
    labels = fcluster(linkage(condensed, method="average"), t=distance, criterion="distance")
    parts: dict[int, list[int]] = defaultdict(list)
    for index, label in zip(group, labels, strict=True):
        parts[int(label)].append(index)
    return sorted((sorted(part) for part in parts.values()), key=lambda part: part[0])
