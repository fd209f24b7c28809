"""Product subtypes inside one product group of descriptions, and the words that never name a subtype.

Long descriptive lines (receipts, catalogues) of one product are split only by a subtype a quarter of them share:
a specialist splits by subtype (`диван кровать`, `угловой диван`, `кожаный диван`) because each subtype gets its
own ad text, while intent, price and place words (`купить`, `цена`, `недорого`, `в москве`, `отзывы`) apply to any
subtype and stay inside it. Words are compared as pymorphy3 lemmas, so forms and order do not matter.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import cache

from semantic.features import MODIFIER_NOUNS, words_of
from semantic.morph import word_info
from semantic.regions import all_regions

# Subtypes need this many phrases: one phrase with a rare word is not a subtype yet, it stays in the core group.
MIN_SUBTYPE_PHRASES = 3
# ...and this share of their product's phrases. Only descriptions (receipt and catalogue lines, where every phrase
# carries a brand or a flavour) are split this way; search queries are cut by shared words (`linking`). Measured on
# the labelled receipts set, the one descriptive set (bench/bench_clustering.py, ARI / V): 10 % 0.611 / 0.886,
# 25 % 0.718 / 0.909, no split 0.753 / 0.918 — its types are coarse; a quarter keeps only a kind most lines name
# (`молочный` / `горький` шоколад) and leaves brands and flavours inside the product. The cores do not use it.
MIN_SUBTYPE_SHARE = 0.25
# Lemmas that say what the searcher wants to do (buy, compare, read) or where, not which kind of product.
_GENERAL_MODIFIERS_TEXT = """
    купить покупать заказать заказывать продать продавать продаваться стоить стоимость цена ценник прайс недорого
    недорогой дешево дешевый дешевле дёшево бюджетный выгодный выгодно магазин интернет интернет-магазин онлайн
    распродажа скидка акция sale доставка доставить бесплатный бесплатно отзыв фото фотография картинка изображение
    размер габарит заказ производитель производство фабрика от наличие в-наличии склад каталог сайт официальный
    рубль руб тысяча лучший хороший качественный недорогой рейтинг выбрать выбор как какой сколько где можно
    новинка новый модный современный популярный оптом опт розница кредит рассрочка москва спб питер мо область
    регион город россия рф сегодня срочно быстро
"""


@cache
def general_modifiers() -> frozenset[str]:
    """The built-in list plus every word of the region names, all as lemmas."""
    words = set(_GENERAL_MODIFIERS_TEXT.split()) | MODIFIER_NOUNS
    for region in all_regions():
        words.update(words_of(region.name_ru.replace("-", " ")))
    return frozenset(word_info(word)[0] for word in words) | frozenset(words)


def split_by_subtype(
    group: Sequence[int], kinds_of: Mapping[int, frozenset[str]], frequencies: Sequence[int], *, min_share: float
) -> list[tuple[str | None, list[int]]]:
    """The group's phrases by subtype, then the core (phrases naming no subtype), as (subtype word, members).

    A subtype is a kind word in at least MIN_SUBTYPE_PHRASES phrases and `min_share` of the group.
    A phrase with several subtype words (`угловой диван кровать`) goes to the strongest subtype: the one whose
    phrases sum to the highest frequency, then the one with more phrases, then the first lemma alphabetically, so
    the result does not depend on input order. The core comes last with the word None.
    """
    members: dict[str, list[int]] = defaultdict(list)
    for index in group:
        for word in kinds_of[index]:
            members[word].append(index)
    min_phrases = max(MIN_SUBTYPE_PHRASES, math.ceil(min_share * len(group)))
    strength = {
        word: (sum(frequencies[i] for i in indices), len(indices))
        for word, indices in members.items()
        if len(indices) >= min_phrases and len(indices) < len(group)
    }
    subgroups: dict[str, list[int]] = defaultdict(list)
    core: list[int] = []
    for index in group:
        candidates = [word for word in kinds_of[index] if word in strength]
        if candidates:
            best = min(candidates, key=lambda word: (-strength[word][0], -strength[word][1], word))
            subgroups[best].append(index)
        else:
            core.append(index)
    # A subtype that lost most phrases to stronger ones is too small to stand alone: those phrases join the core.
    result: list[tuple[str | None, list[int]]] = []
    for word in sorted(subgroups):
        if len(subgroups[word]) >= min_phrases:
            result.append((word, sorted(subgroups[word])))
        else:
            core.extend(subgroups[word])
    return result + ([(None, sorted(core))] if core else [])
