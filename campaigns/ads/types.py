"""The data the ad writers take and give: plain dataclasses, so the pipeline, tests and the LLM loop share them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from campaigns.landing.types import LandingPage
from semantic.seller import SellerProfile


@dataclass(frozen=True)
class Sitelink:
    title: str
    url: str
    description: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "url": self.url, "description": self.description}


@dataclass(frozen=True)
class GroupBrief:
    """Everything a writer needs to know about one ad group; `phrases` are its top phrases, most frequent first.

    `page` is the landing page as read (`campaigns.landing.read_landing`): its facts go into texts and callouts,
    its navigation into sitelinks. `names` are abbreviations and brands as the advertiser writes them («СКУД»,
    «Hikvision»), for copy that keeps their case; names written in the brief or on the page are found without it.
    `seller` is what the campaign sells (goods, services or both), read once by `semantic.seller` from the brief,
    the page and the whole list; without it each group's own brief and phrases are read.
    """

    key: int
    name: str
    phrases: list[str]
    product_description: str
    region_name: str
    landing_url: str
    benefits: list[str]
    sitelinks: list[Sitelink]
    callouts: list[str]
    language: str = "ru"
    campaign_id: int | None = None
    page: LandingPage | None = None
    names: list[str] = field(default_factory=list)
    seller: SellerProfile | None = None


@dataclass(frozen=True)
class AdDraft:
    """One ad as written. A text-image ad keeps [Title 1, Title 2] in `titles` and its one text in `texts`;
    a combinatorial ad keeps all its titles and texts there. `problems` stays empty for every ad a writer returns.
    """

    kind: str
    titles: list[str]
    texts: list[str]
    link: str
    display_link: str
    sitelinks: list[Sitelink]
    callouts: list[str]
    source: str
    problems: list[str] = field(default_factory=list)

    def with_changes(self, **changes) -> AdDraft:
        return replace(self, **changes)

    def as_model_fields(self) -> dict:
        """Keyword arguments for `campaigns.models.Ad(group=..., **fields)`."""
        return {
            "kind": self.kind,
            "titles": list(self.titles),
            "texts": list(self.texts),
            "link": self.link,
            "display_link": self.display_link,
            "sitelinks": [sitelink.as_dict() for sitelink in self.sitelinks],
            "callouts": list(self.callouts),
            "source": self.source,
            "validation_problems": list(self.problems),
        }


@dataclass
class WriteResult:
    """Ads by group key, plus what the pipeline records on the campaign: fallbacks, token usage, rejected ads."""

    ads: dict[int, list[AdDraft]] = field(default_factory=dict)
    fallbacks: list[str] = field(default_factory=list)
    usage: dict = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)
