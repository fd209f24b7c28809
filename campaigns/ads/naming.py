"""How a product name read from search phrases is written in an ad: its abbreviations, brands, order and region.

Wordstat lowercases everything, so «сот скуд», «опс скуд», «страж скуд» reach the writer without the capitals that
tell a reader (and pymorphy3) what they are. A specialist writes them so:

- an abbreviation keeps its upper case: a word the advertiser wrote in capitals, a short consonant cluster («скс»,
  «лвс»), a short word the dictionary does not know («опс»), or a short first word before another abbreviation that
  has no nominative reading (pymorphy3 reads «сот» as the genitive of «сотня»: «сотни СКУД» is not a product);
  a few have a fixed mixed case («СПб»);
- a brand is never declined as a common noun («стоимость стража СКУД»): a Latin word, a word the dictionary does not
  know or marks as a name (Name, Surn, Orgn, Trad, Geox), an animate noun in the singular beside the market's
  abbreviation (products are things: «страж», «сфинкс»; «производители» are who makes them), a word the group
  also writes in Latin letters («парсек» / «parsec»), one followed by a model number («эра 500») or one after an
  ordinal («первый бит скуд»: a company's name, as «Первый канал»). A brand
  follows the product («СКУД Страж»), so the phrase around it declines the product and leaves the brand as written;
- an abbreviation that opens the phrase before a common noun moves after its noun phrase («СКУД установка» →
  «установка СКУД»), so the noun can be declined («заявку на установку СКУД»);
- a word the dictionary does not know that the brief uses as a term, before a noun, forms a hyphenated compound
  («детейлинг мойка» → «детейлинг-мойка», as «бизнес-центр»), which declines as one noun;
- adjectives typed after their noun go before it, as copy writes them («серьги золотые» → «золотые серьги»,
  `grammar.adjectives_first`), so the whole phrase declines after a verb.
- a place inside the campaign's region («спб», «питер» for Санкт-Петербург) is the region, not the product: the
  writer adds the region back in its own form.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from campaigns.ads.grammar import NAME_TAGS, adjectives_first
from semantic.morph import CYRILLIC_WORD, analyzer, lemma, word_info
from semantic.places import PlaceMatcher, named_places
from semantic.regions import find_regions
from semantic.seller import SERVICE_LEMMAS

FIXED_CASE = {"спб": "СПб", "мо": "МО"}
ABBREVIATION_MAX = 5  # letters of a lowercased word that may be an abbreviation
_VOWELS = set("аеёиоуыэюяaeiouy")
_LATIN = re.compile(r"[a-z]+")
_HAS_DIGIT = re.compile(r"\d")
# Cyrillic → Latin as brands transliterate (c/k, ph/f, x/ks, w/v fold together), to find «парсек» beside «parsec».
_TO_LATIN = str.maketrans(
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
     "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
     "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}
)  # fmt: skip


NAME_KEY_LETTERS = 5  # letters of two spellings' Latin keys that must agree for them to be one name


def latin_key(word: str) -> str:
    """A word in Latin letters as brands transliterate, so «парсек», «parsec» and «parsek» share a key."""
    word = word.lower().translate(_TO_LATIN)
    for source, target in (("ph", "f"), ("x", "ks"), ("c", "k"), ("w", "v"), ("y", "i"), ("q", "k")):
        word = word.replace(source, target)
    return word


def is_abbreviation(word: str, *, before_abbreviation: bool = False) -> bool:
    """Whether a lowercased Cyrillic word is an abbreviation (see the module docstring)."""
    lowered = word.lower()
    if lowered in FIXED_CASE:
        return True
    if not CYRILLIC_WORD.fullmatch(lowered) or "-" in lowered or not 2 <= len(lowered) <= ABBREVIATION_MAX:
        return False
    if not set(lowered) & _VOWELS:
        return True
    if len(lowered) <= 4 and not analyzer().word_is_known(lowered):
        return True
    if before_abbreviation and len(lowered) <= 4:
        parses = [parse for parse in analyzer().parse(lowered) if parse.tag.POS in ("NOUN", "ADJF")]
        return bool(parses) and not any("nomn" in parse.tag for parse in parses)
    return False


def abbreviation_form(word: str) -> str:
    return FIXED_CASE.get(word.lower(), word.upper())


@lru_cache(maxsize=20_000)
def _is_name_like(word: str) -> bool:
    """A brand by its own form: Latin, unknown to the dictionary, or a name by pymorphy3's best reading."""
    lowered = word.lower()
    if _LATIN.fullmatch(lowered):
        return True
    if not CYRILLIC_WORD.fullmatch(lowered):
        return False
    if not all(analyzer().word_is_known(part) for part in lowered.split("-")):
        return True
    return bool(set(word_info(lowered)[1]) & NAME_TAGS)


