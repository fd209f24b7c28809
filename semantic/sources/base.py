"""The one interface every Wordstat backend offers, so expansion code does not care which API answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from semantic.types import Phrase

DEVICES = ("all", "desktop", "phone", "tablet")


@dataclass
class TopRequests:
    """`/topRequests` for one phrase: queries containing it (`top`) and queries people also made (`associations`)."""

    phrase: str
    total_count: int
    top: list[Phrase]
    associations: list[Phrase]


@dataclass
class DynamicsPoint:
    date: str  # YYYY-MM-DD
    count: int
    share: float


@dataclass
class RegionShare:
    region_id: int
    count: int
    share: float
    affinity_index: float


@dataclass
class Quota:
    """What `/v1/userInfo` says about the token's limits; None fields are unknown."""

    login: str | None
    per_second: int | None
    daily_limit: int | None
    daily_remaining: int | None


class KeywordSource(Protocol):
    name: str  # "wordstat" or "cloud": part of cache keys and of CollectResult.source
    calls: int  # API requests actually sent (cache hits excluded)

    def top_requests(
        self, phrase: str, *, regions: list[int], devices: tuple[str, ...] = ("all",), num_phrases: int = 50
    ) -> TopRequests: ...

    def dynamics(
        self, phrase: str, *, period: str, from_date: str, to_date: str | None = None, regions: list[int] = ()
    ) -> list[DynamicsPoint]: ...

    def regions(self, phrase: str, *, region_type: str = "all") -> list[RegionShare]: ...

    def regions_tree(self) -> list[dict]: ...

    def quota(self) -> Quota | None: ...

    def close(self) -> None: ...
