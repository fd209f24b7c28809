"""A phrase joins only a group of its own kind: `диван на заказ` never lands in «Диван кровать».

A group is a group of what all of its phrases hold (`диван`, `кровать` for «Диван кровать»; `диван` alone for the
broad «Диван»). Two steps move phrases between groups of one product, and both respect that:

* attaching a tiny group (`clustering._attach_small`): a phrase that says only its product and modifiers running
  across the product's kinds (`диван раскладной`: `раскладной` is said of sofa beds, corner and leather sofas
  alike) never joins a sibling kind's group («Диван книжка»); it stays for its product's broad group;
* rare groups (`group_fits`, for `group_sizing.merge_rare`): a rare `диван раскладной` goes to «Диван», not the
  nearest sibling («Диван аккордеон»); and first (`dissolve_mixed`) an offer over several kinds (`диван на заказ`,
  `кожаный диван на заказ`, `детский диван распродажа`) is shared out, each phrase to its own kind's group and the
  rest to the product's broad group, instead of the whole mix merging into whichever sibling is nearest — which
  put «Диван на заказ» into «Диван кровать» and made `-заказ` a cross-negative of «Кожаный диван».
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from semantic.lexicon import NOT_A_KIND_TAGS, OFFER_KINDS, PhraseWords
from semantic.linking import kinds_said_alone
from semantic.morph import word_info

# A word its product's phrases carry in this many groups or more modifies any kind, it is no kind (`cross_cutting`).
CROSS_GROUPS = 3
# pymorphy3's tags of a proper noun: a vendor or a place beside the product is no thing a specialist groups by.
NOT_A_THING_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def phrase_words(item: PhraseWords) -> frozenset[str]:
    """Every word a phrase holds that may say what a group is of: its content lemmas (product included) and kinds."""
    return item.kinds | frozenset(item.content)


def signatures(groups: list[list[int]], words: list[PhraseWords]) -> list[frozenset[str]]:
    """The words every phrase of a group holds: what the group is a group of (`диван`, `кровать` for «Диван
    кровать»; `диван` alone for the broad «Диван»; `тонировка` for a group of `тонировка стекол` and `тонировка
    авто`, whose glass is one of its phrases' words, not the group's)."""
    return [frozenset.intersection(*(phrase_words(words[index]) for index in group)) for group in groups]


@dataclass(frozen=True)
class Kinds:
    """What the groups are of, read once for `fits`: each group's words (`signatures`) and per product the words
    that run across several of its groups (`cross_cutting`)."""

    signatures: list[frozenset[str]]
    cross: dict[str, frozenset[str]]


def main_products(groups: list[list[int]], words: list[PhraseWords]) -> list[str]:
    return [Counter(words[index].product for index in group).most_common(1)[0][0] for group in groups]


def cross_cutting(groups: list[list[int]], words: list[PhraseWords]) -> dict[str, frozenset[str]]:
    """Per product, the words its phrases carry in at least CROSS_GROUPS different groups: a modifier any kind of the
    product may take (`раскладной`, `на заказ`, `распродажа` across sofa beds, corner and leather sofas), not a kind."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, group in enumerate(groups):
        for index in group:
            item = words[index]
            for word in phrase_words(item) - {item.product}:
                seen[item.product, word].add(number)
    cross: dict[str, set[str]] = defaultdict(set)
    for (product, word), numbers in seen.items():
        if len(numbers) >= CROSS_GROUPS:
            cross[product].add(word)
    return {product: frozenset(found) for product, found in cross.items()}


def read_kinds(groups: list[list[int]], words: list[PhraseWords]) -> Kinds:
    return Kinds(signatures(groups, words), cross_cutting(groups, words))


def refusable(item: PhraseWords, kinds: Kinds) -> bool:
    """A phrase that says nothing but its product and modifiers running across the product's kinds: the only kind
    of phrase a sibling kind's group may refuse. A phrase with a word of its own (`детейлинг васильевский остров`
    beside «Детейлинг василеостровский») is left to the similarity that found the group."""
    return phrase_words(item) - {item.product} <= kinds.cross.get(item.product, frozenset())


def fits(item: PhraseWords, group: int, kinds: Kinds) -> bool:
    """Whether a group may take the phrase: not when every phrase of the group holds the phrase's product and a
    word the phrase lacks (a sibling kind: «Диван книжка» for `диван раскладной`) and the phrase is `refusable`."""
    signature = kinds.signatures[group]
    if item.product not in signature or signature <= phrase_words(item):
        return True
    return not refusable(item, kinds)


