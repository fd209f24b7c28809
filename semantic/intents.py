"""The curated intent dictionaries (`data/intents.json`) matched by lemma, minus whatever the user's brief says.

A PPC specialist removes and blocks the same kinds of queries in every commercial campaign: free and DIY,
jobs and homework, adult, used goods and classifieds, marketplaces, informational questions. The lists are
small on purpose: they name intents, not markets, so one list serves sofas and access-control systems alike.
An entry that shares a word with the brief is dropped for that brief: a shop that sells `б/у` goods or a
`ремонт` service must not lose its own market to a dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from semantic.morph import analyzer
from semantic.operators import STOP_WORDS
from semantic.stoplists import UNIVERSAL_CATEGORIES, StopEntry, StopList, intent_entries, lemmas_of
from semantic.types import Brief

# Categories whose `negatives` become campaign negatives, in the order they are offered.
NEGATIVE_CATEGORIES = (*UNIVERSAL_CATEGORIES, "used", "marketplace", "navigation", "entertainment", "informational")
# Lists that describe the brief or the phrase rather than remove anything: never narrowed by the brief.
DESCRIPTIVE_CATEGORIES = frozenset({"services", "purchase"})
# Markers that are informational only in the form a phrase writes them (`weak`: «диван размеры», not «по размерам»;
# `varieties`: «виды скуд», not «скуд гостиничного типа»): their negatives fix that form.
EXACT_FORM_KINDS = frozenset({"weak", "varieties"})


# How a text says a product is made to order: «изготовление на заказ», «под заказ», «по вашему эскизу», «по
# размерам», «индивидуальный пошив». Relevance reads the brief with it, the ad writers a group and the page.
MADE_TO_ORDER = re.compile(
    r"\b(?:на|под)\s+заказ|\bпо\s+(?:индивидуальн\w+|ваш\w+)\s+(?:размер|проект|эскиз)|\bпо\s+размер|"
    r"\bизготовлени|\bиндивидуальн\w+ пошив",
    re.IGNORECASE,
)

# Tags of a proper name: such a word is only ever the name, so every form of it may be negated.
NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@cache
def common_noun_names() -> frozenset[str]:
    """Marketplace names that are also common nouns (`озон`: «химчистка салона озоном» is a detailing service): only
    the name's own form is a negative (`!озон`), every form would block the noun's use."""
    entries = {entry for kind in ("negatives", "removes") for entry in intent_entries("marketplace", kind)}
    found = set()
    for entry in entries:
        if " " in entry or not analyzer().word_is_known(entry):
            continue
        tag = analyzer().parse(entry)[0].tag
        if "NOUN" in tag and not NAME_TAGS & set(tag.grammemes):
            found.add(entry)
    return frozenset(found)


def content_lemmas(text: str) -> frozenset[str]:
    """Lemmas of a text's words that are not stop words: what `protects` and what a match is made of."""
    return frozenset(word for word in lemmas_of(text.replace("-", " ").replace("/", " ")) if word not in STOP_WORDS)


def brief_lemmas(brief: Brief) -> frozenset[str]:
    """The brief's own words (name, description, base keywords, selling points): never a reason to remove."""
    return frozenset().union(*(content_lemmas(text) for text in _brief_texts(brief)))


def order_spec_lemmas(brief: Brief) -> frozenset[str]:
    """What a made-to-order customer orders from (a photo, a sketch: `order_specs`), when the brief makes to order
    («изготовление на заказ»): «кольцо по фото» is then a buyer, and `-фото` would block it. Empty otherwise."""
    if not any(MADE_TO_ORDER.search(text) for text in _brief_texts(brief)):
        return frozenset()
    return frozenset().union(*(content_lemmas(entry) for entry in intent_entries("informational", "order_specs")))


def _brief_texts(brief: Brief) -> list[str]:
    return [brief.name, brief.description, *brief.base_keywords, *brief.selling_points]


@dataclass(frozen=True)
class Match:
    category: str
    entry: str


class IntentMatcher:
    """The dictionaries for one brief: entries sharing a lemma with `protected` are left out."""

    def __init__(self, protected: frozenset[str], extra_competitors: tuple[str, ...] = ()):
        self.protected = protected
        self._lists: dict[tuple[str, str], StopList] = {}
        for category in (*NEGATIVE_CATEGORIES, "competitor", "aftercare_services", "services", "purchase"):
            for kind in (
                "negatives",
                "removes",
                "paperwork",
                "design_documents",
                "norms",
                "estimates",
                "varieties",
                "seekers",
                "weak",
                "institutions",
                "words",
                "goods",
                "commercial",
                "buying",
            ):
                items = list(intent_entries(category, kind))
                if category == "competitor" and kind == "removes":
                    items += list(extra_competitors)
                if items:
                    if category not in DESCRIPTIVE_CATEGORIES:
                        items = [item for item in items if self.allowed(item)]
                    self._lists[(category, kind)] = StopList(items, exact_form=kind in EXACT_FORM_KINDS)

    def allowed(self, entry: str) -> bool:
        return not (content_lemmas(entry) & self.protected)

    def match(self, category: str, kind: str, lemmas: frozenset[str]) -> StopEntry | None:
        stop_list = self._lists.get((category, kind))
        return stop_list.match(lemmas) if stop_list else None

    def has_any(self, category: str, kind: str, lemmas: frozenset[str]) -> bool:
        return self.match(category, kind, lemmas) is not None

    def campaign_negatives(self) -> list[Match]:
        """Dictionary negatives this brief allows, category by category, each entry once."""
        seen: set[str] = set()
        found = []
        for category in NEGATIVE_CATEGORIES:
            stop_list = self._lists.get((category, "negatives"))
            for entry in stop_list.entries if stop_list else ():
                if entry.text not in seen:
                    seen.add(entry.text)
                    found.append(Match(category, entry.text))
        return found
