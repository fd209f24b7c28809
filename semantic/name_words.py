"""Words pymorphy3 reads as a first name, a surname or a place that the list itself uses as ordinary words.

The lexicon drops a word tagged as a name or a place (`NOT_A_PRODUCT_TAGS`), because `диван Икея` or `в Сургуте` say
who or where, not what. pymorphy3 also guesses such tags for words it does not know or knows otherwise: `детейлинг`
comes back as a first name, `конго` (an earring style) as the country. Dropped, `детейлинг цена` has no product at
all and `серьги конго` reads as bare `серьги`, so a detailing studio's general group and a jewellery shop's style
group dissolve. A word so tagged is given back to the phrase's content when the list repeats it in at least
MIN_PHRASES phrases and it is no known place, region or general modifier; when it comes before the product the
lexicon chose (or the phrase had none), it is the product, as the first noun is. Only search-query lists: catalogue
and receipt lines name brands pymorphy3 rightly reads as names (the clusterer checks, `_reads_as_queries`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from semantic.features import NOT_A_PRODUCT_TAGS, words_of
from semantic.lexicon import PhraseWords
from semantic.modifiers import general_modifiers
from semantic.morph import word_info
from semantic.operators import STOP_WORDS
from semantic.places import place_lemmas

MIN_PHRASES = 3


def _tagged(text: str) -> list[tuple[str, bool]]:
    """Each word's lemma and whether it is a noun tagged as a name or place, stop words left out."""
    result = []
    for word in words_of(text):
        if word in STOP_WORDS:
            continue
        lemma, grammemes = word_info(word)
        result.append((lemma, bool(NOT_A_PRODUCT_TAGS & grammemes) and "NOUN" in grammemes))
    return result


def restore_name_words(texts: Sequence[str], words: list[PhraseWords]) -> list[PhraseWords]:
    """`words` with the list's own words that were read as names or places given back (see the module)."""
    tagged = [_tagged(text) for text in texts]
    counts = Counter(lemma for phrase in tagged for lemma in {lemma for lemma, name in phrase if name})
    excluded = general_modifiers() | place_lemmas()
    restored = {lemma for lemma, count in counts.items() if count >= MIN_PHRASES and lemma not in excluded}
    if not restored:
        return words
    result = []
    for phrase, item in zip(tagged, words, strict=True):
        lemmas = [lemma for lemma, _name in phrase]
        found = [lemma for lemma, name in phrase if name and lemma in restored and lemma not in item.content]
        if not found:
            result.append(item)
            continue
        product = item.product
        position = lemmas.index(product) if product in lemmas else len(lemmas)
        if product not in item.content or lemmas.index(found[0]) < position:
            product = found[0]
        content = tuple(lemma for lemma in lemmas if lemma in item.content or lemma in found)
        kinds = (item.kinds | set(found)) - {product}
        objects = (item.objects | set(found)) - {product}
        result.append(replace(item, product=product, content=content, kinds=kinds, objects=objects))
    return result
