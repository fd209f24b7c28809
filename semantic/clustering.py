"""Ad groups from cleaned phrases, one method and one set of settings for every market (semantic/README.md).

1. Read every phrase (`lexicon.read_phrases`): its product (the product noun; after a generic head such as
   `средство`, `услуги`, `набор` its complement), its kind words, its content lemmas. Commercial, informational,
   price and place words are dropped from both; variants of one word learned from the list (derived adjectives,
   code spellings, words filling the same slots that the encoder reads alike) become one word. O(n).
2. Group by product. O(n).
3. Inside each product: search queries (short, few words of their own) are grouped by the kinds the searchers
   say alone beside the product (`linking.group_by_kinds`: `обручальные кольца с бриллиантами` is the group of both
   kinds, never a bridge between them), the rest cut by average-link clustering on content-lemma TF-IDF
   (`linking`), so zones, port counts and kinds make their own groups; descriptions (receipt
   and catalogue lines full of brands and article numbers) are split only by kinds holding a quarter of the product
   (`modifiers`). O(m²) per product of m phrases, m capped at LINK_MAX_PHRASES.
   Two phrases naming different zone, object or offer nouns are never linked (`linking.conflicts`).
4. Phrases of tiny groups join the group of their most similar phrase (sentence embedding + lemma vectors) when
   that phrase holds one of their own words and the similarity reaches `threshold`: the embedding attaches, it
   never decides alone; a phrase whose product has a group joins only its product's groups (a ring phrase never an
   earring group). O(s·n·d), in chunks.
5. The long tail (a product plus words no other phrase uses) folds into its product's broadest group (`tail`).
6. With frequencies, groups below Direct's floor or below the k-th largest group's mass (k = √n, at most
   `groups_per_log`·ln n) merge into the nearest group holding one of their words, else their product's broadest
   group, else the catch-all; a group holding a phrase of unknown frequency is never merged as rare, a kind the
   searchers name (`kind_fit.named_kinds`: `дизайнерские кольца`) needs only Direct's floor, a thing beside the
   market's word (`kind_fit.named_objects`: `турникет скуд`) half the granularity's mass, and a rare group goes
   only to a group of its own product while one exists (`tail.same_product_targets`). Each move is a note.
7. The catch-all keeps only phrases sharing no telling word with a group. Groups above 200 phrases are split by
   meaning (`group_sizing.split_by_meaning`: the words their phrases hold, each part named by its own main phrase,
   never numbered), their one-off tail spilled into the same product's nearest groups; groups whose head phrases
   have the same lemmas merge (Latin and Cyrillic brand spellings, split compounds are one word by then), groups
   reading alike merge unless they differ by a named kind (`kind_fit.named_apart`); the
   plain service on the market's general object (`полировка авто`) joins its product's larger group
   (`tail.join_plain_services`).
8. One-word broad keys (`скуд`) are listed as head terms, to run as phrase match in quotes (`head_terms`).
Names: the group's most frequent correctly spelt phrase. Every step is seeded and ordered, so the same input gives
the same groups; see bench/bench_clustering.py for time and memory.
"""

from __future__ import annotations

import gc
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from statistics import median

import numpy as np
import scipy.sparse as sparse
from django.utils.translation import gettext
from threadpoolctl import threadpool_limits

from semantic.control import ProgressCallback, StageControl, StopCheck
from semantic.embeddings import Embedder, load_embedder
from semantic.features import NOT_A_PRODUCT_TAGS, LemmaVectors, phrase_vectors, words_of
from semantic.group_sizing import (
    MIN_MEANING_PHRASES,
    merge_alike,
    merge_rare,
    spill_overflow,
    split_by_meaning,
    split_oversized,
)
from semantic.head_terms import head_terms
from semantic.idioms import split_idioms
from semantic.kind_fit import (
    dissolve_mixed,
    fits,
    group_fits,
    is_named,
    named_apart,
    named_kinds,
    named_objects,
    read_kinds,
    refusable,
)
from semantic.lexicon import GENERIC_HEADS, PhraseWords, is_clean_phrase, order_free_products, read_phrases
from semantic.linking import content_matrix, group_by_kinds, link_group, object_incidence
from semantic.modifiers import MIN_SUBTYPE_PHRASES, MIN_SUBTYPE_SHARE, general_modifiers, split_by_subtype
from semantic.morph import word_info
from semantic.name_words import restore_name_words
from semantic.operators import STOP_WORDS, bare_text
from semantic.places import place_lemmas
from semantic.sentence_encoding import SentenceEncoding
from semantic.tail import (
    PRODUCT_WORD_SHARE,
    common_words,
    fold_tail,
    general_objects,
    is_catch_all,
    join_plain_services,
    market_nouns,
    merge_same_product,
    merge_same_words,
    offered_families,
    offered_words,
    on_theme,
    product_homes,
    product_key,
    same_product_targets,
    same_product_words,
    telling_words,
)
from semantic.types import Cluster, ClusterResult, Phrase

