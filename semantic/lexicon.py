"""What each phrase says, in words the clusterer can compare: its product, its kind words and all its content words.

A PPC specialist reads `купить шлифовальный станок для дерева в москве` as: product `станок`, kinds `шлифовальный`,
`дерево`; `купить` and `в москве` are intent and place, they go into every group's ad the same way. This module
does that reading for a whole list at once, because some of it is learned from the list itself:

* word forms and order: pymorphy3 lemmas;
* variants of one word: adjectives derived from one stem with different suffixes (`шлифовочный` / `шлифовальный`),
  digit codes written with Latin or Cyrillic letters (`3d` / `3д`), and words that stand in the same contexts
  across the list and that the sentence encoder also reads as near-synonyms (`synonyms.learned_synonyms`), plus the
  small curated dictionary in `synonyms.CURATED_SYNONYMS`; each set of variants is replaced by its most frequent
  member;
* a generic head noun (`средство для мытья посуды`, `набор инструментов`, `услуги сантехника`) is not the product:
  its complement is;
* commercial, informational, price and place words (`modifiers.general_modifiers`) are never kind words, so they
  never form or split a group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from semantic.features import MODIFIER_NOUNS, NOT_A_PRODUCT_TAGS, words_of
from semantic.modifiers import general_modifiers
from semantic.morph import CYRILLIC_WORD, analyzer, word_info
from semantic.operators import STOP_WORDS
from semantic.synonyms import (
    CURATED_SYNONYMS,
    LATIN_WORD,
    WordEncoder,
    adjective_variants,
    code_variants,
    context_synonyms,
    latin_spellings,
)

# Head nouns that say what sort of offer it is, not which product: the complement that follows names the product.
_GENERIC_HEADS_TEXT = """
    средство набор комплект товар продукт продукция изделие услуга сервис система оборудование техника аксессуар
    принадлежность материал решение устройство прибор инструмент препарат работа
