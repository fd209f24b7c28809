"""Search-query groups inside one product: average-link agglomerative clustering on content-lemma TF-IDF.

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
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from semantic.lexicon import PhraseWords


def content_matrix(words: Sequence[PhraseWords]):
    """L2-normalized sparse TF-IDF rows of every phrase's content lemmas, IDF taken over the whole list."""
    documents = [" ".join(item.content) or "_" for item in words]
    matrix = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32).fit_transform(documents)
    return normalize(matrix.tocsr())


def link_group(group: list[int], matrix, distance: float) -> list[list[int]]:
    """The group's phrases cut into average-link clusters at `distance` (cosine), each sorted, deterministic."""
    if len(group) < 3:
        return [sorted(group)]
    rows = matrix[group]
    similarity = (rows @ rows.T).toarray().astype(np.float64)
    upper = np.triu_indices(len(group), k=1)
    condensed = np.clip(1.0 - similarity[upper], 0.0, 2.0)
    labels = fcluster(linkage(condensed, method="average"), t=distance, criterion="distance")
    parts: dict[int, list[int]] = defaultdict(list)
    for index, label in zip(group, labels, strict=True):
        parts[int(label)].append(index)
    return sorted((sorted(part) for part in parts.values()), key=lambda part: part[0])
