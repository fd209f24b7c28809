"""Group sizes Direct accepts: at most 200 phrases per group, and no group too rare to be shown.

A group whose phrases together are searched too rarely gets Direct's "мало показов" status and stops showing,
so it is merged into its most similar neighbour, or into a catch-all group when nothing is similar enough.
Groups are lists of row indices into one feature matrix whose rows are L2-normalized.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from django.utils.translation import gettext
from sklearn.cluster import KMeans

from core.direct_limits import KEYWORDS_PER_GROUP_MAX

MIN_MERGE_SIMILARITY = 0.3
# Two groups of a search-query list whose centroids are this alike are one ad group (`merge_alike`). Measured on the
# labelled sets in one run (0.9 / 0.85 / 0.8 / 0.75 / 0.7): 0.8 raises jewellery 0.359 → 0.369 and IT 0.423 →
# 0.428, leaves detailing as it is; 0.7 drops IT to 0.308.
ALIKE_MIN_SIMILARITY = 0.8


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
    floors: Sequence[int] | None = None,
    known: np.ndarray | None = None,
    name_of: Callable[[list[int]], str],
    related: np.ndarray | None = None,
    fallback: list[int | None] | None = None,
    max_size: int = KEYWORDS_PER_GROUP_MAX,
) -> tuple[list[list[int]], list[int], list[str]]:
    """Merge groups whose summed frequency is below min_total into their nearest neighbour (by centroid).

    `known[i]` says phrase i has a frequency at all: a group holding a phrase of unknown frequency is never rare
    (unknown is not zero: an export with empty cells would otherwise fold a salon's zones into one group).

    `related[i, j]` (optional) says group j may take group i at all: the similarity then only picks among related
    groups, so a rare phrase joins a group it shares words with, never just the closest vector. A group that took
    a rarer one in may take what that one could join, but goes only where its own words lead: «Учет рабочего
    времени скуд» took `время работы скуд` by `время` and then, by that phrase's `работа`, went whole into
    «Стоимость работ скуд», which it named (the СКУД build). Returns the kept
    groups, the catch-all group (indices with no similar enough neighbour; maybe empty) and one note per merge
    saying what moved where and why. The rarest groups go first; a neighbour that would exceed max_size is skipped.
    `fallback[i]` (optional) is the group that takes group i when no related neighbour does (its product's broadest
    group, `tail.product_homes`), before the catch-all; it may grow past max_size and is cut later. `floors[i]`
    (optional) is group i's own summed frequency to stand, instead of min_total: a kind the searchers name needs
    only Direct's floor (`kind_fit.named_kinds`).
    """
    totals = [int(frequencies[group].sum()) for group in groups]
    fully_known = [known is None or bool(known[group].all()) for group in groups]
    sums = np.vstack([vectors[group].sum(axis=0) for group in groups]) if groups else np.zeros((0, 1))
    sizes = np.array([len(group) for group in groups])
    alive = np.ones(len(groups), dtype=bool)
    members = [list(group) for group in groups]
    owner = list(range(len(groups)))  # where each group went: its fallback may have merged elsewhere first
    catch_all: list[int] = []
    notes: list[str] = []
    allowed_by_words = np.ones((len(groups), len(groups)), dtype=bool) if related is None else related.copy()
    for index in sorted(range(len(groups)), key=lambda i: (totals[i], name_of(members[i]))):
        floor = min_total if floors is None else floors[index]
        if not alive[index] or totals[index] >= floor or not fully_known[index]:
            continue
        name = name_of(members[index])
        alive[index] = False
        target = _nearest(sums[index], sums, alive & (sizes + sizes[index] <= max_size) & allowed_by_words[index])
        if target is None and fallback is not None and fallback[index] is not None:
            target = _owner(owner, fallback[index])
            target = target if alive[target] else None
        reason = gettext("summed frequency %(total)d < %(limit)d (too few impressions)") % {
            "total": totals[index],
            "limit": floor,
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
        owner[index] = target
        allowed_by_words[:, target] |= allowed_by_words[:, index]
        sums[target] += sums[index]
        sizes[target] += sizes[index]
        totals[target] += totals[index]
    kept = [members[i] for i in range(len(groups)) if alive[i]]
    return kept, catch_all, notes


def _owner(owner: list[int], index: int) -> int:
    while owner[index] != index:
        index = owner[index]
    return index


def _nearest(own_sum: np.ndarray, sums: np.ndarray, allowed: np.ndarray) -> int | None:
    """The allowed group whose centroid is most similar to own_sum's, if above MIN_MERGE_SIMILARITY."""
    if not allowed.any():
        return None
    norms = np.maximum(np.linalg.norm(sums, axis=1), 1e-12)
    similarity = (sums @ own_sum) / norms / max(float(np.linalg.norm(own_sum)), 1e-12)
    similarity[~allowed] = -np.inf
    best = int(np.argmax(similarity))
    return best if similarity[best] > MIN_MERGE_SIMILARITY else None


# A word must be shared by this many phrases of an over-large group to make a sub-group of its own.
MIN_MEANING_PHRASES = 5


def split_by_meaning(
    group: list[int],
    words_of_phrase: Sequence[frozenset[str]],
    frequencies: Sequence[int],
    *,
    max_size: int = KEYWORDS_PER_GROUP_MAX,
    kept: frozenset[str] = frozenset(),
) -> list[list[int]]:
    """A group above max_size cut the way a specialist cuts it: by the words that tell its phrases apart.

    The word most of the group's phrases hold (but not all: not the product), then the frequency mass, then the
    word itself, takes its phrases into a sub-group (`скуд купить`, `скуд в офис`, `контроллер скуд`), named later
    by its own main phrase, so no part is a numbered copy of another (`Скуд 2`). Words held by MIN_MEANING_PHRASES
    phrases are peeled so until the rest fits, and a sub-group still above max_size is cut the same way (peeling
    every word would shatter a catalogue's product into one group per brand). The rest,
    the phrases that say nothing but the product and their one-off words (`скуд 2017`), comes first and keeps the
    group's name; when it is still too large, `spill_overflow` places its tail. A group within max_size is kept.
    The `kept` words (what the group's main phrase says: `установка` in «Скуд установка») never cut it: a part
    peeled by them would read as the group itself.
    """
    if len(group) <= max_size:
        return [group]
    rest = list(group)
    parts: list[list[int]] = []
    while len(rest) > max_size:
        counts: Counter[str] = Counter()
        mass: Counter[str] = Counter()
        for index in rest:
            for word in words_of_phrase[index]:
                counts[word] += 1
                mass[word] += frequencies[index]
        candidates = [
            word for word, count in counts.items() if MIN_MEANING_PHRASES <= count < len(rest) and word not in kept
        ]
        if not candidates:
            break
        word = max(candidates, key=lambda w: (counts[w], mass[w], w))
        part = [index for index in rest if word in words_of_phrase[index]]
        rest = [index for index in rest if word not in words_of_phrase[index]]
        parts.extend(split_by_meaning(part, words_of_phrase, frequencies, max_size=max_size, kept=kept))
    return [rest, *parts] if rest else parts


def spill_overflow(
    groups: list[list[int]],
    products: Sequence[str],
    frequencies: Sequence[int],
    vectors: np.ndarray,
    *,
    min_similarity: float,
    max_size: int = KEYWORDS_PER_GROUP_MAX,
) -> list[list[int]]:
    """A group still above max_size after `split_by_meaning` is its product's long tail (`скуд 2017`, `скуд бой`:
    words no other phrase holds). Its phrases that read most like another group of the same product
    (`products[i]`), relative to their own group, move there until it fits, so the tail is never cut into parts
    named after a stray phrase or numbered (`Скуд 2`). A phrase moves only to a group it reads like at
    `min_similarity` or above (the attach threshold), so junk does not fill `Скуд купить`; a receiving group at
    most doubles and never passes max_size, so no group becomes a second tail; the group's main phrase (most
    frequent) never moves. What finds no such group is left to `split_oversized`."""
    overflowing = [number for number, group in enumerate(groups) if len(group) > max_size]
    if not overflowing:
        return groups
    result = [list(group) for group in groups]
    room = [min(len(group), max_size - len(group)) for group in groups]
    centroids = np.vstack([vectors[group].mean(axis=0) for group in groups])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    for number in overflowing:
        same_product = np.array([product == products[number] for product in products])
        same_product[number] = False
        if not same_product.any():
            continue
        main = min(result[number], key=lambda index: (-frequencies[index], index))
        movable = [index for index in result[number] if index != main]
        similarity = vectors[movable] @ centroids.T
        own = similarity[:, number].copy()
        similarity[:, ~same_product] = -np.inf
        similarity[similarity < min_similarity] = -np.inf
        best = np.argmax(similarity, axis=1)
        margin = similarity[np.arange(len(movable)), best] - own
        excess = len(result[number]) - max_size
        moved: set[int] = set()
        for row in np.argsort(-margin, kind="stable"):
            if len(moved) == excess:
                break
            order = np.argsort(-similarity[row], kind="stable")
            target = next((int(t) for t in order if np.isfinite(similarity[row, t]) and room[t] > 0), None)
            if target is None:
                continue
            room[target] -= 1
            result[target].append(movable[row])
            moved.add(movable[row])
        result[number] = [index for index in result[number] if index not in moved]
    return [sorted(group) for group in result]


def merge_alike(
    groups: list[list[int]],
    vectors: np.ndarray,
    catch_alls: Sequence[bool],
    min_similarity: float = ALIKE_MIN_SIMILARITY,
    max_size: int = KEYWORDS_PER_GROUP_MAX,
    apart: np.ndarray | None = None,
) -> list[list[int]]:
    """Groups whose centroids (rows of `vectors`, L2-normalized) are at least `min_similarity` alike merged, the
    most alike pair first, the smaller into the larger, within `max_size`: two groups whose phrases read as one
    thing (the same words in other forms and orders, a vendor and its product line) get one ad, and each a fuller
    share of the budget. A catch-all (`catch_alls`) merges only with another: its centroid is the list's own, so
    it reads like every group, and a vendor's group merged into it («Парсек скуд») loses its ad. Pairs marked
    `apart` never merge, nor does what either has taken in (`kind_fit.named_apart`: «Обручальные кольца парные»
    never joins «Обручальные кольца», whether or not «… из золота» joined it first)."""
    result = [list(group) for group in groups]
    if len(result) < 2:
        return result
    sums = np.stack([vectors[group].sum(axis=0) for group in result])
    centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    similarity = centroids @ centroids.T
    np.fill_diagonal(similarity, -1.0)
    sizes = np.array([len(group) for group in result])
    kinds = np.array(catch_alls, dtype=bool)
    similarity[kinds[:, None] != kinds[None, :]] = -1.0
    apart = np.zeros_like(similarity, dtype=bool) if apart is None else apart.copy()
    similarity[apart] = -1.0
    while True:
        fits = (sizes[:, None] + sizes[None, :]) <= max_size
        candidates = np.where(fits, similarity, -1.0)
        first, second = np.unravel_index(int(np.argmax(candidates)), candidates.shape)
        if candidates[first, second] < min_similarity:
            break
        keep, drop = (first, second) if sizes[first] >= sizes[second] else (second, first)
        result[keep].extend(result[drop])
        result[drop] = []
        sums[keep] += sums[drop]
        sizes[keep] += sizes[drop]
        sizes[drop] = max_size + 1
        centroid = sums[keep] / max(float(np.linalg.norm(sums[keep])), 1e-12)
        centroids[keep] = centroid
        apart[keep] |= apart[drop]
        apart[:, keep] = apart[keep]
        similarity[keep] = np.where((kinds == kinds[keep]) & ~apart[keep], centroids @ centroid, -1.0)
        similarity[:, keep] = similarity[keep]
        similarity[keep, keep] = -1.0
        similarity[drop] = -1.0
        similarity[:, drop] = -1.0
    return [sorted(group) for group in result if group]