SIMILARITY_CHUNK = 1024
# Threads comparing the tiny groups' phrases with their candidates (`_attach_small`): one per core of a 2-core worker.
ATTACH_THREADS = 2
# A thing beside the market's word (`турникет скуд`, `kind_fit.named_objects`) stands on this share of the mass the
# granularity asks of a group: its searches, not only Direct's floor as a named quality, since a vendor or a place
# reads the same way.
OBJECT_SHARE = 0.5
NAME_MAX_WORDS = 5
NAME_MAX_CHARACTERS = 50
# A catch-all's name lists this many of the words its phrases share most (`_name_catch_alls`).
CATCH_ALL_NAME_WORDS = 2
# The largest product block linked at once (its distance matrix is this squared): bigger ones are bisected first.
LINK_MAX_PHRASES = 4000
# Words that say where, besides the known places: never what tells phrases apart (`split_by_meaning`).
PLACE_WORDS = frozenset({"регион", "город", "россия", "рф", "область", "район"})


@dataclass(frozen=True)
class ClusteringOptions:
    """Every knob of the clusterer; the defaults are the one set of settings measured on every market.

    The caller builds it from its settings (`SEMANTIC_CLUSTER_THRESHOLD` → `threshold`, `SEMANTIC_SUBGROUP_MIN_PHRASES`
    → `subgroup_min_phrases`, `SEMANTIC_MIN_GROUP_FREQUENCY` → `min_group_frequency`, `EMBEDDING_MODEL` →
    `embedder=load_embedder(name)`); this module reads no settings.
    """

    # Phrases in groups of at most `attach_max_phrases` join the group of their most similar phrase at this cosine
    # (embedding + lemma features) or above.
    threshold: float = 0.6
    attach_max_phrases: int = 2
    # Descriptive product groups with at least this many phrases are split by kind (subtype); 0 turns it off.
    subgroup_min_phrases: int = 10
    # A kind must hold this share of its product's phrases to become a group of its own.
    subgroup_min_share: float = MIN_SUBTYPE_SHARE
    # A product whose phrases have at most this many content words (median), most with no word of their own, is read
    # as search queries and grouped by average-link at `link_distance`; others are descriptions (catalogue, receipt
    # lines), split by kind.
    query_max_words: int = 4
    link_distance: float = 0.6
    # Groups whose summed frequency is below this are merged into their nearest neighbour; 0 keeps them.
    min_group_frequency: int = 30
    # With frequencies, at most √(phrases) and this many groups per natural log of the phrases stand alone; the rarer
    # fold (`_min_group_total`).
    groups_per_log: float = 4.2
    # The sentence encoder; None is the default offline model (`semantic.embeddings.load_embedder(None)`).
    embedder: Embedder | None = None


def cluster(
    phrases: list[Phrase],
    *,
    options: ClusteringOptions | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
    brief: str = "",
) -> ClusterResult:
    """Group phrases for Direct; groups come out by summed frequency, highest first, each with a readable name.
    `brief` is the campaign's description: a service it lists gets a group of its own when phrases name it
    (`_brief_services`)."""
    control = StageControl(progress, should_stop)
    if not phrases:
        return ClusterResult(clusters=[], notes=[])
    # One BLAS/OpenMP thread: on a busy 2-core worker extra threads spin against each other (measured several
    # times slower), and Celery already runs workers side by side.
    with threadpool_limits(limits=1), _without_cycle_collector():
        return _cluster_phrases(phrases, options or ClusteringOptions(), control, brief)


