"""The dashboard's numbers kept in the cache, and refreshed ahead of time for the periods the page offers.

At 100k runs a fresh computation takes seconds (every stage's p95 sorts a month of runs), while staff expect the
page at once and need no fresher numbers than a few minutes. Celery beat recomputes the preset periods every
DASHBOARD_REFRESH_SECONDS, so those are always served from the cache; a custom period is computed on first view.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from operations.dashboard.metrics import Dashboard, Period, build_dashboard

PRESET_PERIOD_DAYS = (7, 30, 90)


def _key(period: Period) -> str:
    return f"directhelper:dashboard:{period.first.isoformat()}:{period.last.isoformat()}"


def cached_dashboard(period: Period, refresh: bool = False) -> Dashboard:
    if not refresh and settings.DASHBOARD_CACHE_SECONDS:
        dashboard = cache.get(_key(period))
        if dashboard is not None:
            return dashboard
    dashboard = build_dashboard(period)
    if settings.DASHBOARD_CACHE_SECONDS:
        cache.set(_key(period), dashboard, settings.DASHBOARD_CACHE_SECONDS)
    return dashboard


def refresh_preset_periods() -> list[Period]:
    periods = [Period.last_days(days) for days in PRESET_PERIOD_DAYS]
    for period in periods:
        cached_dashboard(period, refresh=True)
    return periods
