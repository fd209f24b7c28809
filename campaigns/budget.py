"""The user's monthly budget as a PPC specialist would set it in Direct: per group, and as a weekly limit.

Direct's strategies take a weekly budget, not a monthly one, so the plan gives the weekly figure to type in
(monthly / 4.3, the weeks in an average month). Groups get the budget in proportion to their searches, each query
counted once (`semantic.head_terms.count_once`: a longer phrase's searches are inside a shorter one's base
frequency, and a one-word head term in quotes takes only its own wording; a phrase whose base frequency is below
what its longer phrases count is left unknown, since the numbers do not nest): a first plan that the specialist then
moves by conversion once statistics come in.

The budget follows what a group's ad speaks to, not the raw frequency of a mixed bag: a phrase that says what its
group's main phrase says (`semantic.tail.on_theme`) counts in full, the others in the proportion of the group's
phrases that do. A coherent group keeps nearly all its searches; a catch-all of a long tail (`Прайм скуд`: 200
phrases of which two say `прайм`) keeps a tail group's small share, so the core services get the money. A search
that says it wants to buy (the commercial intent words of `semantic/data/intents.json`: `купить`, `цена`,
`установка`, `под ключ`) counts BUYING_WEIGHT times: a group of buying phrases is worth more than one of readers.
A search naming a service or product the brief lists (`semantic.tail.offered_words`, in any form of the list:
`offered_families`; «на заказ» when the brief makes to order; «проектирование» or «проект» for an installer whose
brief offers design, «помолвка» for «помолвочные кольца», «кровать» for
«Диваны и кровати» (a bed, not «диван кровать»: a noun right after the campaign's product is a kind of it, a sofa
bed), «угловой» for «диваны прямые, угловые», «керамическое покрытие» for «керамика») counts OFFERED_WEIGHT
times: it asks for what the client sells by name, where the generic product (`система скуд`) or a vendor's name
alone asks for anyone's, so the services get the money a specialist gives them. A group named by
one (its main phrase names it) gets at least the median known group's weight: the client sells it, and a few
searches (the detailing studio's «Керамическое покрытие авто», its dearest service, had 165 ₽ of 50,000 ₽) say
nothing of what one order is worth.

A vendor the list names in both scripts (`sigur` / `сигур`, `sphinx` / `сфинкс`: a brand people type either way)
that neither the brief nor the landing page names, when they name another such vendor, is one the advertiser does
not fit: a search naming it (and no vendor they name) counts 1/OFFERED_WEIGHT. The СКУД installer's page says
«Работаем с оборудованием PERCo, Sigur, Болид»; «Скуд сфинкс» had 3,370 ₽, more than «Сигур скуд» (2,132 ₽).

A group whose searches are mostly in phrases that do not nest (the sofa demo's `Диван`: `диван` 90,000 against
243,808 counted in longer phrases of other groups) counts its own phrases once among themselves, so the group
holding the head phrases is not left the median share. Yet the groups holding a one-word head term get at most
HEAD_GROUPS_MAX_SHARE together (the rest goes to the other groups in proportion): their phrases («купить диван»,
«диван цена») are the broadest and most contested of the market, where a small business's bid buys the fewest
sales, so they never take the largest share by raw frequency. Only known frequencies count: a group whose phrases have
none gets the median known group's share, and the plan says how many such groups there are. Without any frequency
(a manual list), every group gets the same share.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from itertools import accumulate, pairwise

from django.utils.translation import gettext as _

from semantic.features import NOT_A_PRODUCT_TAGS, words_of
from semantic.head_terms import count_once, is_quoted_head
from semantic.intents import MADE_TO_ORDER, content_lemmas
from semantic.lexicon import is_clean_phrase
from semantic.morph import CYRILLIC_WORD, word_info
from semantic.seller import SERVICE_LEMMAS
from semantic.stoplists import ordering_words
from semantic.synonyms import LATIN_WORD, latin_spellings, relative_adjectives, transliterated
from semantic.tail import offered_families, offered_words, on_theme, product_words, telling_words
from semantic.types import Phrase

WEEKS_PER_MONTH = Decimal("4.3")
RUBLE = Decimal("1")
# A search that says it wants to buy, order, price or have the thing installed (the commercial intent words,
# `купить`, `цена`, `установка`, `под ключ`) is worth this many searches that do not.
BUYING_WEIGHT = 2
# The groups holding a one-word head term (`"диван"`, `"скуд"`) get at most this share of the budget together: the
# head's phrases are the broadest and dearest queries of the market, and a first plan should not bet on them.
HEAD_GROUPS_MAX_SHARE = Decimal("0.15")
# The lemma by which a search asks for a product made to order («кольца на заказ»): an offer of a brief that makes to
# order (`semantic.intents.MADE_TO_ORDER`), as a service it lists.
MADE_TO_ORDER_OFFER = "заказ"
# A search naming a service or product the brief lists (`semantic.tail.offered_words`) is worth this many that do not.
OFFERED_WEIGHT = 2
# The summary names this many of the vendors whose searches counted less (`BudgetPlan.unlisted`), most named first.
UNLISTED_SHOWN = 5


@dataclass(frozen=True)
class GroupBudget:
    number: int
    name: str
    share: float  # of the campaign's searches, 0–1
    monthly: Decimal


@dataclass(frozen=True)
class BudgetPlan:
    monthly: Decimal
    weekly: Decimal
    groups: list[GroupBudget]
    unknown_groups: int = 0  # groups whose phrases had no frequency: they got the median known group's share
    not_nested: int = 0  # phrases whose base frequency was below their longer phrases' (left unknown, not zero)
    heads_capped: bool = False  # the groups holding a one-word head term were held to HEAD_GROUPS_MAX_SHARE
    offered: tuple[str, ...] = ()  # the brief's services and products whose searches counted OFFERED_WEIGHT times
    # vendors the brief and page do not name, most named first: their searches counted 1/OFFERED_WEIGHT
    unlisted: tuple[str, ...] = ()

    def assumptions(self) -> str:
        text = _(
            "Split by each group's share of the monthly searches (Wordstat frequency), each search counted once: a "
            "longer phrase's searches are taken out of a shorter one's, and a one-word key in quotes counts only "
            "its own wording. The weekly budget for Direct's strategy is the monthly budget divided by 4.3 weeks. "
            "Move money to the groups that convert once the campaign has statistics."
        )
        text += " " + _(
            "Phrases that do not say what their group's main phrase says count only in the proportion of the "
            "group's phrases that do, so a catch-all of rare words gets a small share; a search that says it wants "
            "to buy, order or install counts twice."
        )
        if self.offered:
            text += " " + _(
                "A search naming a service or product of the description (%(words)s) counts twice again: it asks "
                "for what you sell by name, where the generic product or a brand alone asks for anyone's; a group "
                "named by one gets at least the median group's share, however few its searches."
            ) % {"words": ", ".join(self.offered)}
        if self.unlisted:
            text += " " + _(
                "A search naming a brand that neither the description nor the landing page names (%(brands)s), "
                "while they name others, counts half: its buyers look for that brand's dealer."
            ) % {
                "brands": ", ".join(self.unlisted[:UNLISTED_SHOWN]) + (", …" if self.unlisted[UNLISTED_SHOWN:] else "")
            }
        if self.not_nested:
            text += " " + _(
                "%(count)d phrases had a base frequency below what their longer phrases already count (the "
                "frequencies do not nest: estimates, or exact counts in the base column): their own searches are "
                "unknown, so they were not counted rather than taken for zero; a group of mostly such phrases "
                "counted its own phrases once among themselves."
            ) % {"count": self.not_nested}
        if self.heads_capped:
            text += " " + _(
                "The groups holding a one-word key in quotes get at most %(share)d%% of the budget together: "
                "their queries are the broadest and most contested."
            ) % {"share": round(HEAD_GROUPS_MAX_SHARE * 100)}
        if self.unknown_groups == len(self.groups) and self.groups:
            return text + " " + _("No group had a known frequency: every group got the same share.")
        if self.unknown_groups:
            return (
                text
                + " "
                + _("%(count)d groups had no known frequency: each got the median group's share.")
                % {"count": self.unknown_groups}
            )
        return text

    def as_dict(self) -> dict:
        return {
            "monthly": str(self.monthly),
            "weekly": str(self.weekly),
            "groups": [
                {"number": g.number, "name": g.name, "share": round(g.share, 4), "monthly": str(g.monthly)}
                for g in self.groups
            ],
            "unknown_groups": self.unknown_groups,
            "not_nested": self.not_nested,
            "offered": list(self.offered),
            "unlisted": list(self.unlisted),
            "assumptions": self.assumptions(),
        }


class GroupSearches(list):
    """Each group's monthly searches (None when none is known); `not_nested`: how many phrases had a base
    frequency below what their longer phrases count, left unknown (`semantic.head_terms.count_once`); `heads`:
    whether each group holds a one-word head term in quotes."""

    not_nested: int = 0
    heads: tuple[bool, ...] = ()
    offered: tuple[str, ...] = ()
    services: tuple[bool, ...] = ()
    unlisted: tuple[str, ...] = ()


def group_searches(groups: Sequence[Sequence[Phrase]], brief: str = "", page: str = "") -> GroupSearches:
    """Each group's monthly searches its ad speaks to (see the module), each query counted once across the campaign;
    None when none is known. `brief` is the campaign's description: a search naming a service or product it lists
    counts OFFERED_WEIGHT times. `page` is the landing page's text: with the brief, it says which vendors the
    advertiser works with (`unlisted_vendors`)."""
    phrases = [phrase for group in groups for phrase in group]
    counted, not_nested = count_once(phrases)
    told = [telling_words(phrase.text) for phrase in phrases]
    listed = offered_words(brief, told, adjectives=True) if brief.strip() else frozenset()
    if MADE_TO_ORDER.search(brief):  # «изготовление на заказ»: «кольца на заказ» asks for what the business offers
        listed |= {MADE_TO_ORDER_OFFER}
    family = offered_families(listed, told)
    for adjective, noun in relative_adjectives(set().union(*told) - listed, listed).items():
        family.setdefault(noun, adjective)  # «кольца для помолвки» names the brief's «помолвочные»
    offered = frozenset(family)
    fitted, unlisted = unlisted_vendors([phrase.text for phrase in phrases], f"{brief} {page}")
    products = product_words(told)

    def worth(row: int) -> int:
        return _worth(phrases[row].text, told[row], offered, products)

    result = GroupSearches()
    result.offered = _as_written(brief, {family[word] for words in told for word in words & offered})
    named_by = Counter(word for words in told for word in words & unlisted)
    result.unlisted = tuple(sorted(named_by, key=lambda word: (-named_by[word], word)))
    starts = [0, *accumulate(len(group) for group in groups)][:-1]
    # a group named by a service of the brief: its main phrase (the first) names one
    result.services = tuple(
        bool(group) and bool(told[start] & offered) for group, start in zip(groups, starts, strict=True)
    )
    result.not_nested = len(not_nested)
    result.heads = tuple(any(is_quoted_head(phrase.text) for phrase in group) for group in groups)
    unknown = set(not_nested)
    start = 0
    for group, flags in zip(groups, on_theme(groups), strict=True):
        rows = range(start, start + len(group))
        start += len(group)
        base = sum(phrases[row].frequency or 0 for row in rows)
        unnested = sum(phrases[row].frequency or 0 for row in rows if row in unknown)
        # a group whose searches are mostly in phrases that do not nest counts its own phrases among themselves
        own = count_once(group)[0] if 2 * unnested > base else [counted[row] for row in rows]
        known = [
            (value, flag, worth(row) / _vendor_discount(told[row], fitted, unlisted))
            for value, flag, row in zip(own, flags, rows, strict=True)
            if value is not None
        ]
        if not known:
            result.append(None)
            continue
        said = sum(flags) / len(flags)
        result.append(round(sum(worth * (value if flag else said * value) for value, flag, worth in known)))
    return result


def _as_written(brief: str, lemmas: set[str]) -> tuple[str, ...]:
    """The brief's own words for `lemmas` (`детейлинг`, not the guessed lemma `детейлинга`), for the summary sheet."""
    written: dict[str, str] = {}
    for word in words_of(brief):
        for lemma in telling_words(word):
            written.setdefault(lemma, word.lower())
    return tuple(sorted(written.get(lemma, lemma) for lemma in lemmas))


