"""Who speaks and what they offer: the seller's calls to action and the brief's own selling words.

The seller (`semantic.seller`: goods, services or both) chooses the verbs. A shop says «Купите», «Выберите в
каталоге», and «с доставкой» only when delivery is a fact of the brief or the page; a service «Запишитесь»
(«Запишитесь онлайн» only when the brief or the page offers online booking), «Оставьте заявку»; a B2B installer
or a project business (its brief says «под ключ», «проектирование», «монтаж»,
«для предприятий») «Оставьте заявку», «Запросите коммерческое предложение», because its buyer wants a quote, not a
cart; «Рассчитаем стоимость» and «Запросите смету» only when its brief or its page offers a calculation or an
estimate («Смета за 1 день»).

The offer is what the brief's name and description say beyond the product: «от фабрики», «под ключ», «для офисов
и предприятий», «более 2 000 товаров», and the works a service lists («проектирование, монтаж»). A specialist
puts it in every ad; groups take it in turns so that neighbouring groups read differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaigns.ads.text import capitalize_first
from semantic.morph import analyzer, lemma
from semantic.seller import SERVICE_LEMMAS, SellerKind, SellerProfile, offered_lemmas
from semantic.synonyms import curated

PROJECT = re.compile(
    r"под ключ|проектир|монтаж|инсталляц|внедрени|смет|предприяти|организаци|юридическ\w+ лиц|объект|b2b|"
    r"для бизнеса|для офис|застройщик",
    re.IGNORECASE,
)
# What a B2B brief must say before its ads promise a calculation or an estimate.
CALCULATION = re.compile(r"расч[её]т|рассчита|стоимост", re.IGNORECASE)
ESTIMATE = re.compile(r"смет", re.IGNORECASE)
_OFFER = re.compile(
    r"\b(?:от|под|для|из|без)\s+[а-яёa-z][а-яёa-z-]*(?:\s+(?:и|или)\s+[а-яёa-z][а-яёa-z-]*)?", re.IGNORECASE
)
_COUNT = re.compile(
    r"(?:\b(?:более|свыше|больше|около)\s+)?\d[\d\s\u00a0]*\+?\s+(?:товар|модел|позици|наименован|бренд|объект|"
    r"проект|клиент|вид|артикул)[а-яё]*",
    re.IGNORECASE,
)
# Prepositional phrases that say nothing about the offer («для вас», «от нас») or name a price («от 500 ₽»).
_EMPTY_OFFERS = frozenset({"для вас", "от нас", "для всех", "для себя", "из них", "для дома"})
# Works a business performs (not who does them or how one asks: «мастер», «выезд», «запись»).
# Works of selling goods: in a brief's list of works («Продажа и монтаж»), but alone they say nothing of what.
SALE_WORKS = frozenset({"продажа", "поставка", "изготовление", "производство"})
_WORKS = (SERVICE_LEMMAS | SALE_WORKS) - {
    "мастер", "выезд", "вызов", "запись", "записаться", "услуга", "сервис", "студия", "консультация"
}  # fmt: skip


# A noun of a -ировать verb names doing it (бронирование, программирование); -ение/-ание nouns name systems and
# results as often (видеонаблюдение, решение, обеспечение).
ACTION_NOUN_ENDINGS = ("ирование",)
WORK_STEM = 5  # letters a work and the product it names share («керамика», «керамическое»)


@dataclass(frozen=True)
class Voice:
    """Three calls to action, one per text variant: with `{object}` (accusative) or `{genitive}`, the same in fewer
    words where one is shorter («Запишитесь на {object}!» for «Запишитесь онлайн на {object}!»), and plain ones for
    when the product's name does not fit or must not follow the verb."""

    with_object: tuple[str, str, str]
    plain: tuple[str, str, str]
    shorter: tuple[str, str, str] = ("", "", "")


