"""Where keywords come from: Wordstat (standalone or through Yandex Cloud), the user's own list, or a multiplier.

`collect` is the pipeline's single entry point; `read_keyword_file` (files.py) and `parse_keyword_text` /
`multiply` (manual.py) turn uploads and chat text into base phrases first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext

from core.formatting import format_number
from semantic.control import ProgressCallback, StageControl, StopCheck
from semantic.errors import SemanticError
from semantic.sources.base import KeywordSource
from semantic.sources.manual import multiply
from semantic.sources.wordstat import CloudWordstatClient, WordstatClient
from semantic.types import CollectResult, Phrase

if TYPE_CHECKING:
    from semantic.sources.expansion import CallLimits

SOURCES = ("auto", "wordstat", "manual", "file")


def choose_source(source: str, user_token: str | None) -> KeywordSource | None:
    """The Wordstat backend to use, or None for phrases as given.

    Cloud v2 when YANDEX_CLOUD_API_KEY is set; else the standalone API with the user's own token, else the
    service token. "wordstat" insists on one of them; "manual" and "file" never call an API.
    """
    if source not in SOURCES:
        raise SemanticError(gettext("Unknown keyword source «%(source)s».") % {"source": source})
    if source in ("manual", "file"):
        return None
    if settings.YANDEX_CLOUD_API_KEY:
        return CloudWordstatClient(settings.YANDEX_CLOUD_API_KEY)
    token = user_token or settings.WORDSTAT_TOKEN
    if token:
        return WordstatClient(token)
    if source == "wordstat":
        raise SemanticError(
            gettext("Wordstat is not connected: add your Wordstat token in the settings, or choose another source.")
        )
    return None


def call_limits() -> CallLimits:
    from semantic.sources.expansion import CallLimits

    return CallLimits(
        max_depth=settings.WORDSTAT_MAX_DEPTH,
        max_calls=settings.WORDSTAT_MAX_CALLS,
        max_seconds=settings.WORDSTAT_MAX_SECONDS,
        num_phrases=settings.WORDSTAT_NUM_PHRASES,
        exact_calls=settings.WORDSTAT_EXACT_CHECK_CALLS,
    )


def collect(
    base_phrases: list[str],
    *,
    regions: list[int],
    user_token: str | None = None,
    source: str = "auto",
    multiplier_lists: list[list[str]] | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> CollectResult:
    """Base phrases (or the multiplier's combinations) expanded through Wordstat, or returned as they are."""
    # Imported here: expansion loads scikit-learn (2.8 s, 130 MB), which the keyword-file reader's child process
    # (a sibling module of this package) must not pay for.
    from semantic.sources.expansion import check_exact_frequencies, expand

    control = StageControl(progress, should_stop)
    bases = multiply(multiplier_lists) if multiplier_lists else list(dict.fromkeys(p.strip() for p in base_phrases))
    bases = [phrase for phrase in bases if phrase]
    backend = choose_source(source, user_token) if bases else None
    if backend is None:
        control.report(100, gettext("Collected %(count)s phrases") % {"count": format_number(len(bases))})
        return CollectResult([Phrase(text) for text in bases], [], 0, "manual")
    regions = [region for region in regions if region > 0]  # Wordstat has no exclusions (`-213` is Direct-only)
    try:
        limits = call_limits()
        expansion = expand(backend, bases, regions=regions, limits=limits, control=control)
        phrases = sorted(expansion.phrases.values(), key=lambda p: (-p.frequency, p.text))
        check_exact_frequencies(backend, phrases, regions=regions, limits=limits, control=control)
        associations = sorted(expansion.associations.values(), key=lambda p: (-p.frequency, p.text))
    finally:
        backend.close()
    control.report(100, gettext("Collected %(count)s phrases") % {"count": format_number(len(phrases))})
    return CollectResult(phrases, associations, backend.calls, backend.name)
