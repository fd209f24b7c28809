"""Group sizes Direct accepts: at most 200 phrases per group, and no group too rare to be shown.

A group whose phrases together are searched too rarely gets Direct's "мало показов" status and stops showing,
so it is merged into its most similar neighbour, or into a catch-all group when nothing is similar enough.
Groups are lists of row indices into one feature matrix whose rows are L2-normalized.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from django.utils.translation import gettext
from sklearn.cluster import KMeans

from core.direct_limits import KEYWORDS_PER_GROUP_MAX

MIN_MERGE_SIMILARITY = 0.3


def split_oversized(
    groups: list[list[int]], vectors: np.ndarray, max_size: int = KEYWORDS_PER_GROUP_MAX
) -> list[list[int]]:
    """Bisect every group above max_size with seeded 2-means until each part fits, keeping similar phrases together."""
    result: list[list[int]] = []
    pending = list(groups)
    while pending:
        group = pending.pop(0)
        if len(group) <= max_size:
            result.append(group)
            continue
        rows = vectors[group]
        halves: list[list[int]] = [[], []]
        if np.ptp(rows, axis=0).max() > 1e-6:
            labels = KMeans(n_clusters=2, n_init=3, random_state=0).fit_predict(rows)
            halves = [[index for index, label in zip(group, labels, strict=True) if label == side] for side in (0, 1)]
        if not halves[0] or not halves[1]:  # identical vectors: any split is as good as another
            middle = len(group) // 2
            halves = [group[:middle], group[middle:]]
        pending[:0] = halves
    return result


def merge_rare(
    groups: list[list[int]],
    vectors: np.ndarray,
    frequencies: np.ndarray,
    *,
    min_total: int,
    name_of: Callable[[list[int]], str],
    related: np.ndarray | None = None,
    max_size: int = KEYWORDS_PER_GROUP_MAX,
) -> tuple[list[list[int]], list[int], list[str]]:
    """Merge groups whose summed frequency is below min_total into their nearest neighbour (by centroid).

    `related[i, j]` (optional) says group j may take group i at all: the similarity then only picks among related
    groups, so a rare phrase joins a group it shares words with, never just the closest vector. Returns the kept
    groups, the catch-all group (indices with no similar enough neighbour; maybe empty) and one note per merge
    saying what moved where and why. The rarest groups go first; a neighbour that would exceed max_size is skipped.
    """
    totals = [int(frequencies[group].sum()) for group in groups]
    sums = np.vstack([vectors[group].sum(axis=0) for group in groups]) if groups else np.zeros((0, 1))
    sizes = np.array([len(group) for group in groups])
    alive = np.ones(len(groups), dtype=bool)
    members = [list(group) for group in groups]
    catch_all: list[int] = []
    notes: list[str] = []
    allowed_by_words = np.ones((len(groups), len(groups)), dtype=bool) if related is None else related.copy()
    for index in sorted(range(len(groups)), key=lambda i: (totals[i], name_of(members[i]))):
        if not alive[index] or totals[index] >= min_total:
            continue
        name = name_of(members[index])
        alive[index] = False
        target = _nearest(sums[index], sums, alive & (sizes + sizes[index] <= max_size) & allowed_by_words[index])
        reason = gettext("summed frequency %(total)d < %(limit)d (too few impressions)") % {
            "total": totals[index],
            "limit": min_total,
        }
        if target is None:
            catch_all.extend(members[index])
            notes.append(
                gettext("«%(group)s»: %(reason)s, moved to the catch-all group")
                % {
                    "group": name,
                    "reason": reason,
                }
            )
            continue
        notes.append(
            gettext("«%(group)s»: %(reason)s, merged into «%(target)s»")
            % {
                "group": name,
                "reason": reason,
                "target": name_of(members[target]),
            }
        )
        members[target].extend(members[index])
        allowed_by_words[target] |= allowed_by_words[index]
        allowed_by_words[:, target] |= allowed_by_words[:, index]
        sums[target] += sums[index]
        sizes[target] += sizes[index]
        totals[target] += totals[index]
    kept = [members[i] for i in range(len(groups)) if alive[i]]
    return kept, catch_all, notes


def _nearest(own_sum: np.ndarray, sums: np.ndarray, allowed: np.ndarray) -> int | None:
    """The allowed group whose centroid is most similar to own_sum's, if above MIN_MERGE_SIMILARITY."""
    if not allowed.any():
        return None
    norms = np.maximum(np.linalg.norm(sums, axis=1), 1e-12)
    similarity = (sums @ own_sum) / norms / max(float(np.linalg.norm(own_sum)), 1e-12)
    similarity[~allowed] = -np.inf
    best = int(np.argmax(similarity))
    return best if similarity[best] > MIN_MERGE_SIMILARITY else None
