"""The long tail folded the way a specialist folds it, and groups that say the same thing made one.

A Wordstat export of a broad product (`скуд`) is mostly the product plus one word nobody else uses (`скуд гейм`,
`скуд 2017`, `скуд горный университет`). Each such phrase is worth too little to have an ad group of its own, so a
specialist keeps it in the product's broadest group, the one whose ad speaks of the product itself. Junk among them
is the relevance step's to remove; grouping must not give it a group.

* `fold_tail`: a phrase still in a tiny group after linking and attaching joins its product's broadest group (the
  one whose phrases name the fewest other words); when its own product has no group of size (`горный университет
  скуд` read as a university), the broadest group of another of its words that is a product with a group of size.
* `merge_same_words`: groups headed by phrases with the same content lemmas (after the lexicon has made Latin and
  Cyrillic spellings of a brand and split compounds one word) become one group, within Direct's size limit.
* `on_theme`, `is_catch_all`: which phrases say what their group's main phrase says, and which groups are
  catch-alls holding mostly others (`Прайм скуд` holding `скуд биометрия`, `ключ для скуд`, `скуд терминал`), so
  the clusterer names a catch-all for what it holds and the budget split follows the phrases a group's ad speaks
  to, not a mixed bag's raw frequency.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence

import numpy as np

from core.direct_limits import KEYWORDS_PER_GROUP_MAX
from semantic.features import words_of
from semantic.idioms import split_idioms
from semantic.lexicon import OFFER_KINDS, PhraseWords, is_clean_phrase
from semantic.modifiers import general_modifiers
from semantic.morph import analyzer, word_info
from semantic.operators import STOP_WORDS, bare_text
from semantic.synonyms import (
    LATIN_WORD,
    abbreviation_expansions,
    curated,
    derived_nouns,
    relative_adjectives,
    transliterated,
)
from semantic.types import Phrase

# A noun named by this share of the list's phrases is the market's own object (`скуд`, `авто` for a car studio):
# it tells no group apart.
MARKET_NOUN_SHARE = 0.2
# A word in this share of a campaign's phrases is its product itself (`скуд`, `диван`): it says no group's theme.
PRODUCT_WORD_SHARE = 0.5
# A word most phrases hold is the market's general object when at most this share of those phrases have it as their
# product (`general_objects`).
OBJECT_MAX_PRODUCT_SHARE = 0.25
# A group of at least CATCH_ALL_MIN_PHRASES phrases is a catch-all when fewer than this share of them say what its
# main phrase says (or, for a main phrase of the product alone, say nothing but the product and intent words).
THEME_MIN_SHARE = 0.25
CATCH_ALL_MIN_PHRASES = 10
# A group of at most this many phrases naming a standing group's product and one thing more joins it
# (`merge_same_words`).
SMALL_GROUP_PHRASES = 5
# The number that adds nothing to a singular noun (`на одну дверь` = `на дверь`).
ONE = "один"


def _homes(groups: list[list[int]], words: list[PhraseWords], small: int) -> tuple[list[str], dict[str, int]]:
    """Each group's product, and each product's broadest group of more than `small` phrases."""
    products = [Counter(words[index].product for index in group).most_common(1)[0][0] for group in groups]
    home: dict[str, int] = {}
    breadth: dict[str, tuple[float, int]] = {}
    for number, group in enumerate(groups):
        if len(group) <= small:
            continue
        # fewer words besides the product first, then the larger group
        mean_words = float(np.mean([len(set(words[index].content)) for index in group]))
        key = (mean_words, -len(group))
        if products[number] not in breadth or key < breadth[products[number]]:
            breadth[products[number]] = key
            home[products[number]] = number
    return products, home


def product_homes(groups: list[list[int]], words: list[PhraseWords], *, small: int) -> list[int | None]:
    """For each group, its product's broadest other group (None when it is that group or there is none)."""
    products, home = _homes(groups, words, small)
    return [home.get(product) if home.get(product) != number else None for number, product in enumerate(products)]