def vendors(texts: Sequence[str]) -> list[frozenset[str]]:
    """The vendors of the list, each as the lemmas `telling_words` reads its spellings as: words it writes in both
    scripts (`sigur` / `сигур`, `sphinx` / `сфинкс`: `synonyms.latin_spellings`) whose Cyrillic spelling reads as
    a name (`_reads_as_name`).
    People type a brand either way; a loan word typed either way (`server` / `сервер`) names a thing, not a maker."""
    latin: set[str] = set()
    cyrillic: set[str] = set()
    for text in texts:
        for word in words_of(text):
            if LATIN_WORD.match(word):
                latin.add(word)
            elif CYRILLIC_WORD.match(word):
                cyrillic.add(word)
    known = {word for word in cyrillic if is_clean_phrase(word)}
    spelled = latin_spellings(latin, cyrillic - known, known)
    return [
        frozenset({transliterated(latin_word), word_info(word)[0]})
        for latin_word, word in sorted(spelled.items())
        if word not in known or _reads_as_name(word)
    ]


def _reads_as_name(word: str) -> bool:
    """A dictionary word whose best reading is a name (`орион`) or a living being (`сфинкс`, `страж`), as brands are
    named; not a thing (`сервер`, `терминал`)."""
    grammemes = word_info(word)[1]
    return bool(NOT_A_PRODUCT_TAGS & grammemes) or {"NOUN", "anim"} <= grammemes


