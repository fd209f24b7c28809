"""The semantic core's options, built from settings and the campaign: `semantic` itself never reads settings."""

from __future__ import annotations

from django.conf import settings

from campaigns.landing import LandingOptions, LandingPage
from campaigns.landing.fetch import FetchOptions
from campaigns.models import Campaign
from semantic.clustering import ClusteringOptions
from semantic.embeddings import load_embedder
from semantic.types import Brief, CleaningOptions, NegativeOptions, RelevanceOptions


def brief_of(campaign: Campaign) -> Brief:
    """What the user sells, in their own words (and their site's): relevance is judged against it and its words
    are never negatives."""
    return Brief(
        name=campaign.name,
        description=campaign.product_description,
        base_keywords=tuple(campaign.base_keywords),
        selling_points=tuple(campaign.benefits),
        geo_ids=tuple(int(geo_id) for geo_id in campaign.geo_ids),
        landing_text=landing_text(page_of(campaign)),
    )


def page_of(campaign: Campaign) -> LandingPage | None:
    """The landing page as the collect stage read it; None when it was not read (or could not be)."""
    if not campaign.landing_page:
        return None
    page = LandingPage.from_dict(campaign.landing_page)
    return page if page.is_read else None


def landing_text(page: LandingPage | None) -> str:
    """What the page says it sells: its title, description, heading and section names."""
    if page is None:
        return ""
    return " ".join([page.title, page.description, page.h1, *(link.text for link in page.links)])


def landing_options() -> LandingOptions:
    return LandingOptions(
        enabled=settings.LANDING_FETCH,
        fetch=FetchOptions(allow_private_hosts=settings.LANDING_ALLOW_PRIVATE_HOSTS),
    )


def cleaning_options(campaign: Campaign) -> CleaningOptions:
    return CleaningOptions(
        min_frequency=settings.PIPELINE_MIN_FREQUENCY,
        min_exact=campaign.min_exact,
        mid_frequency=settings.SEMANTIC_MID_FREQUENCY,
        high_frequency=settings.SEMANTIC_HIGH_FREQUENCY,
    )


def clustering_options() -> ClusteringOptions:
    """The clusterer's knobs that are settings; the rest keep the defaults measured on every market."""
    return ClusteringOptions(
        threshold=settings.SEMANTIC_CLUSTER_THRESHOLD,
        subgroup_min_phrases=settings.SEMANTIC_SUBGROUP_MIN_PHRASES,
        min_group_frequency=settings.SEMANTIC_MIN_GROUP_FREQUENCY,
        embedder=load_embedder(settings.EMBEDDING_MODEL),
    )


def relevance_options() -> RelevanceOptions:
    return RelevanceOptions(competitor_brands=settings.RELEVANCE_COMPETITOR_BRANDS)


def negative_options() -> NegativeOptions:
    return NegativeOptions()