def same_product_targets(groups: list[list[int]], words: list[PhraseWords]) -> np.ndarray:
    """allowed[i, j]: group j has group i's product, or no other group has it. A product noun decides a goods group
    before its modifiers: a rare «Дизайнерские кольца» shares `золото` and `бриллиант` with «Серьги с бриллиантами»
    but is a ring group; it goes to a ring group, never an earring group, while the list has one."""
    products = np.array([Counter(words[index].product for index in group).most_common(1)[0][0] for group in groups])
    same = products[:, None] == products[None, :]
    alone = same.sum(axis=1) == 1
    return same | alone[:, None]


def fold_tail(groups: list[list[int]], words: list[PhraseWords], *, small: int) -> list[list[int]]:
    """Phrases of groups of at most `small` phrases moved into their product's broadest group (see the module)."""
    _products, home = _homes(groups, words, small)
    phrase_counts = Counter(word for item in words for word in set(item.content))
    moves: dict[int, int] = {}
    for group in groups:
        if len(group) > small:
            continue
        for index in group:
            item = words[index]
            if any(phrase_counts[word] > 1 for word in item.content if word != item.product):
                continue  # a word others use too: its own group may be what a specialist wants
            candidates = [item.product] + [word for word in item.content if word != item.product]
            target = next((home[word] for word in candidates if word in home), None)
            if target is not None:
                moves[index] = target
    result = [[index for index in group if index not in moves] for group in groups]
    for index, target in moves.items():
        result[target].append(index)
    return [sorted(group) for group in result if group]


def same_product_words(texts: Sequence[str], words: list[PhraseWords]) -> tuple[dict[str, str], dict[str, str]]:
    """The content lemmas that name the same thing as another word of the list, for telling which groups are one
    (`product_key`): each verbal noun or diminutive mapped to its noun (`проектирование` → `проект`, `карточка` →
    `карта`: `synonyms.derived_nouns`), and each word spelling out an abbreviation of the list mapped to it
    (`система`, `контроль`, `управление`, `доступ` → `скуд`: `synonyms.abbreviation_expansions`)."""
    derived = derived_nouns({word for item in words for word in item.content})
    phrase_words = [
        [word for word in words_of(split_idioms(bare_text(text) or text)[0]) if word not in STOP_WORDS]
        for text in texts
    ]
    distinct = {word for listed in phrase_words for word in listed}
    unknown = {word for word in distinct if not LATIN_WORD.match(word) and not is_clean_phrase(word)}
    expansions: dict[str, str] = {}
    for word, abbreviation in abbreviation_expansions(phrase_words, unknown).items():
        expansions.setdefault(word_info(word)[0], word_info(abbreviation)[0])
    return derived, expansions


def product_key(item: PhraseWords, derived: dict[str, str], expansions: dict[str, str]) -> frozenset[str]:
    """What a phrase names, for telling groups apart: its content lemmas, a derived noun read as its noun
    (`same_product_words`), less
    * a word of an abbreviation's expansion beside the abbreviation itself, which it only repeats (`система скуд`,
      `контроль доступа скуд` are `скуд`; `коммутатор сети` stays, it says no `лвс`);
    * the number `один`, which says nothing the singular does not (`скуд на одну дверь` is `скуд на дверь`)."""
    content = set(item.content)
    return frozenset(derived.get(word, word) for word in content if word != ONE and expansions.get(word) not in content)


def market_nouns(words: list[PhraseWords]) -> frozenset[str]:
    """The content lemmas named by MARKET_NOUN_SHARE of the phrases or more: the market's own object."""
    counts = Counter(word for item in words for word in set(item.content))
    return frozenset(word for word, count in counts.items() if count >= MARKET_NOUN_SHARE * len(words))


