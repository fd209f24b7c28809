"""What reading a landing page gives: plain dataclasses that round-trip through JSON, so a campaign can store the
page it was built from and a repeat build (or the admin) reuses it without fetching the site again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Kinds of facts the reader looks for; the ad writers and the sitelink builder know them by these names.
DELIVERY = "delivery"
PAYMENT = "payment"
GUARANTEE = "guarantee"
RETURNS = "returns"
STOCK = "stock"
YEARS = "years"
VISIT = "visit"  # a specialist comes to the site: «Бесплатный выезд инженера на объект»
ESTIMATE = "estimate"  # a quote and its term: «Смета за 1 день»
CONTRACT = "contract"  # how a business buyer pays: «Работаем с НДС, по договору»
BOOKING = "booking"  # a service is booked on the site: «Запишитесь онлайн», «Онлайн-запись на мойку»
SELLING = "selling"  # a short line of the page's list of advantages that no other kind reads: «Бесплатная гравировка»
PRICE = "price"
FACT_KINDS = (DELIVERY, PAYMENT, GUARANTEE, RETURNS, STOCK, YEARS, VISIT, ESTIMATE, CONTRACT, BOOKING, SELLING, PRICE)
# The facts that hold for the whole business, in the order ads state them (a price belongs to its product); a
# booking is said by the call to action («Запишитесь онлайн!»), not as a statement of its own.
BUSINESS_FACT_KINDS = (DELIVERY, GUARANTEE, PAYMENT, RETURNS, STOCK, YEARS, VISIT, ESTIMATE, CONTRACT, SELLING)


@dataclass(frozen=True)
class PageLink:
    """A same-site link with its anchor text; `in_navigation` when it sits in a menu, header or footer."""

    text: str
    url: str
    in_navigation: bool = True


@dataclass(frozen=True)
class PageFact:
    """A short phrase copied from the page as it is written there («Доставка по Москве за 1 день»), never
    reworded: an ad that repeats it claims only what the site itself claims."""

    kind: str
    text: str
    subject: str = ""  # what the fact is about when it is not the whole shop: «Автошампуни» for «от 390 ₽»


@dataclass(frozen=True)
class LandingPage:
    """One landing page as read. `warning` is set (and the rest mostly empty) when it could not be read."""

    url: str
    final_url: str = ""
    title: str = ""
    description: str = ""
    h1: str = ""
    links: list[PageLink] = field(default_factory=list)
    prices: list[str] = field(default_factory=list)
    facts: list[PageFact] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    priced: list[PageFact] = field(default_factory=list)  # prices with the product each is for (kind PRICE)
    text: str = ""  # the page's visible text, shortened: which brands and names the site itself writes
    warning: str = ""

    @property
    def is_read(self) -> bool:
        return not self.warning

    def facts_of(self, kind: str) -> list[str]:
        return [fact.text for fact in self.facts if fact.kind == kind]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> LandingPage:
        """The inverse of `to_dict`; unknown keys (from a newer version) are ignored, missing ones take defaults."""
        return cls(
            url=str(data.get("url", "")),
            final_url=str(data.get("final_url", "")),
            title=str(data.get("title", "")),
            description=str(data.get("description", "")),
            h1=str(data.get("h1", "")),
            links=[
                PageLink(str(item.get("text", "")), str(item.get("url", "")), bool(item.get("in_navigation", True)))
                for item in data.get("links", [])
            ],
            prices=[str(price) for price in data.get("prices", [])],
            facts=[_fact(item) for item in data.get("facts", [])],
            phones=[str(phone) for phone in data.get("phones", [])],
            priced=[_fact(item) for item in data.get("priced", [])],
            text=str(data.get("text", "")),
            warning=str(data.get("warning", "")),
        )


def _fact(item: dict) -> PageFact:
    return PageFact(str(item.get("kind", "")), str(item.get("text", "")), str(item.get("subject", "")))