def unlisted_vendors(texts: Sequence[str], named_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The list's vendors (`vendors`) the advertiser names in `named_text` (the brief and the landing page's text),
    and those it does not; none are unlisted when it names none (a brief and page that name no vendor say nothing
    of which ones the advertiser fits)."""
    named = telling_words(named_text)
    found = vendors(texts)
    fitted = frozenset().union(*(spellings for spellings in found if spellings & named))
    unlisted = frozenset().union(*(spellings for spellings in found if not spellings & named)) - fitted
    return fitted, (unlisted if fitted else frozenset())


def _vendor_discount(told: frozenset[str], fitted: frozenset[str], unlisted: frozenset[str]) -> int:
    """OFFERED_WEIGHT for a search naming only vendors the advertiser does not name, else 1."""
    return OFFERED_WEIGHT if told & unlisted and not told & fitted else 1


def _worth(text: str, told: frozenset[str], offered: frozenset[str], products: frozenset[str]) -> int:
    """What one search of a phrase is worth to the business: BUYING_WEIGHT when it says it wants to buy, times
    OFFERED_WEIGHT when it names a service or product of the brief (`told`: its `telling_words`) other than as a
    compound kind of the campaign's product (`_compound_kinds`)."""
    buying = BUYING_WEIGHT if ordering_words().match(content_lemmas(text)) else 1
    named = told & offered
    if named and products & told:
        named -= _compound_kinds(text, products)
    return buying * (OFFERED_WEIGHT if named else 1)