def brand_words(phrases: list[str], fixed: frozenset[str], terms: frozenset[str]) -> frozenset[str]:
    """Lowercased words of the group's phrases that are brands (see the module docstring). `fixed` are the
    abbreviations and names already known (СКУД); `terms` the lemmas of the brief's own words, never brands."""
    brands: set[str] = set()
    split = [re.findall(r"[^\W_]+", phrase.lower()) for phrase in phrases]
    latin = {latin_key(word) for words in split for word in words if _LATIN.fullmatch(word) and len(word) > 3}
    for words in split:
        for index, word in enumerate(words):
            if word in fixed or not CYRILLIC_WORD.fullmatch(word) or lemma(word) in terms or len(word) < 3:
                continue
            if is_abbreviation(word, before_abbreviation=index == 0):
                continue
            beside_fixed = any(0 <= other < len(words) and words[other] in fixed for other in (index - 1, index + 1))
            if not beside_fixed:
                continue
            following = words[index + 1] if index + 1 < len(words) else ""
            parse = analyzer().parse(word)[0]
            if (
                _is_name_like(word)
                or (parse.tag.POS == "NOUN" and {"anim", "nomn", "sing"} <= parse.tag.grammemes)
                or latin_key(word)[:NAME_KEY_LETTERS] in {key[:NAME_KEY_LETTERS] for key in latin}
                or bool(_HAS_DIGIT.search(following))
                or (index > 0 and _is_ordinal(words[index - 1]))
            ):
                brands.add(word)
    return frozenset(brands)


def _is_ordinal(word: str) -> bool:
    """«первый», «второй»: an ordinal before a noun beside the market's name makes a company's or a product's name
    («первый бит скуд»), not a kind of the product."""
    return CYRILLIC_WORD.fullmatch(word) is not None and "Anum" in analyzer().parse(word)[0].tag


def cased(words: list[str], names: dict[str, str], brands: frozenset[str]) -> list[str]:
    """Each word as the ad writes it: the advertiser's spelling, an abbreviation in capitals, a brand capitalised
    (a Latin brand of consonants only in capitals: GSM), other words as they are."""
    result = []
    for index, word in enumerate(words):
        lowered = word.casefold()
        following = words[index + 1].casefold() if index + 1 < len(words) else ""
        if lowered in names:
            result.append(names[lowered])
        elif is_abbreviation(lowered, before_abbreviation=index == 0 and _is_upper_name(following, names)):
            result.append(abbreviation_form(lowered))
        elif lowered in brands or (_LATIN.fullmatch(lowered) and len(lowered) > 2):
            no_vowels = _LATIN.fullmatch(lowered) and not set(lowered) & _VOWELS
            result.append(lowered.upper() if no_vowels else lowered[:1].upper() + lowered[1:])
        else:
            result.append(word)
    return result


def _is_upper_name(word: str, names: dict[str, str]) -> bool:
    written = names.get(word, "")
    return len(written) > 1 and written.isupper()