"""
GENERIC_HEADS = frozenset(_GENERIC_HEADS_TEXT.split())
# Offer words that are commercial yet name a different offer with its own landing page and ad: made to order
# (`кольца на заказ`) and promotions (`скидки`, `акции`). They may form a group; `купить`, `цена` never do.
OFFER_KINDS = frozenset({"заказ", "скидка", "акция", "распродажа"})
KIND_PARTS_OF_SPEECH = frozenset({"ADJF", "NOUN"})
NOT_A_KIND_TAGS = frozenset({"Apro", "Anum"})


@dataclass(frozen=True)
class PhraseWords:
    product: str  # the product lemma a PPC specialist groups by; the text itself when no word qualifies
    kinds: frozenset[str]  # lemmas that may name a kind of the product (adjectives, nouns, model numbers)
    content: tuple[str, ...]  # every lemma but stop words and general modifiers, for similarity features
    # The nouns besides the product: a zone, an object or an offer (`эпиляция бикини`, `кольца на заказ`). Two
    # phrases naming different ones belong to different ad groups (`linking.conflicts`).
    objects: frozenset[str] = frozenset()
    # The product nouns in word order, generic heads (`услуги`) only when alone: `order_free_products` picks among them.
    nouns: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Word:
    text: str
    lemma: str
    grammemes: frozenset[str]
    general: bool


def _read(text: str, general: frozenset[str], known: dict[str, _Word]) -> list[_Word]:
    """The phrase's words but stop words; `known` holds each word read once for the whole list (a list of 25,000
    phrases has 125,000 words but about 30,000 distinct ones)."""
    words = []
    for word in words_of(text):
        if word in STOP_WORDS:
            continue
        read = known.get(word)
        if read is None:
            lemma, grammemes = word_info(word)
            is_general = lemma in general or word in general or bool(NOT_A_PRODUCT_TAGS & grammemes)
            read = known[word] = _Word(word, lemma, grammemes, is_general and lemma not in OFFER_KINDS)
        words.append(read)
    return words


def _is_noun(word: _Word) -> bool:
    return "NOUN" in word.grammemes and not word.general and word.lemma not in MODIFIER_NOUNS


def _product_candidates(words: list[_Word]) -> list[str]:
    """The phrase's product nouns in word order; a generic head (`услуги`, `набор`) only when nothing else is, so
    the first is the complement of a generic head (`система скуд` → `скуд`)."""
    nouns = [word.lemma for word in words if _is_noun(word)]
    specific = [noun for noun in nouns if noun not in GENERIC_HEADS]
    return specific or nouns


def order_free_products(words: list[PhraseWords]) -> list[PhraseWords]:
    """One product for phrases naming the same nouns in any order (`монтаж скуд`, `скуд монтаж`): the noun the
    list's phrases with those nouns lead with most often, then the one leading most phrases overall, then the
    alphabet; the noun it no longer names becomes a kind and object word.

    Russian search phrases are order-free, so the product must not depend on where the user typed a noun. Only
    the order is voted on: `серьги кольца` (hoops) stays earrings while no phrase says `кольца серьги`, and a
    market's common noun (`авто`) never takes the product from `керамика авто`. Catalogue lines lead with their
    product by form, so the caller applies this to search-query lists only."""
    by_nouns: dict[frozenset[str], Counter[str]] = {}
    overall: Counter[str] = Counter()
    for item in words:
        if item.nouns:
            overall[item.nouns[0]] += 1
            by_nouns.setdefault(frozenset(item.nouns), Counter())[item.nouns[0]] += 1
    result = []
    for item in words:
        if len(item.nouns) < 2:
            result.append(item)
            continue
        votes = by_nouns[frozenset(item.nouns)]
        product = max(sorted(item.nouns), key=lambda noun: (votes[noun], overall[noun]))
        if product == item.product:
            result.append(item)
            continue
        kinds = (item.kinds | {item.product}) - {product}
        objects = (item.objects | {item.product}) - {product} - GENERIC_HEADS
        result.append(replace(item, product=product, kinds=kinds, objects=objects))
    return result


def _is_kind(word: _Word) -> bool:
    if word.general or len(word.lemma) < 2:
        return False
    if any(character.isdigit() for character in word.lemma):
        return False
    return bool(KIND_PARTS_OF_SPEECH & word.grammemes) and not NOT_A_KIND_TAGS & word.grammemes


def read_phrases(texts: Sequence[str], encode: WordEncoder | None = None) -> list[PhraseWords]:
    """Every phrase's product, kinds and content lemmas, with the list's own variants merged.

    `encode` (a sentence encoder's `encode`) lets words that fill the same slots also be merged as synonyms when
    the encoder reads them alike (`synonyms.context_synonyms`); without it only spelling and derivation count.
    """
    general = general_modifiers()
    known: dict[str, _Word] = {}
    parsed = _one_spelling([_read(text, general, known) for text in texts])
    counts: Counter[str] = Counter()
    adjectives: set[str] = set()
    for words in parsed:
        for word in words:
            counts[word.lemma] += 1
            if "ADJF" in word.grammemes:
                adjectives.add(word.lemma)
    canonical = {**adjective_variants(adjectives, counts), **code_variants(counts)}
    canonical.update({word: target for word, target in CURATED_SYNONYMS.items() if word in counts})

    def name(lemma: str) -> str:
        return canonical.get(lemma, lemma)

    if encode is not None:
        contents = [[name(word.lemma) for word in words if not word.general] for words in parsed]
        learned = context_synonyms(contents, encode)
        canonical = {word: learned.get(target, target) for word, target in canonical.items()}
        canonical.update({word: target for word, target in learned.items() if word not in canonical})

    result = []
    for text, words in zip(texts, parsed, strict=True):
        nouns = tuple(dict.fromkeys(name(noun) for noun in _product_candidates(words)))
        product = nouns[0] if nouns else None
        kind_words = [word for word in words if _is_kind(word)]  # judged once per word, for kinds and objects
        kinds = frozenset(name(word.lemma) for word in kind_words) - {product}
        objects = (
            frozenset(name(word.lemma) for word in kind_words if "NOUN" in word.grammemes) - {product} - GENERIC_HEADS
        )
        content = tuple(name(word.lemma) for word in words if not word.general)
        fallback = content[0] if content else " ".join(words_of(text)) or text
        result.append(
            PhraseWords(product=product or fallback, kinds=kinds, content=content, objects=objects, nouns=nouns)
        )
    return result


def _one_spelling(parsed: list[list[_Word]]) -> list[list[_Word]]:
    """One word for one thing however it is typed: a brand in Latin letters becomes the Cyrillic spelling the list
    also uses (`sigur` → `сигур`, `rusguard` → `русгард`), and a compound split in two (`авто химия`) becomes the
    one word the list also has (`автохимия`). Both then share a product and lemmas, so they share a group."""
    words: dict[str, _Word] = {}  # by lemma and by the form as typed
    for phrase in parsed:
        for word in phrase:
            words.setdefault(word.lemma, word)
            words.setdefault(word.text, word)
    cyrillic = [text for text in words if CYRILLIC_WORD.match(text)]
    latin = latin_spellings(
        [text for text in words if LATIN_WORD.match(text)],
        [text for text in cyrillic if not _is_known(text)],
        [text for text in cyrillic if _is_known(text)],
    )
    result = []
    for phrase in parsed:
        # the Cyrillic lemma, the Latin word's grammar: a brand never becomes the product because it was spelt
        # in Cyrillic somewhere in the list
        phrase = [replace(word, lemma=words[latin[word.text]].lemma) if word.text in latin else word for word in phrase]
        joined: list[_Word] = []
        for word in phrase:
            compound = joined[-1].lemma + word.lemma if joined else ""
            if compound in words and not joined[-1].general and not word.general:
                joined[-1] = words[compound]
            else:
                joined.append(word)
        result.append(joined)
    return result


@lru_cache(maxsize=200_000)
def is_clean_phrase(text: str) -> bool:
    """No misspelt Russian word: pymorphy3 knows every Cyrillic word (Latin names, codes and numbers pass). Cached:
    the clusterer orders every group by it, again at each step, and reads each word of the list by it."""
    return all(_is_known(word) for word in words_of(text) if CYRILLIC_WORD.match(word) and word not in STOP_WORDS)


@lru_cache(maxsize=200_000)
def _is_known(word: str) -> bool:
    return analyzer().word_is_known(word)
