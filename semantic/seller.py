"""What kind of seller the user is — goods, services or both — read from evidence, never from one word.

Relevance (buying goods is another market only for a pure service) and ads (a shop says «Купите», a service
«Запишитесь») both hang on this. One service word in a shop's description («всё для мойки и полировки») made a
car-care shop a service and cost it 60 % of its buying phrases, so three sources are weighed together:

- the brief: a service noun counts only as the thing offered («ремонт и монтаж»), not as the purpose of goods
  («для мойки», «для ремонта»: a genitive after «для»); shop words («магазин», «каталог», «фабрика») count for goods;
- the landing page: a cart or catalogue against booking and a price list of works;
- the phrase list, when the brief and the page say nothing: buying phrases against ordering or booking ones.

Without evidence either way the answer is both: treating a shop as a service (or the reverse) removes the user's
own buying phrases, while treating it as both only keeps a few phrases a specialist may drop by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from semantic.morph import word_info

GOODS_LEMMAS = frozenset(
    {
        "магазин",
        "интернет-магазин",
        "купить",
        "покупка",
        "товар",
        "продажа",
        "продавать",
        "каталог",
        "оптом",
        "опт",
        "розница",
        "фабрика",
        "производитель",
        "производство",
        "ассортимент",
        "склад",
        "наличие",
    }
)
SERVICE_LEMMAS = frozenset(
    {
        "ремонт",
        "монтаж",
        "установка",
        "обслуживание",
        "услуга",
        "сервис",
        "мастер",
        "запись",
        "записаться",
        "химчистка",
        "чистка",
        "стирка",
        "перетяжка",
        "реставрация",
        "утилизация",
        "вывоз",
        "прокат",
        "аренда",
        "заправка",
        "покраска",
        "мойка",
        "полировка",
        "оклейка",
        "тонировка",
        "детейлинг",
        "проектирование",
        "настройка",
        "диагностика",
        "замена",
        "пошив",
        "доставка-и-монтаж",
        "вызов",
        "выезд",
        "эпиляция",
        "массаж",
        "стрижка",
        "маникюр",
        "лечение",
        "консультация",
        "обучение",
        "уборка",
        "клининг",
        "студия",
    }
)
# A page's own words for a cart or a booking; counted, not matched once.
PAGE_GOODS = re.compile(r"корзин|в корзину|артикул|в наличии|add to cart|оформить заказ|купить", re.IGNORECASE)
PAGE_SERVICES = re.compile(
    r"записаться|онлайн-запись|запись на|вызвать мастера|выезд мастера|стоимость работ|прайс на услуги|наши услуги",
    re.IGNORECASE,
)
PURPOSE_PREPOSITIONS = frozenset({"для", "против"})  # «от фабрики» is provenance: it stays
SENTENCE_BREAK = re.compile(r"[.;:!?\n]")
WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*", re.IGNORECASE)

# A list's share of buying phrases that makes goods a market of its own: Wordstat lists buy in few words (1-3 % of
# a СКУД export says «купить», «каталог» or «магазин»), while a service's list orders or books in a twentieth or more.
PHRASE_SHARE_EVIDENCE = 0.05
BUYING_SHARE_EVIDENCE = 0.01
PAGE_HITS_EVIDENCE = 2


class SellerKind(StrEnum):
    GOODS = "goods"
    SERVICES = "services"
    BOTH = "both"


@dataclass(frozen=True)
class SellerProfile:
    kind: SellerKind
    goods_evidence: tuple[str, ...] = ()
    service_evidence: tuple[str, ...] = ()

    @property
    def sells_goods(self) -> bool:
        return self.kind in (SellerKind.GOODS, SellerKind.BOTH)

    @property
    def sells_services(self) -> bool:
        return self.kind in (SellerKind.SERVICES, SellerKind.BOTH)


def offered_lemmas(text: str) -> list[str]:
    """Lemmas of the words a text offers: a genitive run after «для» names a purpose and is left out."""
    offered: list[str] = []
    for sentence in SENTENCE_BREAK.split(text.lower()):
        in_purpose = False
        for word in WORD.findall(sentence):
            lemma, grammemes = word_info(word)
            if lemma in PURPOSE_PREPOSITIONS:
                in_purpose = True
                continue
            if in_purpose and ("gent" in grammemes or word in {"и", "или"} or not grammemes):
                continue  # «для мойки, полировки и ухода за автомобилем»
            in_purpose = False
            offered.append(lemma)
    return offered


def _brief_evidence(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    lemmas = [lemma for text in texts for lemma in offered_lemmas(text)]
    return [lemma for lemma in lemmas if lemma in GOODS_LEMMAS], [lemma for lemma in lemmas if lemma in SERVICE_LEMMAS]


def _phrase_shares(phrases: Sequence[str]) -> tuple[float, float]:
    if not phrases:
        return 0.0, 0.0
    buying = booking = 0
    for phrase in phrases:
        lemmas = set(offered_lemmas(phrase))
        buying += bool(lemmas & GOODS_LEMMAS)
        booking += bool(lemmas & SERVICE_LEMMAS)
    return buying / len(phrases), booking / len(phrases)


def detect_seller(brief_texts: Sequence[str], page_text: str = "", phrases: Sequence[str] = ()) -> SellerProfile:
    """The seller from the brief's texts (name, description, selling points), the landing page's text and the
    phrase list. The brief and the page add evidence; the list is read only when they give none. The kind is
    the side with evidence, both when both or neither have."""
    goods, services = _brief_evidence(brief_texts)
    goods_evidence = [f"brief: {word}" for word in dict.fromkeys(goods)]
    service_evidence = [f"brief: {word}" for word in dict.fromkeys(services)]
    if len(PAGE_GOODS.findall(page_text)) >= PAGE_HITS_EVIDENCE:
        goods_evidence.append("page: cart or catalogue")
    if len(PAGE_SERVICES.findall(page_text)) >= PAGE_HITS_EVIDENCE:
        service_evidence.append("page: booking or works")
    if not goods_evidence and not service_evidence:
        # The list speaks only when the user and the page are silent: a shop's core holds «полировка фар» too.
        buying_share, booking_share = _phrase_shares(phrases)
        if buying_share >= BUYING_SHARE_EVIDENCE:
            goods_evidence.append(f"phrases: {buying_share:.0%} buying")
        if booking_share >= PHRASE_SHARE_EVIDENCE:
            service_evidence.append(f"phrases: {booking_share:.0%} ordering a service")
    if goods_evidence and not service_evidence:
        kind = SellerKind.GOODS
    elif service_evidence and not goods_evidence:
        kind = SellerKind.SERVICES
    else:
        kind = SellerKind.BOTH
    return SellerProfile(kind, tuple(goods_evidence), tuple(service_evidence))