def voice_for(
    seller: SellerProfile,
    brief_texts: list[str],
    *,
    delivers: bool,
    calls_out: bool = False,
    books_online: bool = False,
    made_to_order: bool = False,
    sketches: bool = False,
) -> Voice:
    """The calls to action of this seller; `delivers` when delivery is a fact of the brief or the page, `calls_out`
    when a master's or an engineer's visit is («выезд мастера»), `books_online` when online booking is («Запишитесь
    онлайн»). A group made to order (`made_to_order`, by a business that makes it) is ordered, not bought from the
    catalogue, whoever the seller: «Закажите изготовление колец!», and «Обсудите эскиз…» where the business says
    it works from a sketch (`sketches`)."""
    if made_to_order:
        return Voice(
            ("Закажите изготовление {genitive}!",
             "Обсудите эскиз {genitive}." if sketches else "Обсудите заказ на сайте.",
             "Узнайте сроки изготовления {genitive}."),
            ("Закажите изготовление на сайте!", "Обсудите заказ на сайте.", "Узнайте сроки на сайте."),
        )  # fmt: skip
    said = " ".join(brief_texts)
    project = seller.sells_services and bool(PROJECT.search(said))
    if project:  # a quote, a calculation or an estimate is promised only when the brief offers it
        estimate = "Запросите смету на {object}." if ESTIMATE.search(said) else "Узнайте стоимость {genitive}."
        first = ("Рассчитаем стоимость {genitive}!", "Рассчитаем стоимость проекта!") if CALCULATION.search(said) else (
            "Оставьте заявку на {object}!", "Оставьте заявку на сайте!")
        return Voice(
            (first[0], "Запросите КП на {object}.", estimate),
            (first[1], "Запросите коммерческое предложение.", "Узнайте подробности на сайте."),
        )
    if seller.kind == SellerKind.GOODS:
        buy = "Купите {object} с доставкой!" if delivers else "Купите {object} на сайте!"
        return Voice(
            (buy, "Выберите {object} в каталоге.", "Закажите {object} на сайте."),
            ("Купите на сайте с доставкой!" if delivers else "Купите на сайте!", "Выберите в каталоге на сайте.",
             "Оформите заказ на сайте."),
        )  # fmt: skip
    if seller.kind == SellerKind.SERVICES:
        first = ("Запишитесь онлайн на {object}!", "Запишитесь онлайн!") if books_online else (
            "Запишитесь на {object}!", "Запишитесь на сайте!")
        first = ("Вызовите мастера!",) * 2 if calls_out else first
        return Voice(
            (first[0], "Оставьте заявку на {object}.", "Узнайте цены на {object}."),
            (first[1], "Оставьте заявку на сайте.", "Узнайте цены на сайте."),
            ("Запишитесь на {object}!" if books_online and not calls_out else "", "", ""),
        )
    return Voice(
        ("Закажите {object} на сайте!", "Оставьте заявку на {object}.", "Узнайте цены на {object}."),
        ("Закажите на сайте!", "Оставьте заявку на сайте.", "Узнайте подробности на сайте."),
    )


def offer_phrases(texts: list[str]) -> list[str]:
    """The brief's selling words beyond the product, as written: «от фабрики», «под ключ», «для офисов и
    предприятий», «более 2 000 товаров»; each once, in the order the brief gives them."""
    found: dict[str, str] = {}
    for text in texts:
        for pattern in (_OFFER, _COUNT):
            for match in pattern.finditer(text or ""):
                phrase = " ".join(match[0].split()).strip()
                folded = phrase.casefold()
                if folded in _EMPTY_OFFERS or len(phrase) < 6:
                    continue
                if any(folded in known or known in folded for known in found):
                    continue
                found[folded] = phrase[:1].lower() + phrase[1:] if not phrase[1:2].isupper() else phrase
    return list(found.values())


def _listed_works(text: str) -> set[str]:
    """Lemmas of the items listed beside works in one enumeration: «полировка, керамика, оклейка плёнкой» makes
    «керамика» a work of the studio too, though the word alone names a material; an item counts only when it
    starts with a noun in the nominative, as the works around it do («для офисов и предприятий» is no item)."""
    listed: set[str] = set()
    for part in re.split(r"[:;.()!?]", (text or "").lower()):
        heads = [re.findall(r"[а-яё]+", item)[:1] for item in re.split(r",|\s(?:и|или)\s", part)]
        heads = [head[0] for head in heads if head]
        if sum(lemma(head) in _WORKS for head in heads) < 2:
            continue
        listed |= {lemma(head) for head in heads if _is_nominative_noun(head)}
    return listed


def _is_nominative_noun(word: str) -> bool:
    tag = analyzer().parse(word)[0].tag
    return tag.POS == "NOUN" and "nomn" in tag