def group_fits(groups: list[list[int]], words: list[PhraseWords]) -> np.ndarray:
    """fits[i, j]: group j may take every phrase of group i (`fits`), for merging rare groups. Only `refusable`
    phrases are checked, and only against the groups of their product: a 50,000-phrase list has thousands of groups,
    and a check of every phrase against every group would take minutes."""
    kinds = read_kinds(groups, words)
    of_product: dict[str, list[int]] = defaultdict(list)
    for number, signature in enumerate(kinds.signatures):
        for word in signature:
            of_product[word].append(number)
    allowed = np.ones((len(groups), len(groups)), dtype=bool)
    for number, group in enumerate(groups):
        for index in group:
            item = words[index]
            if not refusable(item, kinds):
                continue
            for other in of_product.get(item.product, ()):
                if not kinds.signatures[other] <= phrase_words(item):
                    allowed[number, other] = False
    return allowed


def dissolve_mixed(groups: list[list[int]], words: list[PhraseWords], rare: list[bool]) -> list[list[int]]:
    """Rare groups that mix kinds of one product shared out: each phrase to the standing (not rare) group of its
    own product and kind (the one with the most words, all held by the phrase, that the rare group does not share:
    `кожаный диван распродажа` → «Кожаный диван»), and the phrases of no such kind to their product's broad group,
    the one holding nothing but the product (`диван распродажа` → «Диван»). A rare group whose phrases find no kind
    group («Кожаный диван купить», all of one kind) is left whole for `merge_rare`."""
    kinds_of_groups = signatures(groups, words)
    products = main_products(groups, words)
    homes: dict[str, list[int]] = {}
    broad: dict[str, int] = {}
    for number, kinds in enumerate(kinds_of_groups):
        if rare[number] or products[number] not in kinds:
            continue
        homes.setdefault(products[number], []).append(number)
        if kinds == {products[number]} and len(groups[number]) >= len(groups[broad.get(products[number], number)]):
            broad[products[number]] = number
    moves: dict[int, int] = {}
    for number, group in enumerate(groups):
        if not rare[number] or not kinds_of_groups[number] - {products[number]} <= OFFER_KINDS:
            continue  # only an offer (`на заказ`, `распродажа`) spans kinds: `полировка кузова керамикой` is ceramics
        found: dict[int, int] = {}
        for index in group:
            own = phrase_words(words[index])
            fitting = [
                home
                for home in homes.get(words[index].product, [])
                if kinds_of_groups[home] <= own and not kinds_of_groups[home] <= kinds_of_groups[number]
            ]
            if fitting:
                found[index] = max(fitting, key=lambda home: (len(kinds_of_groups[home]), len(groups[home]), -home))
        if found:  # a mix: the rest is the product's own, with no kind
            for index in group:
                if index not in found and words[index].product in broad:
                    found[index] = broad[words[index].product]
        moves.update(found)
    if not moves:
        return groups
    result = [[index for index in group if index not in moves] for group in groups]
    for index, target in moves.items():
        result[target].append(index)
    return [sorted(group) for group in result if group]


def named_kinds(
    groups: list[list[int]], words: list[PhraseWords], *, min_phrases: int, common: frozenset[str] = frozenset()
) -> frozenset[tuple[str, str]]:
    """The (product, kind) pairs that have a group of their own (`said_kinds`) where the kind is a quality (an
    adjective: `обручальный`, `мужской`, `широкий`) or an offer (`lexicon.OFFER_KINDS`). A specialist keeps such a
    kind as its own group with its own landing page, however few its searches: the jewellery shop's labels keep
    «Дизайнерские кольца» (288 a month) beside «Обручальные кольца» (132,365). A noun beside the product names an
    object, a place or a vendor (`скуд в гостинице`, `парсек скуд`: the long tail of a broad product, 67 → 99
    groups on the СКУД export when they counted); it stands only on searches of its own (`named_objects`)."""
    return frozenset(
        (product, word)
        for product, word in said_kinds(groups, words, min_phrases=min_phrases, common=common)
        if word in OFFER_KINDS or _is_quality(word)
    )


