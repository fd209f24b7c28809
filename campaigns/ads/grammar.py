"""Russian grammar the template writer needs: a region name put after "в" in the locative case.

"купить диван в Москве", not "в Москва": pymorphy3 inflects each word (adjectives agree with their noun because
each keeps its own gender and number), and the original capitalisation is restored part by part, so
"Санкт-Петербург" → "Санкт-Петербурге" and "Ростов-на-Дону" → "Ростове-на-Дону".
"""

from __future__ import annotations

import re

from semantic.morph import CYRILLIC_WORD, analyzer, lemma
from semantic.regions import find_regions

_PARENTHESES = re.compile(r"\([^)]*\)")
NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Orgn", "Trad", "Geox"})
_CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")
_INFLECTABLE = {"NOUN", "ADJF"}


def in_region(region_name: str, language: str = "ru") -> str:
    """`в Москве`, `во Владимире`, `in Moscow`; empty when no region is given."""
    name = " ".join(_PARENTHESES.sub(" ", region_name).split())
    if not name:
        return ""
    if language == "en":
        matches = find_regions(name)
        return f"in {matches[0].name_en if matches else name}"
    phrase = " ".join(_locative_word(word) for word in name.split(" "))
    return f"{_preposition(phrase)} {phrase}"


def mentions_region(text: str, region_name: str) -> bool:
    """Whether the text already names the region (in any case form), so it need not be added again."""
    region_lemmas = {lemma(word) for word in _letters_only(region_name) if len(word) > 2}
    text_lemmas = {lemma(word) for word in _letters_only(text)}
    return bool(region_lemmas) and region_lemmas <= text_lemmas


