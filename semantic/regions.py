"""Yandex region ids (geo ids) shared by Wordstat, Direct and the bot's region picker.

The list is Yandex's own region tree as documented (see `semantic/data/regions.json`, copied from the project's
reference notes); names are spelled as Direct's region dictionary spells them, so the export can write them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGIONS_FILE = Path(__file__).with_name("data") / "regions.json"


@dataclass(frozen=True)
class Region:
    id: int
    name_ru: str
    name_en: str

    def name(self, language: str = "ru") -> str:
        return self.name_en if language == "en" else self.name_ru


@cache
def all_regions() -> tuple[Region, ...]:
    with REGIONS_FILE.open(encoding="utf-8") as file:
        return tuple(Region(item["id"], item["name_ru"], item["name_en"]) for item in json.load(file))


def region_by_id(region_id: int) -> Region | None:
    return next((region for region in all_regions() if region.id == region_id), None)


# A city's own agglomeration: a Moscow business serves Khimki and Mytishchi, a St Petersburg one Kudrovo and
# Murino. Direct's city region stops at the city line, yet the towns around it are no "other city" to the business.
AGGLOMERATIONS = {213: 1, 2: 10174}


def served_regions(geo_ids: Iterable[int]) -> frozenset[int]:
    """The campaign's regions with each city's agglomeration (Moscow → Moscow and the Oblast): the places whose
    names are not "another city" in a phrase. Exclusions (negative ids) are left as they are."""
    ids = set(geo_ids)
    return frozenset(ids | {AGGLOMERATIONS[geo_id] for geo_id in ids if geo_id in AGGLOMERATIONS})


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").replace("-", " ").split())


def find_regions(query: str) -> list[Region]:
    """Regions whose Russian or English name matches the typed text: exact names first, then prefixes."""
    wanted = _folded(query)
    if not wanted:
        return []
    exact, prefix = [], []
    for region in all_regions():
        names = (_folded(region.name_ru), _folded(region.name_en))
        if wanted in names:
            exact.append(region)
        elif any(name.startswith(wanted) for name in names):
            prefix.append(region)
    return exact + prefix


def region_names(geo_ids: list[int], language: str = "ru") -> list[str]:
    """Names for the given ids, skipping exclusions (negative ids) and ids the list does not know."""
    names = []
    for geo_id in geo_ids:
        region = region_by_id(geo_id) if geo_id > 0 else None
        if region is not None:
            names.append(region.name(language))
    return names