def named_objects(
    groups: list[list[int]], words: list[PhraseWords], *, min_phrases: int, common: frozenset[str] = frozenset()
) -> frozenset[tuple[str, str]]:
    """The (product, word) pairs of `said_kinds` that name a thing beside the market's word: an inanimate common
    noun (`_is_thing`: not a name, a place, an organisation or a vendor read as animate, not a Latin brand or a
    code) as the kind (`домофон скуд`, product `скуд`) or as the product with the market's word beside it
    (`турникет скуд`, product `турникет`). A specialist keeps «Турникеты», «Калитки», «Домофоны» as groups when
    their searches say so (716, 799, 489 a month for the bare phrase on the СКУД export); a vendor pymorphy3 reads
    as a thing (`эра`, `бастион`) looks the same, so the bar is searches (`clustering.OBJECT_SHARE` of the
    granularity), never only Direct's floor as for a quality (128 СКУД groups so, against 120 at most)."""
    found = set()
    for product, word in said_kinds(groups, words, min_phrases=min_phrases, common=frozenset()):
        thing = product if word in common else word
        if thing not in common and _is_thing(thing):
            found.add((product, word))
    return frozenset(found)


def said_kinds(
    groups: list[list[int]], words: list[PhraseWords], *, min_phrases: int, common: frozenset[str]
) -> set[tuple[str, str]]:
    """The (product, word) pairs with a group of at least `min_phrases` phrases, every one holding the product and
    that one word besides, a word some phrase says alone beside the product, whichever of the two it reads as the
    product (`linking.kinds_said_alone`: `дизайнерские кольца`, `кольца на заказ`, `домофон скуд`), and not a word
    of the market's own (`common`, `tail.market_nouns`: `золото` in a third of the jewellery core's phrases
    qualifies every kind rather than naming one)."""
    by_product: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(words):
        by_product[item.product].append(index)
    alone = {product: kinds_said_alone(indices, words) for product, indices in by_product.items()}
    said = set()
    for group, product, signature in zip(groups, main_products(groups, words), signatures(groups, words), strict=True):
        kind = signature - {product}
        if len(group) < min_phrases or len(kind) != 1 or kind <= common:
            continue
        word = next(iter(kind))
        # said alone in either order: `домофон скуд` leads with the thing, its group's other phrases with `скуд`
        if word in alone[product] or product in alone.get(word, ()):
            said.add((product, word))
    return said


def _is_thing(lemma: str) -> bool:
    """An inanimate common noun (`турникет`, `домофон`), not a name, a place or an organisation pymorphy3 knows
    (`смартек`, `гата`), nor a person or a vendor it reads as animate (`сфинкс`, `сигур`, `специалист`)."""
    grammemes = word_info(lemma)[1]
    return {"NOUN", "inan"} <= grammemes and not NOT_A_THING_TAGS & grammemes


def _is_quality(lemma: str) -> bool:
    """An adjective that qualifies (`обручальный`, `сетевой`), not a pronoun or a numeral (`такой`, `первый`)."""
    grammemes = word_info(lemma)[1]
    return "ADJF" in grammemes and not NOT_A_KIND_TAGS & grammemes


def is_named(group: list[int], words: list[PhraseWords], named: frozenset[tuple[str, str]]) -> bool:
    """Whether the group is a named kind's own group (`named_kinds`): all its phrases hold the product and kind."""
    product = main_products([group], words)[0]
    kind = signatures([group], words)[0] - {product}
    return len(kind) == 1 and (product, next(iter(kind))) in named


def named_apart(heads: list[PhraseWords], named: frozenset[tuple[str, str]]) -> np.ndarray:
    """apart[i, j]: the main phrases (`heads`) of groups i and j name one product and differ by a kind that has a
    group of its own (`named_kinds`): «Обручальные кольца парные» and «Обручальные кольца» differ by `парный`,
    and «Парные кольца» stands, so a specialist keeps both; `из золота` has no group of its own, so «Обручальные
    кольца из золота» may still join «Обручальные кольца» (`group_sizing.merge_alike`)."""
    by_product: dict[str, list[int]] = defaultdict(list)
    for number, head in enumerate(heads):
        by_product[head.product].append(number)
    kinds_of: dict[str, list[str]] = defaultdict(list)
    for product, word in sorted(named):
        kinds_of[product].append(word)
    apart = np.zeros((len(heads), len(heads)), dtype=bool)
    for product, words in kinds_of.items():
        numbers = np.array(by_product.get(product, []), dtype=np.int64)
        for word in words:
            holds = np.array([word in heads[number].content for number in numbers], dtype=bool)
            apart[np.ix_(numbers[holds], numbers[~holds])] = True
    return apart | apart.T