@contextmanager
def _without_cycle_collector():
    """Python's cycle collector paused while clustering: the clusterer makes hundreds of thousands of small objects
    that reference counting frees (no cycles), and each of the collector's full passes walked all of them and the
    word caches (25,000 phrases: 8 passes, 1.4 of the main thread's 9.2 CPU seconds). It runs again afterwards,
    unless something else had paused it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _cluster_phrases(
    phrases: list[Phrase], options: ClusteringOptions, control: StageControl, brief: str
) -> ClusterResult:
    texts = [bare_text(phrase.text) or phrase.text for phrase in phrases]
    control.report(0, gettext("Finding the product word of %(count)d phrases") % {"count": len(phrases)})
    embedder = options.embedder or load_embedder(None)
    # the sentences are encoded, and the lemma TF-IDF reduced, while the phrases are read
    with SentenceEncoding(texts, embedder) as sentences, LemmaVectors(texts) as lemmas:
        # Fixed expressions (`под ключ`) modify the offer: their nouns never choose the product or link phrases.
        readings = [split_idioms(text) for text in texts]
        words = read_phrases([reading for reading, _idioms in readings], embedder.encode)
        phrase_counts = Counter(word for item in words for word in set(item.content))
        queries = _reads_as_queries(list(range(len(words))), words, phrase_counts, options.query_max_words)
        if queries:
            # search queries, not catalogue lines whose brands pymorphy3 also reads as names (`name_words`)
            words = restore_name_words([reading for reading, _idioms in readings], order_free_products(words))
        # what needs no vector is read while the encoder still runs
        meaning = _meaning_words(readings, words)
        # the phrases as written: both take their bare texts, cached since `texts` above, not the bare texts' again
        written = [phrase.text for phrase in phrases]
        derived, expansions = same_product_words(written, words)
        keys = [product_key(item, derived, expansions) for item in words]
        common = market_nouns(words)
        heads = head_terms(written, words)
        # Unknown frequencies (a manual list, an export with empty cells) count as 0 in sums but are never rare.
        frequencies = np.array([phrase.frequency or 0 for phrase in phrases], dtype=np.int64)
        known = np.array([phrase.frequency is not None for phrase in phrases], dtype=bool)
        control.check()
        # the products are cut, and the tiny groups' candidates found, while the encoder still runs: only a block
        # too large to link waits for the vectors
        vectors_of = cache(lambda: phrase_vectors(lemmas, sentences, control, start=5, end=80))
        groups = _within_products(
            _product_groups([item.product for item in words]), words, frequencies, vectors_of, options, control
        )
        candidates = _attach_candidates(groups, words, options, control)
        vectors = vectors_of()

    groups = _attach_small(groups, candidates, vectors, options, control)
    groups = fold_tail(groups, words, small=options.attach_max_phrases)

    notes: list[str] = []
    catch_all: list[int] = []
    named = named_kinds(groups, words, min_phrases=MIN_MEANING_PHRASES, common=common)
    objects = named_objects(groups, words, min_phrases=MIN_MEANING_PHRASES, common=common)
    min_total = _min_group_total(groups, frequencies, known, options)
    if min_total > 0:  # without known frequencies (manual lists) rarity is unknown
        floors = [_floor(group, words, named, objects, min_total, options) for group in groups]
        rare = [
            int(frequencies[group].sum()) < floor and bool(known[group].all())
            for group, floor in zip(groups, floors, strict=True)
        ]
        groups = dissolve_mixed(groups, words, rare)
        # read again: a group shared out is gone, and the floors of the groups after it would shift onto the wrong
        # ones («Домофон скуд», a thing's group of 580 a month, was held to the full 1,014 of its neighbour's slot)
        floors = [_floor(group, words, named, objects, min_total, options) for group in groups]
        groups, catch_all, notes = merge_rare(
            groups,
            vectors,
            frequencies,
            known=known,
            min_total=min_total,
            floors=floors,
            name_of=lambda g: _name(phrases, g),
            related=_related_groups(groups, words) & group_fits(groups, words) & same_product_targets(groups, words),
            fallback=product_homes(groups, words, small=options.attach_max_phrases),
        )
    groups, catch_all = _rehome_catch_all(groups, catch_all, meaning)
    groups, catch_all = _fold_tiny_catch_all(groups, catch_all, vectors, options.attach_max_phrases)
    groups = _brief_services(groups, phrases, brief)
    counts = frequencies.tolist()

    order = [_order_key(phrase) for phrase in phrases]  # read once: each merge asks every group for its main phrase

    def main_phrase(group: list[int]) -> int:
        return min(group, key=order.__getitem__)  # the first of `_sorted_indices`, without sorting the rest

    def by_meaning(group: list[int]) -> list[list[int]]:
        return split_by_meaning(group, meaning, counts, kept=_said_by(main_phrase(group), meaning, keys))

    groups = [part for group in groups for part in by_meaning(group)]

    known_list = known.tolist()
    groups = merge_same_words(groups, keys, main_phrase, known_list, common)
    control.report(90, gettext("Sizing the groups"))
    products = [Counter(words[index].product for index in group).most_common(1)[0][0] for group in groups]
    groups = spill_overflow(groups, products, counts, vectors, min_similarity=options.threshold)
    # the tail moved in may head a group now: groups whose new heads say the same thing are one group too
    groups = split_oversized(merge_same_words(groups, keys, main_phrase, known_list, common), vectors)
    if queries:  # a catalogue's groups are kinds told apart by a word, however alike their lines read
        groups = merge_same_product(groups, words, main_phrase, known_list, common)
        groups = _peel_catch_alls(groups, phrases, texts, frequencies, min_total)
        groups = merge_same_words(groups, keys, main_phrase, known_list, common)
        flags = on_theme([_sorted_phrases(phrases, group) for group in groups])
        apart = named_apart([words[main_phrase(group)] for group in groups], named)
        groups = merge_alike(groups, vectors, [is_catch_all(group_flags) for group_flags in flags], apart=apart)
        groups = join_plain_services(groups, words, main_phrase, known_list, general_objects(words))
    clusters = [_cluster(phrases, group) for group in groups]
    clusters.sort(key=lambda c: (-c.total_frequency, -len(c.phrases), c.name))
    if queries:  # a catalogue's mixed group has no product to name it by (`Сухарик` over macaroni and jelly)
        _name_catch_alls(clusters, {phrases[index].text for index in heads})
    if catch_all:
        # its phrases say nothing shared: what a word still tells apart gets a group named by its own main phrase
        parts = split_oversized(split_by_meaning(catch_all, meaning, counts), vectors)
        clusters.append(_cluster(phrases, parts[0], name=gettext("Other phrases")))
        clusters.extend(_cluster(phrases, part) for part in parts[1:])
    _make_names_unique(clusters)
    control.report(100, gettext("%(count)d groups") % {"count": len(clusters)})
    return ClusterResult(
        clusters=clusters,
        notes=notes,
        head_terms=[phrases[index].text for index in heads],
        unknown_frequency=int((~known).sum()),
    )


def _floor(
    group: list[int],
    words: list[PhraseWords],
    named: frozenset[tuple[str, str]],
    objects: frozenset[tuple[str, str]],
    min_total: int,
    options: ClusteringOptions,
) -> int:
    """The summed frequency a group needs to stand: Direct's floor for a kind the searchers name
    (`kind_fit.named_kinds`), OBJECT_SHARE of the granularity's mass for a thing beside the market's word
    (`kind_fit.named_objects`: «Турникет скуд», 1,113 a month on the СКУД export against 1,290), the granularity's
    mass for the rest."""
    if is_named(group, words, named):
        return options.min_group_frequency
    if is_named(group, words, objects):
        return max(options.min_group_frequency, round(OBJECT_SHARE * min_total))
    return min_total


def _min_group_total(
    groups: list[list[int]], frequencies: np.ndarray, known: np.ndarray, options: ClusteringOptions
) -> int:
    """The summed frequency a group needs to stand alone, chosen from the data: Direct's floor
    (`min_group_frequency`), raised to the mass of the list's k-th largest group where k = √n, at most
    `groups_per_log` × ln n (n phrases): a long tail of small groups folds into its neighbours, a list of a few
    strong groups keeps them. A short list keeps at most √n groups (each needs searches of its own: 12 for the sofa
    demo's 134 phrases); on a long one the kinds a specialist keeps grow with the log, not the root: a longer export
    adds mostly the tail of the same services (4.2 × ln 5,294 → 36 groups for the СКУД export, where √ gave 73 and
    most got under 1 % of the budget; the two meet near the jewellery core's 766 phrases, 28). 0 when no frequency
    is known."""
    if not options.min_group_frequency or not (frequencies[known] > 0).any():
        return 0
    masses = sorted(
        (int(frequencies[group].sum()) for group in groups if known[group].all()),
        reverse=True,
    )
    allowed = math.ceil(min(math.sqrt(len(frequencies)), options.groups_per_log * math.log(len(frequencies))))
    kth = masses[allowed - 1] if len(masses) >= allowed else 0
    return max(options.min_group_frequency, kth)


def _brief_services(groups: list[list[int]], phrases: list[Phrase], brief: str) -> list[list[int]]:
    """A service the brief lists that no group's main phrase names gets a group of its own when at least
    MIN_SUBTYPE_PHRASES phrases name it: the client sells it, so a specialist gives it its own ad and landing page.
    On the detailing build «керамика» (ceramic coating) was buried in «Полировка авто», merged there as rare.

    The services are the nouns the brief lists (`tail.offered_words`: `полировка, керамика, оклейка плёнкой` →
    `полировка`, `керамика`, `оклейка`), the campaign's product words (`скуд`) aside."""
    if not brief.strip():
        return groups
    told = [telling_words(phrase.text) for phrase in phrases]
    services = offered_words(brief, told)
    family = offered_families(services, told)
    # `керамическое покрытие` names `керамика`, `проект` names `проектирование`: one service, one group
    told = [frozenset(family.get(word, word) for word in words) for words in told]
    mains = [told[_sorted_indices(phrases, group)[0]] for group in groups]
    result = [list(group) for group in groups]
    for service in sorted(services - set().union(*mains)):
        # no group's main phrase names it: every phrase naming it leaves its group (the services' own groups aside)
        moving = [index for group in result[: len(groups)] for index in group if service in told[index]]
        if len(moving) >= MIN_SUBTYPE_PHRASES:
            taken = set(moving)
            result = [[index for index in group if index not in taken] for group in result]
            result.append(sorted(moving))
    result = [group for group in result if group]
    return _gather_services(result, [told[_sorted_indices(phrases, group)[0]] for group in result], told, services)


def _gather_services(
    groups: list[list[int]], mains: list[frozenset[str]], told: list[frozenset[str]], services: frozenset[str]
) -> list[list[int]]:
    """A phrase naming a service of the brief joins the group of the most specific one it names (named by the
    fewest phrases, among those a group's main phrase names; the largest such group), unless its own group's main
    phrase names that service: `полировка и керамика авто спб` leaves «Полировка авто» for «Керамическое покрытие
    авто», `проект установки скуд` stays in «Проект скуд». The detailing build had керамика in three groups."""
    counts = Counter(word for words in told for word in words & services)
    home: dict[str, int] = {}
    for number in sorted(range(len(groups)), key=lambda n: -len(groups[n])):
        for service in mains[number] & services:
            home.setdefault(service, number)
    moves: dict[int, int] = {}
    for number, group in enumerate(groups):
        for index in group:
            homed = sorted((counts[service], service) for service in told[index] & services if service in home)
            if homed and homed[0][1] not in mains[number]:
                moves[index] = home[homed[0][1]]
    result = [[index for index in group if index not in moves] for group in groups]
    for index, target in moves.items():
        result[target].append(index)
    return [sorted(group) for group in result if group]


def _peel_catch_alls(
    groups: list[list[int]], phrases: list[Phrase], texts: list[str], frequencies: np.ndarray, min_total: int
) -> list[list[int]]:
    """A catch-all (`tail.is_catch_all`: most of its phrases do not say what its main phrase says) is cut by the
    words its phrases share: each telling word (`tail.telling_words`: intent, price and place words aside, a Latin
    spelling read as the Cyrillic one) held by at least MIN_MEANING_PHRASES of its phrases whose searches would
    stand alone (`min_total`, `_min_group_total`: the mass no rare group reaches) takes them into a group of their
    own, named later by its own main phrase, the word most searched first; the rest stays the catch-all. The
    СКУД build's «Скуд: прочие запросы (болид, эра)» buried `скуд болид` (1,653 searches a month) and 16 more
    phrases of the vendor among 122; a specialist gives a vendor the list repeats its own group and ad. The
    campaign's product words (`скуд`, held by PRODUCT_WORD_SHARE of the list) tell nothing."""
    if not min_total:  # without frequencies nothing was folded as rare: the linkage made the catch-all
        return groups
    flags = on_theme([_sorted_phrases(phrases, group) for group in groups])
    if not any(is_catch_all(group_flags) for group_flags in flags):
        return groups
    told = [telling_words(text) for text in texts]
    held = Counter(word for words in told for word in words)
    product_words = {word for word, count in held.items() if count >= PRODUCT_WORD_SHARE * len(texts)}
    result: list[list[int]] = []
    for group, group_flags in zip(groups, flags, strict=True):
        if not is_catch_all(group_flags):
            result.append(group)
            continue
        rest = list(group)
        while True:
            counts: Counter[str] = Counter()
            mass: Counter[str] = Counter()
            for index in rest:
                for word in told[index] - product_words:
                    counts[word] += 1
                    mass[word] += int(frequencies[index])
            shared = [
                word
                for word, count in counts.items()
                if MIN_MEANING_PHRASES <= count < len(rest) and mass[word] >= min_total
            ]
            if not shared:
                break
            word = max(shared, key=lambda item: (mass[item], item))
            result.append([index for index in rest if word in told[index]])
            rest = [index for index in rest if word not in told[index]]
        result.append(rest)
    return result


def _rehome_catch_all(
    groups: list[list[int]], catch_all: list[int], meaning: list[frozenset[str]]
) -> tuple[list[list[int]], list[int]]:
    """The catch-all keeps only phrases that share no telling word with any group: the others join the broadest
    group holding one of their words (the one whose phrases name the fewest other words, then the largest), so
    «Прочие фразы» never holds a `детейлинг` phrase while a `детейлинг` group exists. Intent, price and place words
    (`цена`, `спб`) tell nothing here."""
    if not catch_all:
        return groups, catch_all
    general = general_modifiers()
    home: dict[str, tuple[tuple[float, int], int]] = {}
    for number, group in enumerate(groups):
        breadth = (float(np.mean([len(meaning[index]) for index in group])), -len(group))
        for word in {word for index in group for word in meaning[index]} - general:
            if word not in home or breadth < home[word][0]:
                home[word] = (breadth, number)
    result = [list(group) for group in groups]
    kept: list[int] = []
    for index in catch_all:
        found = [home[word] for word in sorted(meaning[index] - general) if word in home]
        if found:
            result[min(found)[1]].append(index)
        else:
            kept.append(index)
    return [sorted(group) for group in result], kept


def _fold_tiny_catch_all(
    groups: list[list[int]], catch_all: list[int], vectors: np.ndarray, small: int
) -> tuple[list[list[int]], list[int]]:
    """A catch-all of at most `small` phrases beside tail groups (of at most `small` phrases, another product's:
    «Софа») is one tail with them: each of its phrases joins the tail group it reads most like (sentence embedding
    + lemma vectors against the groups' centroids). «Прочие фразы» for one `тахта купить` beside «Софа» is a
    specialist's tail to fold, never an ad of its own. Without a tail group it stays: the nearest standing group
    by the vectors alone may be another service (`спб реставрация кожи` read nearest «Тонировка стекол»)."""
    tails = [number for number, group in enumerate(groups) if len(group) <= small]
    if not catch_all or len(catch_all) > small or not tails:
        return groups, catch_all
    sums = np.vstack([vectors[groups[number]].sum(axis=0) for number in tails])
    centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    result = [list(group) for group in groups]
    for index in catch_all:
        result[tails[int(np.argmax(centroids @ vectors[index]))]].append(index)
    return [sorted(group) for group in result], []


def _meaning_words(readings: list[tuple[str, tuple[str, ...]]], words: list[PhraseWords]) -> list[frozenset[str]]:
    """What tells a phrase apart inside its group, for `split_by_meaning`: its lemmas and fixed expressions, intent
    and price words included (`цена`, `купить`, `под ключ`: a specialist's `Скуд цена`), less its product and the
    place words (the campaign's region already says where). A word the lexicon read as another (`монтаж`,
    `установить` → `установка`, a Latin spelling) is that word here too, and a generic head (`система`,
    `оборудование`: `lexicon.GENERIC_HEADS`) tells nothing: cut by them, the СКУД export's installation group
    became «Скуд установка» and «Скуд монтаж», two groups a reader takes for one service."""
    places = place_lemmas() | PLACE_WORDS
    result = []
    for (text, idioms), item in zip(readings, words, strict=True):
        lemmas = {lemma for word in words_of(text) if word not in STOP_WORDS and (lemma := _set_aside(word, item))}
        lemmas |= set(item.content)
        result.append(frozenset(lemmas | set(idioms)) - places - GENERIC_HEADS - {item.product})
    return result


def _said_by(index: int, meaning: list[frozenset[str]], keys: list[frozenset[str]]) -> frozenset[str]:
    """What a group's main phrase (`index`) says, its product too: no part of the group is cut by it
    (`group_sizing.split_by_meaning`)."""
    return meaning[index] | keys[index]


def _set_aside(word: str, item: PhraseWords) -> str | None:
    """The lemma of a word the lexicon left out of the phrase's content words (an intent, price or place word, a
    name), else None: a content word is in `item.content` already, under the word the lexicon chose for it."""
    lemma, grammemes = word_info(word)
    general = general_modifiers()
    if lemma in item.content or lemma in general or word in general or NOT_A_PRODUCT_TAGS & grammemes:
        return lemma
    return None


def _product_groups(products: list[str]) -> list[list[int]]:
    by_product: dict[str, list[int]] = defaultdict(list)
    for index, product in enumerate(products):
        by_product[product].append(index)
    return list(by_product.values())


def _within_products(
    groups: list[list[int]],
    words: list[PhraseWords],
    frequencies: np.ndarray,
    vectors: Callable[[], np.ndarray],
    options: ClusteringOptions,
    control: StageControl,
) -> list[list[int]]:
    """Each product's phrases cut into ad groups: queries by shared telling words, descriptions by kind. `vectors`
    gives the phrase vectors, asked only for a block of more than LINK_MAX_PHRASES phrases: the cut runs while the
    sentences are still being encoded."""
    matrix = content_matrix(words)
    phrase_counts = Counter(word for item in words for word in set(item.content))
    # A noun in a fifth of the list is the market's own object (`авто` for a car studio), not a zone that splits.
    common = market_nouns(words)
    objects = object_incidence([item.objects - common for item in words])
    frequency_list = frequencies.tolist()
    result: list[list[int]] = []
    for group in groups:
        control.check()
        if _reads_as_queries(group, words, phrase_counts, options.query_max_words):
            keyed, unkeyed = group_by_kinds(group, words)
            result.extend(keyed)
            if len(unkeyed) > LINK_MAX_PHRASES:  # too many to link at once: bisected by the vectors first
                parts = split_oversized([unkeyed], vectors(), max_size=LINK_MAX_PHRASES)
            else:
                parts = [unkeyed] if unkeyed else []
            for part in parts:
                result.extend(link_group(part, matrix, options.link_distance, objects))
        elif options.subgroup_min_phrases and len(group) >= options.subgroup_min_phrases:
            kinds_of = {index: words[index].kinds for index in group}
            parts = split_by_subtype(group, kinds_of, frequency_list, min_share=options.subgroup_min_share)
            result.extend(part for _, part in parts)
        else:
            result.append(group)
    return result


def _reads_as_queries(group: list[int], words: list[PhraseWords], phrase_counts: Counter, max_words: int) -> bool:
    """Search queries: short (median content words ≤ max_words), and most of them carry no word of their own.

    Receipt and catalogue lines carry an article number, a brand or a size found in no other line; grouped by shared
    words they would shatter into one group per brand, so they are split by frequent kinds instead.
    """
    lengths = [len(words[index].content) for index in group]
    own_words = [sum(1 for word in set(words[index].content) if phrase_counts[word] == 1) for index in group]
    return median(lengths) <= max_words and median(own_words) < 1


@dataclass(frozen=True)
class _Candidates:
    """The pairs `_attach_small` compares: the phrases of tiny groups (`small`), those of the larger ones
    (`grouped`), and for each tiny-group phrase its candidates as positions in `grouped`, in `grouped` order."""

    small: list[int]
    grouped: np.ndarray
    columns: list[np.ndarray]


def _attach_candidates(
    groups: list[list[int]], words: list[PhraseWords], options: ClusteringOptions, control: StageControl
) -> _Candidates | None:
    """For each phrase of a tiny group, the phrases of larger groups `_attach_small` may attach it to, read from the
    words alone (so while the sentences are still being encoded): those holding a content word of the phrase other
    than its product, and for a phrase a sibling kind may refuse only those of groups of its own kind (`kind_fit`).
    Only those pairs are compared (a sparse phrase × word product finds them: about 1 % of all pairs on a
    25,000-phrase list), never a dense small × grouped similarity matrix. None when there is nothing to attach."""
    small = [index for group in groups if len(group) <= options.attach_max_phrases for index in group]
    grouped = np.array(
        [index for group in groups if len(group) > options.attach_max_phrases for index in group], dtype=np.int64
    )
    if not small or not len(grouped):
        return None
    descriptive, product = _word_incidence(words)
    sharing = (descriptive[small] @ (descriptive + product)[grouped].T).tocsr()
    sharing.sort_indices()  # the first of equally similar phrases wins, in `grouped` order
    group_of = {index: number for number, group in enumerate(groups) for index in group}
    kinds = read_kinds(groups, words)
    grouped_products = np.array([words[int(index)].product for index in grouped], dtype=object)
    standing = set(grouped_products.tolist())
    columns = []
    for row, index in enumerate(small):
        if row % SIMILARITY_CHUNK == 0:
            control.check()
        found = sharing.indices[sharing.indptr[row] : sharing.indptr[row + 1]]
        if words[index].product in standing:
            # a product with a group of its own decides: `дизайнерские кольца` never joins «Серьги с бриллиантами»
            found = found[grouped_products[found] == words[index].product]
        if refusable(words[index], kinds):
            # only a group of the phrase's own kind: `диван раскладной` never joins «Диван книжка» (`kind_fit`)
            found = np.array(
                [column for column in found if fits(words[index], group_of[int(grouped[column])], kinds)],
                dtype=np.int64,
            )
        columns.append(found)
    return _Candidates(small, grouped, columns)


def _attach_small(
    groups: list[list[int]],
    candidates: _Candidates | None,
    vectors: np.ndarray,
    options: ClusteringOptions,
    control: StageControl,
) -> list[list[int]]:
    """Move each phrase of a tiny group to the group of its most similar candidate phrase (`_attach_candidates`).

    The embedding finds the nearest phrase but does not decide alone: the target must contain a content word of the
    phrase other than the phrase's own product (`датчик дыма` → `датчики дыма купить`; `скуд книги` joins neither
    `скуд wifi` nor `записка по скуд`), so a tail of unrelated words never piles up in some neighbour's group.
    """
    if candidates is None:
        return groups
    # side by side, so a phrase's candidates are read in order, not from all over `vectors` (50,000: 6.3 → 4.6 s)
    grouped_vectors = vectors[candidates.grouped]
    group_of = {index: number for number, group in enumerate(groups) for index in group}

    def moves_of(rows: range) -> dict[int, int]:
        found = {}
        for row in rows:
            index, columns = candidates.small[row], candidates.columns[row]
            if not len(columns):
                continue
            similarity = grouped_vectors[columns] @ vectors[index]
            best = int(np.argmax(similarity))
            if similarity[best] >= options.threshold:
                found[index] = group_of[int(candidates.grouped[columns[best]])]
        return found

    # Gathering each phrase's candidate rows is most of the time (50,000 phrases: 7.9 million pairs) and numpy does it
    # without the GIL, so ATTACH_THREADS threads share the rows, each phrase computed as before; the encoder is done
    # by now and its core free. The cancel is checked between chunks, in the caller's thread.
    moves: dict[int, int] = {}
    with ThreadPoolExecutor(ATTACH_THREADS, thread_name_prefix="attach") as pool:
        for start in range(0, len(candidates.small), SIMILARITY_CHUNK):
            control.check()
            end = min(start + SIMILARITY_CHUNK, len(candidates.small))
            for found in pool.map(moves_of, [range(start + n, end, ATTACH_THREADS) for n in range(ATTACH_THREADS)]):
                moves.update(found)
    result = [[index for index in group if index not in moves] for group in groups]
    for index, target in moves.items():
        result[target].append(index)
    return [sorted(group) for group in result if group]


def _related_groups(groups: list[list[int]], words: list[PhraseWords]) -> np.ndarray:
    """related[i, j]: group j contains a content word of group i other than i's products. A rare `скуд книги` shares
    only its product `скуд` with `скуд wifi`, so it goes to the catch-all group instead of a grab-bag."""
    descriptive, product = _word_incidence(words)
    membership = sparse.csr_matrix(
        (
            np.ones(sum(len(group) for group in groups), dtype=np.float32),
            ([number for number, group in enumerate(groups) for _ in group], [i for group in groups for i in group]),
        ),
        shape=(len(groups), len(words)),
    )
    group_product = (membership @ product).sign()
    group_descriptive = (membership @ descriptive).sign() - group_product.multiply(membership @ descriptive).sign()
    content = ((membership @ descriptive) + group_product).sign()
    return (group_descriptive @ content.T).toarray() > 0


def _word_incidence(words: list[PhraseWords]):
    """Sparse 0/1 matrices: each phrase's content words other than its product, and its product."""
    vocabulary: dict[str, int] = {}
    rows, columns, product_columns = [], [], []
    for row, item in enumerate(words):
        for word in set(item.content) - {item.product}:
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
        product_columns.append(vocabulary.setdefault(item.product, len(vocabulary)))
    shape = (len(words), len(vocabulary))
    descriptive = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=shape)
    product = sparse.csr_matrix(
        (np.ones(len(words), dtype=np.float32), (np.arange(len(words)), product_columns)), shape=shape
    )
    return descriptive, product


def _sorted_indices(phrases: list[Phrase], group: list[int]) -> list[int]:
    """Correctly spelt phrases first, then by frequency (unknown last), shorter first among equals: the first is the
    group's name and the ad writer's main phrase, so a misspelt `контролер доступа` never heads a group while a
    correct one is there."""
    return sorted(group, key=lambda index: _order_key(phrases[index]))


def _order_key(phrase: Phrase) -> tuple[bool, int, int, str]:
    return (not is_clean_phrase(phrase.text), -(phrase.frequency or 0), len(phrase.text), phrase.text)


def _sorted_phrases(phrases: list[Phrase], group: list[int]) -> list[Phrase]:
    return [phrases[index] for index in _sorted_indices(phrases, group)]


def _name(phrases: list[Phrase], group: list[int]) -> str:
    """The first phrase (`_sorted_phrases`) that does not end in a bare number, cut to a few words, first letter
    capitalized: `Скуд 86` would read as the 86th part of `Скуд`, so a numbered-looking phrase names its group
    only when every phrase of it looks so."""
    ordered = _sorted_phrases(phrases, group)
    top = next((phrase for phrase in ordered if not _ends_in_number(phrase.text)), ordered[0])
    words = (bare_text(top.text) or top.text).split()[:NAME_MAX_WORDS]
    name = " ".join(words)
    while len(name) > NAME_MAX_CHARACTERS and len(words) > 1:
        words = words[:-1]
        name = " ".join(words)
    name = name[:NAME_MAX_CHARACTERS]
    return name[:1].upper() + name[1:]


def _name_catch_alls(clusters: list[Cluster], heads: set[str]) -> None:
    """A catch-all of a search-query list (`tail.is_catch_all`: most of its phrases do not say what its main phrase
    says) is named for what it holds, never after a vendor or a word a few of its phrases hold («Прайм скуд» over
    200 phrases of other words): by the main phrase of those holding the word most of its phrases share
    (`интеграция со скуд`), else by its product and the words its phrases share most, «Скуд: прочие запросы (лицо,
    терминал)». A catch-all holding a head term (`head_terms`: the quoted `"скуд"`) is named by it, «Скуд»: its
    ad speaks to the head's searches, the most of any of its phrases."""
    for item, flags in zip(clusters, on_theme([item.phrases for item in clusters]), strict=True):
        if not is_catch_all(flags):
            continue
        held_heads = [row for row, phrase in enumerate(item.phrases) if phrase.text in heads]
        if held_heads:
            item.name = _name(item.phrases, held_heads)
            continue
        texts = [phrase.text for phrase in item.phrases]
        held = common_words(texts)
        if not held:
            continue
        (_product, product, _count), *others = held
        if others and 2 * others[0][2] >= len(texts):
            word = others[0][0]
            item.name = _name(item.phrases, [row for row, text in enumerate(texts) if word in telling_words(text)])
            continue
        name = gettext("%(product)s: other queries") % {"product": product[:1].upper() + product[1:]}
        if others:
            words = ", ".join(shown for _word, shown, _count in others[:CATCH_ALL_NAME_WORDS])
            name = gettext("%(name)s (%(words)s)") % {"name": name, "words": words}
        item.name = name[:NAME_MAX_CHARACTERS]


def _ends_in_number(text: str) -> bool:
    words = (bare_text(text) or text).split()
    return len(words) > 1 and words[-1].isdigit()


def _cluster(phrases: list[Phrase], group: list[int], name: str | None = None) -> Cluster:
    members = _sorted_phrases(phrases, group)
    return Cluster(
        name=name or _name(phrases, group),
        phrases=members,
        total_frequency=sum(phrase.frequency or 0 for phrase in members),
    )


def _make_names_unique(clusters: list[Cluster]) -> None:
    """Direct needs distinct group names to tell groups apart in the import file: repeats get ` 2`, ` 3`…"""
    seen: dict[str, int] = {}
    for item in clusters:
        count = seen.get(item.name, 0) + 1
        seen[item.name] = count
        if count > 1:
            item.name = f"{item.name} {count}"