def _compound_kinds(text: str, products: frozenset[str]) -> set[str]:
    """Nouns right after the campaign's product that make a kind of it, not another product: «кровать» in «диван
    кровать» (a sofa bed) for «Диваны и кровати», whose beds are «кровать двуспальная». A service after the product
    («скуд монтаж») is the work on it and stays what the brief offers."""
    lemmas = [word_info(word)[0] for word in words_of(text)]
    return {
        after
        for before, after in pairwise(lemmas)
        if before in products and after not in SERVICE_LEMMAS and "NOUN" in word_info(after)[1]
    }


def plan_budget(
    monthly: Decimal,
    groups: list[tuple[int, str, int | None]],
    *,
    not_nested: int = 0,
    heads: Sequence[bool] = (),
    offered: Sequence[str] = (),
    services: Sequence[bool] = (),
    unlisted: Sequence[str] = (),
) -> BudgetPlan:
    """`groups` are (number, name, monthly searches or None when unknown; see `group_searches`, whose `not_nested`
    the plan reports, whose `heads` it caps, whose `offered` words it names and whose `services`, the groups named
    by one, it gives at least the median known group's weight, and whose `unlisted` vendors it names). Whole
    rubles per group; the rubles rounding leaves go to the groups with the largest remainders, so the groups add up
    to the monthly budget."""
    known = [frequency for _number, _name, frequency in groups if frequency is not None]
    if sum(known):
        fill = Decimal(statistics.median(known))
        weights = [fill if frequency is None else Decimal(frequency) for _number, _name, frequency in groups]
        # a service the brief lists gets at least the median group's share, however few its searches
        flags = list(services) or [False] * len(groups)
        weights = [max(weight, fill) if service else weight for weight, service in zip(weights, flags, strict=True)]
    else:
        weights = [Decimal(1)] * len(groups)
    weights, heads_capped = _capped_heads(weights, heads)
    weight_sum = sum(weights) or Decimal(1)
    exact = [monthly * weight / weight_sum for weight in weights]
    rubles = [amount.quantize(RUBLE, rounding=ROUND_DOWN) for amount in exact]
    left = int(monthly.quantize(RUBLE, rounding=ROUND_DOWN) - sum(rubles))
    by_remainder = sorted(range(len(groups)), key=lambda index: (rubles[index] - exact[index], index))
    for index in by_remainder[:left]:
        rubles[index] += 1
    return BudgetPlan(
        monthly=monthly,
        weekly=(monthly / WEEKS_PER_MONTH).quantize(RUBLE),
        groups=[
            GroupBudget(number, name, float(weight / weight_sum), amount)
            for (number, name, _frequency), weight, amount in zip(groups, weights, rubles, strict=True)
        ],
        unknown_groups=len(groups) - len(known),
        not_nested=not_nested,
        heads_capped=heads_capped,
        offered=tuple(offered),
        unlisted=tuple(unlisted),
    )


def _capped_heads(weights: list[Decimal], heads: Sequence[bool]) -> tuple[list[Decimal], bool]:
    """The weights with the head groups scaled down to HEAD_GROUPS_MAX_SHARE of the total, when they hold more and
    other groups exist to take the rest; and whether that was done."""
    if not any(heads):
        return weights, False
    head = sum((weight for weight, is_head in zip(weights, heads, strict=True) if is_head), Decimal(0))
    other = sum(weights) - head
    if not head or not other or head / (head + other) <= HEAD_GROUPS_MAX_SHARE:
        return weights, False
    scale = HEAD_GROUPS_MAX_SHARE * other / ((1 - HEAD_GROUPS_MAX_SHARE) * head)
    return [weight * scale if is_head else weight for weight, is_head in zip(weights, heads, strict=True)], True