def arranged(
    words: list[str],
    fixed: frozenset[str],
    brands: frozenset[str],
    terms: frozenset[str],
    heads: frozenset[str] = frozenset(),
) -> list[str]:
    """The words of a product name in the order and form that let it be declined (see the module docstring):
    brands after the product, an opening abbreviation after its noun, a brief's term (`terms`: the brief's words as
    written) joined to its noun. An abbreviation moves only after a noun of `heads` (lemmas the market uses in other
    groups too) or a work (`SERVICE_LEMMAS`): «СКУД школа» is not «школа СКУД»."""
    folded = [word.casefold() for word in words]
    named = [word in brands or bool(_LATIN.fullmatch(word)) for word in folded[:-1]]
    if len(words) > 1 and folded[-1] in fixed and all(named):
        return [words[-1], *words[:-1]]  # «Страж СКУД» → «СКУД Страж»
    heads = heads | SERVICE_LEMMAS
    if len(words) > 1 and folded[0] in fixed and _starts_noun_phrase(folded[1:], fixed | brands, heads):
        return [*words[1:], words[0]]  # «СКУД установка» → «установка СКУД»
    if (
        len(words) > 1
        and "-" not in folded[0]
        and folded[0] not in fixed | brands
        and CYRILLIC_WORD.fullmatch(folded[0])
        and not analyzer().word_is_known(folded[0])
        and folded[0] in terms
        and _is_nominative_noun(folded[1])
    ):
        return [f"{words[0]}-{words[1]}", *words[2:]]  # «детейлинг мойка» → «детейлинг-мойка»
    return adjectives_first(list(words), fixed | brands)  # «Серьги золотые» → «Золотые серьги»


def _is_nominative_noun(word: str) -> bool:
    if not CYRILLIC_WORD.fullmatch(word) or not analyzer().word_is_known(word):
        return False
    best = analyzer().parse(word)[0]
    common = "Fixd" not in best.tag and not NAME_TAGS & best.tag.grammemes
    return best.tag.POS == "NOUN" and "nomn" in best.tag and common


def _starts_noun_phrase(words: list[str], names: frozenset[str], heads: frozenset[str]) -> bool:
    """Whether the words are a common noun phrase in the nominative whose noun is one of `heads`: adjectives, then
    the noun, then only words that depend on it (genitives, adjectives), none of them a name."""
    if any(word in names for word in words) or any(not CYRILLIC_WORD.fullmatch(word) for word in words):
        return False
    for word in words:
        if _is_nominative_noun(word):
            return lemma(word) in heads
        parses = analyzer().parse(word)
        if not any(parse.tag.POS in ("ADJF", "PRTF") and "nomn" in parse.tag for parse in parses):
            return False
    return False


@cache
def _matcher(region_name: str) -> PlaceMatcher | None:
    regions = find_regions(region_name) if region_name.strip() else []
    return PlaceMatcher([regions[0].id]) if regions else None


def region_lemmas_in(words: list[str], region_name: str) -> set[str]:
    """Lemmas of the words that name a place inside the campaign's region («спб», «питер», «санкт петербург» for
    Санкт-Петербург): the region is said once, by the writer, in its own form."""
    matcher = _matcher(region_name)
    lowered = [part for word in words for part in word.lower().split("-")]
    places = named_places(lowered)
    if matcher is None or not places or matcher.other_place(lowered) is not None:
        return set()
    found = {part for place in places for part in place}
    hyphenated = [word.lower() for word in words if "-" in word]
    return found | {lemma(word) for word in hyphenated if {lemma(part) for part in word.split("-")} <= found}


def written_names(phrases: list[str], names: dict[str, str], brands: frozenset[str]) -> dict[str, str]:
    """Lowercased word → how the ad writes it, for the abbreviations, brands and Latin words of the group's phrases
    that the advertiser's own spelling (`names`) does not cover."""
    found: dict[str, str] = {}
    for phrase in phrases:
        words = re.findall(r"[^\W_]+(?:-[^\W_]+)*", phrase.lower())
        for word, written in zip(words, cased(words, names, brands), strict=True):
            if written != word and word not in names:
                found.setdefault(word, written)
    return found


def market_words(phrase_lists: list[list[str]]) -> frozenset[str]:
    """Words (as written, lowercased) that the phrases of two groups or more use: the market's own vocabulary, against
    which a word only one group's odd phrase has («фиат», «zkteco») is not a title's word. Written forms, not
    lemmas: pymorphy3 reads «скуд» as a form of «скуда» (the car), which would let «фиат скуда» in."""
    counts: dict[str, int] = {}
    for phrases in phrase_lists:
        for word in {word for phrase in phrases for word in re.findall(r"[^\W_]+", phrase.lower())}:
            counts[word] = counts.get(word, 0) + 1
    return frozenset(word for word, count in counts.items() if count >= 2)