def merge_same_words(
    groups: list[list[int]],
    keys: list[frozenset[str]],
    head_of: Callable[[list[int]], int],
    known: Sequence[bool],
    common: frozenset[str],
) -> list[list[int]]:
    """Groups whose head phrases (`head_of`) name the same product (`keys`, each phrase's `product_key`) merged,
    largest first, up to KEYWORDS_PER_GROUP_MAX phrases: `Sigur скуд` and `Сигур скуд`, «Проект скуд» and
    «Проектирование скуд» are one ad group. Then a group of at most SMALL_GROUP_PHRASES phrases whose head names
    a standing group's product and more, the market's own nouns (`common`: `авто` for a car studio) aside
    (`детейлинг студия` beside `детейлинг спб`, `оклейка капота` beside `оклейка авто`), joins the one of those
    naming the most: too few searches for an ad of its own, and its product's ad speaks to them. Only a group
    whose frequencies are all `known`: unknown is not zero, and a manual list's small group may be all the
    searches of a model the client sells (the IT core's «Sfp коммутаторы» beside «Sfp цена»)."""
    merged = _merge_by(groups, lambda group: keys[head_of(group)])
    return _join_narrow_small(merged, [keys[head_of(group)] - common for group in merged], known)


def merge_same_product(
    groups: list[list[int]],
    words: list[PhraseWords],
    head_of: Callable[[list[int]], int],
    known: Sequence[bool],
    common: frozenset[str],
) -> list[list[int]]:
    """Groups whose head phrases have the same product (`кнопка выход скуд` / `кнопка разблокировки скуд`,
    `контроллер скуд` / `сетевой контроллер скуд`) merged within KEYWORDS_PER_GROUP_MAX: one product, one ad and a
    budget share that buys clicks. Not by the market's own nouns (`common`: `диван`, `кольцо` head every group of
    a sofa or ring shop, whose kinds are its groups), and only groups headed by a phrase of known frequency: a
    list without frequencies (the IT core: 0.428 → 0.201 merged) gives no sign its groups are too thin."""

    def product(group: list[int]) -> str | None:
        head = head_of(group)
        return words[head].product if known[head] and words[head].product not in common else None

    return _merge_by(groups, product)


def _merge_by(groups: list[list[int]], key_of: Callable[[list[int]], Hashable | None]) -> list[list[int]]:
    """Groups with the same key (`key_of`, None: kept apart) merged, largest first, within KEYWORDS_PER_GROUP_MAX."""
    by_key: dict[Hashable, list[int]] = defaultdict(list)
    for number, group in enumerate(groups):
        key = key_of(group)
        by_key[number if key is None else (key,)].append(number)
    merged: list[list[int]] = []
    for numbers in by_key.values():
        parts: list[list[int]] = []
        for number in sorted(numbers, key=lambda n: -len(groups[n])):
            target = next((part for part in parts if len(part) + len(groups[number]) <= KEYWORDS_PER_GROUP_MAX), None)
            if target is None:
                parts.append(list(groups[number]))
            else:
                target.extend(groups[number])
        merged.extend(sorted(part) for part in parts)
    return merged


def _join_narrow_small(groups: list[list[int]], heads: list[frozenset[str]], known: Sequence[bool]) -> list[list[int]]:
    standing = [number for number, group in enumerate(groups) if len(group) > SMALL_GROUP_PHRASES and heads[number]]
    result = [list(group) for group in groups]
    for number, group in enumerate(groups):
        if len(group) > SMALL_GROUP_PHRASES or not all(known[index] for index in group):
            continue
        broader = [
            other
            for other in standing
            if heads[other] < heads[number] and len(result[other]) + len(group) <= KEYWORDS_PER_GROUP_MAX
        ]
        if broader:
            target = max(broader, key=lambda other: (len(heads[other]), len(groups[other]), -other))
            result[target].extend(result[number])
            result[number] = []
    return [sorted(group) for group in result if group]


def _lemma(word: str) -> str:
    """A word as `telling_words` compares it: a Latin word as its Cyrillic spelling (`sigur` → `сигур`), a
    Cyrillic one as its lemma, a curated synonym as its word (`монтаж` → `установка`)."""
    if LATIN_WORD.match(word):
        return transliterated(word)
    return curated(word_info(word)[0])


def telling_words(text: str) -> frozenset[str]:
    """The lemmas that say what a phrase is about (`_lemma`): stop words, fixed expressions (`под ключ`) and the
    words of intent, price and place (`купить`, `цена`, `в москве`: `modifiers.general_modifiers`) left out, but
    not the offers (`на заказ`, `скидки`: `lexicon.OFFER_KINDS`), which have landing pages of their own."""
    reading, _idioms = split_idioms(bare_text(text) or text)
    general = general_modifiers() - OFFER_KINDS
    lemmas = {_lemma(word) for word in words_of(reading) if word not in STOP_WORDS}
    return frozenset(lemma for lemma in lemmas if lemma not in general)


