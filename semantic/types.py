"""The data the semantic core takes and returns: plain dataclasses, so the pipeline, the CLI and tests share them
without a database."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Phrase:
    text: str
    frequency: int = 0
    exact_frequency: int | None = None


@dataclass
class RemovedPhrase:
    """A phrase cleaning dropped; `reason` is short Russian text shown to the marketer as it is."""

    text: str
    frequency: int
    reason: str


@dataclass
class CleanResult:
    kept: list[Phrase]
    removed: list[RemovedPhrase]


@dataclass
class Cluster:
    name: str
    phrases: list[Phrase]
    total_frequency: int


@dataclass
class ClusterResult:
    clusters: list[Cluster]
    notes: list[str] = field(default_factory=list)


@dataclass
class NegativesResult:
    group_negatives: list[list[str]]
    campaign_negatives: list[str]
    unplaced: list[str]


@dataclass
class CollectResult:
    phrases: list[Phrase]
    associations: list[Phrase]
    api_calls: int
    source: str