def _letters_only(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", _PARENTHESES.sub(" ", text).lower().replace("ё", "е"))


def _preposition(phrase: str) -> str:
    first = phrase[:2].lower()
    if len(first) == 2 and first[0] in "вф" and first[1] in _CONSONANTS:
        return "во"
    return "в"


def _locative_word(word: str) -> str:
    """Only a Cyrillic word (hyphens allowed) is declined: «000А» or «@:;А» is a code, and pymorphy3 would decline it
    as an adjective («000ОЙ»), a number the source never wrote."""
    if not CYRILLIC_WORD.fullmatch(word.lower()) or word.lower() in {"и", "на"}:
        return word
    parses = [parse for parse in analyzer().parse(word.lower()) if parse.tag.POS in _INFLECTABLE]
    parses.sort(key=lambda parse: ("Geox" not in parse.tag, "nomn" not in parse.tag))
    for parse in parses:
        inflected = parse.inflect({"loct"})
        if inflected is not None:
            return _same_case(word, inflected.word)
    return word


def _same_case(original: str, inflected: str) -> str:
    """Copy the capitalisation of each hyphen-separated part of the original onto the inflected word."""
    original_parts, inflected_parts = original.split("-"), inflected.split("-")
    if len(original_parts) != len(inflected_parts):
        original_parts, inflected_parts = [original], [inflected]
    return "-".join(
        part.upper() if len(source) > 1 and source.isupper() else part.capitalize() if source[:1].isupper() else part
        for source, part in zip(original_parts, inflected_parts, strict=True)
    )


def in_case(
    words: list[str], case: str, fixed: frozenset[str] = frozenset(), sources: tuple[str, ...] = ("nomn", "gent")
) -> list[str]:
    """The noun phrase at the start of `words` put in `case` (`accs` after «купить», «цены на»), the rest as is:
    `угловые диваны` → `угловые диваны`, `тахта` → `тахту`, `диван-еврокнижка` → `диван-еврокнижку`,
    `система контроля доступа` → `систему контроля доступа`, `полировка и керамика` → `полировку и керамику`.
    Adjectives agree with their noun; an inanimate noun's
    adjectives keep the nominative in the accusative, as Russian does. Words in `fixed` (abbreviations and brand
    names: СКУД, Hikvision) never change, and a phrase whose noun cannot be found is returned unchanged. `sources`
    are the cases the phrase's noun is read in, in order: a price phrase's noun is read as a genitive first
    («цена проектирования» → «проектирование», not the plural «проектирования»).
    """
    for source in sources:  # a phrase's product follows «цена», «каталог» in the genitive: «цена коммутатора»
        found = _noun_phrase(words, source, fixed)
        if found is not None:
            result = _inflected(words, case, source, *found)
            after = found[0][0] + 1  # «полировка и керамика» → «полировку и керамику»: a joined noun agrees too
            if len(words) > after + 1 and words[after].lower() in {"и", "или"}:
                result[after + 1 :] = in_case(words[after + 1 :], case, fixed, (source,))
            return result
    return list(words)


def declinable(words: list[str], fixed: frozenset[str] = frozenset()) -> bool:
    """Whether `in_case` can put the phrase in another case safely: its noun is found, or it opens with a name that
    stays as it is («СКУД Страж»). «сетевой СКУД» is not: the adjective's noun is an abbreviation of unknown gender,
    so «стоимость сетевой СКУД» would be a guess; the writer rephrases instead."""
    if not words:
        return False
    first = words[0].lower()
    if first in fixed:
        return not _common_noun_in_apposition(words[1:], fixed)
    if not CYRILLIC_WORD.fullmatch(first) or not analyzer().word_is_known(first.split("-")[0]):
        return True
    return any(_noun_phrase(words, source, fixed) is not None for source in ("nomn", "gent"))


def _common_noun_in_apposition(words: list[str], fixed: frozenset[str]) -> bool:
    """Whether the word after a name is a common noun standing beside it («СКУД школа», «СКУД пропуска»): no case
    of the phrase governs it, so «КП на СКУД школа» can be neither left as it is nor declined."""
    adjectives = 0
    while adjectives < len(words) - 1 and is_adjective(words[adjectives], fixed):  # «СКУД охранная сигнализация»
        adjectives += 1
    words = words[adjectives:]
    if not words or words[0].casefold() in fixed or not CYRILLIC_WORD.fullmatch(words[0].lower()):
        return False
    word = words[0].lower()
    if "-" in word or not analyzer().word_is_known(word):
        return False
    best = analyzer().parse(word)[0]
    return best.tag.POS == "NOUN" and "Fixd" not in best.tag and not NAME_TAGS & best.tag.grammemes


def is_adjective(word: str, fixed: frozenset[str] = frozenset()) -> bool:
    """A Russian word pymorphy3 knows and reads as an adjective or a participle first; never one of `fixed`."""
    lowered = word.lower()
    if lowered in fixed or not CYRILLIC_WORD.fullmatch(lowered) or not analyzer().word_is_known(lowered):
        return False
    return analyzer().parse(lowered)[0].tag.POS in ("ADJF", "PRTF")


def agree(adjective, noun) -> bool:
    """Whether an adjective's tag agrees with a noun's: case and number, and gender in the singular."""
    same = adjective.case == noun.case and adjective.number == noun.number
    return same and (noun.number == "plur" or adjective.gender in (None, noun.gender))


def adjectives_first(words: list[str], fixed: frozenset[str] = frozenset()) -> list[str]:
    """A noun phrase in the order Russian copy writes it, its adjectives before the noun: a search phrase or a group
    name keeps the order it was typed in, a shop's catalogue's («Серьги золотые», «Обручальные кольца парные»), and
    a title «Купить серьги золотые» reads as pasted and declines only the noun. Only a whole phrase of common words
    is reordered: Russian words the dictionary knows, none of them a name (`fixed`, a brand or a capitalised word
    past the first), one noun in the nominative and words that agree with it as adjectives (some reading of each),
    none of them read first as a noun in the nominative itself.
    Anything else («Серьги пусеты», «СКУД беспроводной», «Кольца с бриллиантами») is left as written."""
    lowered = [word.lower() for word in words]
    if len(words) < 2 or any(
        word in fixed or not re.fullmatch(r"[а-яё]+", word) or not analyzer().word_is_known(word) for word in lowered
    ):
        return list(words)
    if any(not word.islower() for word in words[1:]):
        return list(words)
    parses = [analyzer().parse(word) for word in lowered]
    for head, noun_parses in enumerate(parses):
        best = noun_parses[0]
        if best.tag.POS != "NOUN" or NAME_TAGS & best.tag.grammemes or "Fixd" in best.tag:
            continue
        nouns = [parse for parse in noun_parses if parse.tag.POS == "NOUN" and "nomn" in parse.tag]
        others = [index for index in range(len(words)) if index != head]
        if head == len(words) - 1 or not nouns or any(_nominative_noun(parses[index]) for index in others):
            return list(words)  # «Кухня гостиная», «Серьги кольца»: two nouns side by side
        if not any(all(_agrees_somehow(parses[index], noun) for index in others) for noun in nouns):
            return list(words)
        result = [*words[head + 1 :], *words[:head], words[head]]
        if words[0][:1].isupper():  # a capital that opened the phrase opens it still
            result = [word[:1].lower() + word[1:] if word is words[0] else word for word in result]
            result[0] = result[0][:1].upper() + result[0][1:]
        return result
    return list(words)


def _agrees_somehow(adjective_parses, noun) -> bool:
    """Whether some adjective reading of a word agrees with the noun: «угловой» is read first as a noun («угловой»,
    the corner), yet beside «диван» it is the adjective."""
    return any(parse.tag.POS in ("ADJF", "PRTF") and agree(parse.tag, noun.tag) for parse in adjective_parses)


def _nominative_noun(parses) -> bool:
    return parses[0].tag.POS == "NOUN" and "nomn" in parses[0].tag


def _noun_phrase(words: list[str], source: str, fixed: frozenset[str]):
    """The head noun and its adjectives in the `source` case at the start of `words`, or None."""
    adjectives: list[tuple[int, list]] = []
    head = None
    for index, word in enumerate(words):
        if word.casefold() in fixed or not re.fullmatch(r"[а-яё]+(?:-[а-яё]+)*", word.lower()):
            break
        if "-" not in word and not analyzer().word_is_known(word.lower()):
            break  # a name the dictionary does not know (Русгард) is not declined by guesswork
        parses = analyzer().parse(word.lower())
        nouns = [p for p in parses if p.tag.POS == "NOUN" and source in p.tag]
        adjective = [p for p in parses if p.tag.POS in ("ADJF", "PRTF") and source in p.tag]
        if adjective and not (nouns and nouns[0] is parses[0] and not adjectives):
            adjectives.append((index, adjective))
            continue
        if nouns and "Fixd" in nouns[0].tag and index + 1 < len(words):
            continue  # «авто химия»: an indeclinable first word qualifies the noun after it
        if nouns:
            head = (index, nouns[0])
        break
    return None if head is None else (head, adjectives)


def _inflected(words: list[str], case: str, source: str, head, adjectives) -> list[str]:
    head_index, noun = head
    result = list(words)
    inflected = noun.inflect({case, noun.tag.number} if noun.tag.number else {case})
    if inflected is not None:
        result[head_index] = _same_case(words[head_index], inflected.word)
    plural_or_masculine = noun.tag.number == "plur" or noun.tag.gender == "masc"
    keeps_nominative = source == "nomn" and case == "accs" and "inan" in noun.tag and plural_or_masculine
    for index, parses in adjectives:
        if keeps_nominative:
            continue
        agreeing = [p for p in parses if p.tag.number == noun.tag.number] or parses
        grammemes = {case, noun.tag.number} if noun.tag.number == "plur" else {case, "sing", noun.tag.gender}
        if case == "accs" and (noun.tag.number == "plur" or noun.tag.gender == "masc"):
            grammemes.add(noun.tag.animacy)  # «ювелирные изделия», but «новых клиентов»
        form = agreeing[0].inflect({g for g in grammemes if g})
        if form is not None:
            result[index] = _same_case(words[index], form.word)
    return result


def join_compounds(words: list[str], compounds: frozenset[tuple[str, str]]) -> list[str]:
    """Two words written as one hyphenated compound where the dictionary writes them so (`диван кровать` →
    `диван-кровать`, `диваны кровати` → `диваны-кровати`); `compounds` holds the lemma pairs."""
    result: list[str] = []
    for word in words:
        if result and "-" not in result[-1] and (lemma(result[-1].lower()), lemma(word.lower())) in compounds:
            result[-1] = f"{result[-1]}-{word}"
        else:
            result.append(word)
    return result


GENITIVE_PREPOSITIONS = frozenset({"для", "из", "без", "до", "от", "у", "около", "против"})
# Words after which a noun phrase is the object of buying or ordering: it takes the accusative.
ACCUSATIVE_CUES = frozenset({"купить", "купите", "заказать", "закажите", "приобрести", "приобретите", "выберите"})
# Words after which «на» takes the object of a request in the accusative: «заявку на монтаж», «цены на диван».
OBJECT_OF_NA = frozenset({"заявку", "кп", "цены", "смету", "запишитесь", "записаться", "запись"})


def with_governed_cases(words: list[str], fixed: frozenset[str] = frozenset()) -> list[str]:
    """A noun after «для», «из», «без»… in the genitive, as the preposition requires: `полироль для пластику` →
    `полироль для пластика`. Only a word with no genitive reading is changed, so a correct phrase stays as it is."""
    result = list(words)
    for index in range(1, len(words)):
        word = words[index]
        if words[index - 1].lower() not in GENITIVE_PREPOSITIONS or word.casefold() in fixed:
            continue
        if not CYRILLIC_WORD.fullmatch(word.lower()) or not analyzer().word_is_known(word.lower()):
            continue
        parses = analyzer().parse(word.lower())
        if any("gent" in parse.tag for parse in parses):
            continue
        nouns = [parse for parse in parses if parse.tag.POS in _INFLECTABLE]
        nouns.sort(key=lambda parse: "datv" not in parse.tag)  # «для пластику»: a dative put there by mistake
        form = nouns[0].inflect({"gent", nouns[0].tag.number or "sing"}) if nouns else None
        if form is not None:
            result[index] = _same_case(word, form.word)
    return result


def _stands_beside(written: list[str], position: int, fixed: frozenset[str]) -> bool:
    """Whether the name at `position` (an abbreviation in capitals or a `fixed` word) is followed by a common noun
    in the nominative that nothing governs: «КП на СКУД школа». A capitalised word after it is a brand («СКУД
    Сфинкс»)."""
    name = written[position]
    if not (name.lower() in fixed or (len(name) > 1 and name.isupper())) or position + 1 >= len(written):
        return False
    following = written[position + 1]
    if not following[:1].islower() or not CYRILLIC_WORD.fullmatch(following):
        return False
    if not analyzer().word_is_known(following) or following in fixed:
        return False
    best = analyzer().parse(following)[0]
    common = "Fixd" not in best.tag and not NAME_TAGS & best.tag.grammemes
    return best.tag.POS == "NOUN" and "nomn" in best.tag and common


def agreement_errors(text: str, fixed: frozenset[str] = frozenset()) -> list[str]:
    """Case errors pymorphy3 can prove in ad copy: the object of «купите / закажите», or of «заявку / КП / цены на»,
    not in the accusative («Закажите авто химия»), a noun after «для» not in the genitive («для пластику»), a noun in
    the nominative left beside a name in the object («КП на СКУД школа»). A word the dictionary does not know, a
    name, an adjective or an adverb (the noun may follow) is never an error by itself."""
    errors = []
    written = re.findall(r"[а-яёa-z0-9]+(?:-[а-яё]+)*|[.!?,:;]", text, flags=re.IGNORECASE)
    found = [word.lower() for word in written]
    for index, previous in enumerate(found):
        requested = previous == "на" and index > 0 and found[index - 1] in OBJECT_OF_NA
        accusative = previous in ACCUSATIVE_CUES or requested
        case = "gent" if previous in GENITIVE_PREPOSITIONS else "accs" if accusative else ""
        if not case:
            continue
        for position in range(index + 1, min(index + 4, len(found))):  # the first declinable noun after the cue
            word, capitals = found[position], len(written[position]) > 1 and written[position].isupper()
            if word in fixed or capitals or not CYRILLIC_WORD.fullmatch(word) or not analyzer().word_is_known(word):
                if _stands_beside(written, position, fixed):
                    errors.append(f"«{previous} {word} {found[position + 1]}»: a noun no case governs")
                break
            best = analyzer().parse(word)[0]
            if best.tag.POS in ("ADJF", "PRTF", "ADVB", "NUMR") or (best.tag.POS == "NOUN" and "Fixd" in best.tag):
                continue  # an adjective, an adverb («купите недорого»), an indeclinable word: the noun is later
            if best.tag.POS != "NOUN":
                break  # «кольца из белого на сайте»: the phrase ended without its noun
            cases = {case, "loct", "loc2"} if requested else {case}  # «заявку на сайте» says where, not what
            if not any(cases & parse.tag.grammemes for parse in analyzer().parse(word) if parse.tag.POS == "NOUN"):
                errors.append(f"«{previous} {word}»: not in the {'genitive' if case == 'gent' else 'accusative'}")
            break
    return errors


def abbreviation_genders(abbreviations: list[str], texts: list[str]) -> dict[str, str]:
    """The gender of each abbreviation whose expansion the texts write, read from the expansion's head noun:
    «системы контроля и управления доступом» spells СКУД (a conjunction adds no letter), so СКУД is feminine, as
    «система» is; an expansion written before the abbreviation in parentheses («систем контроля доступа (СКУД)»)
    counts too. An abbreviation the texts do not expand is left out: its gender would be a guess."""
    genders: dict[str, str] = {}
    words_of = [re.findall(r"[а-яё]+|\(", text.lower()) for text in texts]
    for abbreviation in abbreviations:
        letters = abbreviation.lower()
        for words in words_of:
            head = _spelled_head(words, letters) or _defined_head(words, letters)
            gender = analyzer().parse(head)[0].normalized.tag.gender if head else None
            if gender:
                genders[abbreviation.casefold()] = gender
                break
    return genders


def _spelled_head(words: list[str], letters: str) -> str:
    """The first word of a run whose initials spell the letters, «и» skipped: «системы контроля и управления
    доступом» for «скуд»."""
    for start, first in enumerate(words):
        if not first.startswith(letters[0]):
            continue
        spelled = [word[0] for word in words[start:] if word not in ("и", "(")][: len(letters)]
        if "".join(spelled) == letters:
            return first
    return ""


def _defined_head(words: list[str], letters: str) -> str:
    """The head of an expansion the text defines by the abbreviation in parentheses after it: the nearest word
    before «(скуд» that starts with the abbreviation's first letter."""
    for index in range(1, len(words) - 1):
        if words[index] == "(" and words[index + 1] == letters:
            before = [word for word in words[max(0, index - len(letters) - 1) : index] if word != "("]
            return next((word for word in before if word.startswith(letters[0])), "")
    return ""


def agree_with_abbreviations(words: list[str], genders: dict[str, str]) -> list[str]:
    """A singular adjective in the nominative (a title's product) right before an abbreviation takes the
    abbreviation's gender, which is its head noun's: «сетевой СКУД» → «сетевая СКУД» (система); the words are
    unchanged where the gender is not known."""
    result = list(words)
    for index, word in enumerate(words[:-1]):
        if any(is_common_noun(before) for before in words[:index]):  # «считыватель бесконтактный СКУД»: its noun
            continue
        gender = genders.get(words[index + 1].casefold())
        lowered = word.lower()
        if not gender or not CYRILLIC_WORD.fullmatch(lowered) or not analyzer().word_is_known(lowered):
            continue
        parses = [p for p in analyzer().parse(lowered) if p.tag.POS == "ADJF" and {"sing", "nomn"} <= p.tag.grammemes]
        if not parses or any(parse.tag.gender == gender for parse in parses):
            continue
        inflected = parses[0].inflect({gender, "sing", "nomn"})
        if inflected is not None:
            form = inflected.word
            result[index] = form[:1].upper() + form[1:] if word[:1].isupper() else form
    return result


def is_common_noun(word: str) -> bool:
    """A Russian word of two letters or more that pymorphy3 reads as a noun first («с» reads as «секунда»)."""
    lowered = word.lower()
    return bool(re.fullmatch(r"[а-яё]{2,}", lowered)) and analyzer().parse(lowered)[0].tag.POS == "NOUN"