def offered_words(brief: str, told: Sequence[frozenset[str]], *, adjectives: bool = False) -> frozenset[str]:
    """The services and products the brief lists in the nominative (`полировка, керамика, оклейка плёнкой` →
    `полировка`, `керамика`, `оклейка`; `плёнкой` only says how), read as `telling_words` reads them, less its fixed
    expressions (`под ключ`) and the campaign's product words (named by PRODUCT_WORD_SHARE of the phrases, whose
    telling words are `told`: `скуд`, `диван`). With `adjectives`, the kinds it lists too (`диваны прямые,
    угловые`). The list's other forms of them: `offered_families`."""
    reading, _idioms = split_idioms(brief)
    parts = {"NOUN", "ADJF"} if adjectives else {"NOUN"}
    brief_words = words_of(reading)
    words = {
        lemma
        for before, word in zip(["", *brief_words], brief_words, strict=False)
        if _listed(word, before, parts)
        for lemma in telling_words(word)
    }
    return frozenset(words - product_words(told))


def product_words(told: Sequence[frozenset[str]]) -> frozenset[str]:
    """The campaign's product words: telling words of PRODUCT_WORD_SHARE of the phrases or more (`скуд`, `диван`)."""
    counts = Counter(word for phrase_words in told for word in phrase_words)
    return frozenset(word for word, count in counts.items() if count >= PRODUCT_WORD_SHARE * len(told))


def offered_families(offered: frozenset[str], told: Sequence[frozenset[str]]) -> dict[str, str]:
    """Each word of the list that names an offered word (`offered_words`) in another form mapped to it: the nouns
    they derive from or that derive from them (`проектирование` / `проект`: `synonyms.derived_nouns`) and their
    relative adjectives (`керамический` → `керамика`: `synonyms.relative_adjectives`); the offered words map to
    themselves."""
    vocabulary = set().union(*told) | offered
    derived = derived_nouns(vocabulary)
    family = {word: word for word in offered}
    for word, base in derived.items():
        if base in offered:
            family.setdefault(word, base)
        elif word in offered:
            family.setdefault(base, word)
    for adjective, noun in relative_adjectives(offered, vocabulary).items():
        family.setdefault(adjective, noun)
    return family


def _listed(word: str, before: str, parts: set[str]) -> bool:
    """Whether a brief's word may be an item it lists: a noun (or adjective, `parts`) that has a nominative reading
    (`кровати` in «Диваны и кровати» is read first as a genitive) and follows no preposition (`от фабрики`)."""
    if before and "PREP" in word_info(before)[1]:
        return False
    return any(parse.tag.POS in parts and "nomn" in parse.tag for parse in analyzer().parse(word))


def on_theme(groups: Sequence[Sequence[Phrase]]) -> list[list[bool]]:
    """For each phrase of each group, whether it says what its group's main phrase (the most frequent) says.

    The campaign's product words (named by PRODUCT_WORD_SHARE of all the phrases: `скуд`) are read out first. A
    phrase says what the main phrase says when it holds one of the main phrase's telling words (`telling_words`),
    or, when the main phrase names nothing but the product (`диван`, `скуд`), when it names nothing else either
    (`купить диван`, `диван недорого`; not `скуд 2017`, `ел скуд`). A 2-means remainder of a long tail named by its
    first phrase (`Прайм скуд`, `Раздел скуд`) holds a few phrases of its name and many one-off words.
    """
    telling = [[telling_words(phrase.text) for phrase in group] for group in groups]
    total = sum(len(group) for group in groups)
    counts = Counter(word for group in telling for words in group for word in words)
    product = {word for word, count in counts.items() if count >= PRODUCT_WORD_SHARE * total}
    result = []
    for group, words in zip(groups, telling, strict=True):
        if not group:
            result.append([])
            continue
        main = max(range(len(group)), key=lambda row: (group[row].frequency or 0, -row))
        theme = words[main] - product
        result.append([bool((own - product) & theme) if theme else not own - product for own in words])
    return result