def offered_works(texts: list[str], first: list[str] = (), most: int = 0, objects: bool = False, turn: int = 0) -> str:
    """The works a service's brief lists, in its own words: «Продажа, монтаж и проектирование»; "" for fewer than
    two (one work is the product itself). Works among the words of `first` (a group's product) lead, so a group
    says its own work first and neighbouring groups' lists differ; `most` keeps only so many (a title's room), the
    others taken from the `turn`-th on, so neighbouring groups' short lists differ too.
    With `objects` a work keeps the one word the brief gives it as its object where the item ends there («оклейка
    плёнкой», «химчистка салона»): a title that lists works alone has no product to lean on."""
    works = _works(texts, objects)
    if not works:
        return ""
    own = {_stem(lemma(part)) for word in first for part in word.lower().split("-")}
    # a work is the group's own when it or its object shares a stem with the product: «керамика» for «керамическое
    # покрытие», «оклейка плёнкой» for «бронирование фар плёнкой»
    mine = {base for base, word in works.items() if {_stem(lemma(part)) for part in word.split()} & own}
    others = [word for base, word in works.items() if base not in mine]
    start = turn % len(others) if others else 0
    names = [word for base, word in works.items() if base in mine] + others[start:] + others[:start]
    names = names[:most] if most >= 2 else names
    return capitalize_first(", ".join(names[:-1]) + " и " + names[-1])


def _stem(word: str) -> str:
    return word.replace("ё", "е")[:WORK_STEM]


def work_stems(texts: list[str]) -> frozenset[str]:
    """The stems of the works a service's brief lists (two or more): which of them a line or a group is about."""
    return frozenset(map(work_stem, _works(texts, objects=False)))


def named_works(lemmas: set[str], listed: frozenset[str]) -> frozenset[str]:
    """The listed works (stems) among a text's lemmas, a work's product adjective included («керамическое»), one
    service under either of its names (монтаж, установка)."""
    return frozenset(map(work_stem, lemmas)) & listed


def names_a_work(lemmas: set[str]) -> bool:
    """A known work, or a noun of an action (`бронирование` фар): the group is about doing it."""
    return bool(lemmas & _WORKS) or any(word.endswith(ACTION_NOUN_ENDINGS) for word in lemmas)


def work_stem(word: str) -> str:
    """A lemma's stem as works are compared: one service under either of its names (монтаж, установка), a verb and
    its noun alike («настраиваем» and «настройка», «полируем» and «полировка»)."""
    return _stem(curated(word))


def unoffered_work(lemmas: set[str], said: frozenset[str], objects: frozenset[str]) -> str:
    """A work among a title's lemmas that the business never says it does (`said`: the `work_stem`s of its brief's
    and page's words), or "": «мойка» of «Детейлинг-мойка», «реставрация» of «Реставрация кожи» from a studio whose
    brief lists «полировка, керамика, оклейка плёнкой, химчистка салона, тонировка». A title that names the object
    of a listed work (`objects`: «плёнкой» of «оклейка плёнкой») names that very service in other words
    («Бронирование фар плёнкой»)."""
    if {work_stem(word) for word in lemmas} & objects:
        return ""
    return next((word for word in sorted(lemmas) if names_a_work({word}) and work_stem(word) not in said), "")


def work_objects(texts: list[str]) -> frozenset[str]:
    """The `work_stem`s of the objects the brief gives its listed works: «плёнка» of «оклейка плёнкой», «салон» of
    «химчистка салона»."""
    return frozenset(work_stem(lemma(item.split()[-1])) for item in works_of(texts) if " " in item)


def works_of(texts: list[str], objects: bool = True) -> list[str]:
    """The works a service's brief lists, each as the brief writes it («полировка», «оклейка плёнкой»), in its
    order; empty for fewer than two (one work is the product itself)."""
    return list(_works(texts, objects).values())


def _works(texts: list[str], objects: bool) -> dict[str, str]:
    """The works the texts list, lemma → as written; none for fewer than two (one work is the product itself)."""
    works: dict[str, str] = {}
    for text in texts:
        offered = set(offered_lemmas(text))
        listed = _listed_works(text)
        found = re.findall(r"[а-яё]+|[^\sа-яё]", (text or "").lower())
        for index, word in enumerate(found):
            base = lemma(word)
            if (base in _WORKS or base in listed) and base in offered and base not in works:
                following = found[index + 1 : index + 3]
                ends = len(following) < 2 or not following[1].isalpha() or following[1] in {"и", "или"}
                has_object = objects and following and following[0].isalpha() and following[0] not in {"и", "или"}
                works[base] = f"{word} {following[0]}" if has_object and ends else word
    return works if len(works) >= 2 else {}