def is_catch_all(flags: Sequence[bool]) -> bool:
    """A group of CATCH_ALL_MIN_PHRASES phrases or more fewer than THEME_MIN_SHARE of which say what its main phrase
    says (`on_theme`): a mixed bag its main phrase does not name."""
    return len(flags) >= CATCH_ALL_MIN_PHRASES and sum(flags) < THEME_MIN_SHARE * len(flags)


def common_words(texts: Sequence[str]) -> list[tuple[str, str, int]]:
    """The telling words held by two phrases of `texts` or more, most held first (then by the word), as (lemma,
    the word to show, phrases holding it): what a catch-all holds, for its name. A dictionary word is shown as its
    lemma (`лицо`, not the `лиц` of `распознавание лиц`), any other as first written (`sigur`, `скуд`, which
    pymorphy3 only guesses at)."""
    held = Counter(word for text in texts for word in telling_words(text))
    shown: dict[str, str] = {}
    for text in texts:
        for word in words_of(bare_text(text) or text):
            dictionary_word = is_clean_phrase(word) and not LATIN_WORD.match(word)
            shown.setdefault(_lemma(word), word_info(word)[0] if dictionary_word else word)
    ranked = sorted((word for word, phrases in held.items() if phrases > 1), key=lambda word: (-held[word], word))
    return [(word, shown.get(word, word), held[word]) for word in ranked]


def general_objects(words: list[PhraseWords]) -> frozenset[str]:
    """The market's general object: a word most of the list's phrases hold (PRODUCT_WORD_SHARE) and few of them
    have as their product (OBJECT_MAX_PRODUCT_SHARE): `авто` for a car studio, what its services are done to.
    `скуд` and a ring shop's `кольцо` are what those lists sell, the product of most phrases holding them."""
    holders = Counter(word for item in words for word in set(item.content))
    products = Counter(item.product for item in words)
    return frozenset(
        word
        for word, count in holders.items()
        if count >= PRODUCT_WORD_SHARE * len(words) and products[word] <= OBJECT_MAX_PRODUCT_SHARE * count
    )


def join_plain_services(
    groups: list[list[int]],
    words: list[PhraseWords],
    head_of: Callable[[list[int]], int],
    known: Sequence[bool],
    objects: frozenset[str],
) -> list[list[int]]:
    """A group whose main phrase says its product and the market's general object only (`полировка авто`:
    `general_objects`) is the plain service, and a searcher asking for it means the service on its usual object:
    it joins the larger group of the same product whose main phrase is largest (`полировка кузова`), within
    KEYWORDS_PER_GROUP_MAX, as `химчистка авто` sits in «Химчистка салона» and `тонировка авто` in «Тонировка
    стекол». A specialist keeps one group per service; «Полировка фар» stays, its own object. Only the plain
    searches move (the tail merged into their group as rare, `бронирование авто`, stays: detailing 0.732 moved
    whole, 0.798 so), and only a head of `known` frequency, as in `merge_same_product`: on the blanked detailing
    set `бронирование авто`, of unknown frequency, joined «Бронирование фар», another object."""
    if not objects:
        return groups
    main = [head_of(group) for group in groups]
    heads = [words[index] for index in main]
    result = [list(group) for group in groups]
    for number, head in enumerate(heads):
        rest = set(head.content) - {head.product}
        if not rest or not rest <= objects or not known[main[number]]:
            continue
        same = [
            other
            for other, item in enumerate(heads)
            if other != number and item.product == head.product and len(result[other]) > len(result[number])
        ]
        if not same:
            continue
        target = max(same, key=lambda other: (len(result[other]), -other))
        plain = [index for index in result[number] if set(words[index].content) <= {head.product} | objects]
        if len(result[target]) + len(plain) <= KEYWORDS_PER_GROUP_MAX:
            result[target].extend(plain)
            result[number] = [index for index in result[number] if index not in set(plain)]
    return [sorted(group) for group in result if group]
