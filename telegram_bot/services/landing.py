"""The draft's landing page for the chat: read over the network off the database thread.

On SQLite the bot's database calls share one thread (telegram_bot/db.py), so a page read (up to the reader's
10 s deadline) inside one would hold up every other user's answers. The read itself touches no database and runs in
a thread of its own, with the build's caps (one deadline, the decompressed size): a hostile site costs that thread
10 s and 2 MiB, never the event loop. Only looking up the address and keeping the page use the database.
"""

from __future__ import annotations

import asyncio

from django.utils import translation

from campaigns.landing import LandingPage
from campaigns.services import drafts
from telegram_bot.db import in_thread


async def landing_page(draft_id: int, owner_id: int, *, fresh: bool = False) -> LandingPage:
    """The page kept for the draft's address, or (when there is none, or `fresh`) a new read that is kept."""
    landing = await in_thread(drafts.draft_landing)(draft_id, owner_id)
    if not fresh and landing.kept_page is not None:
        return landing.kept_page
    page = await asyncio.to_thread(_read_in_language, translation.get_language(), landing)
    await in_thread(drafts.keep_draft_landing)(draft_id, owner_id, page)
    return page


def _read_in_language(language: str, landing: drafts.DraftLanding) -> LandingPage:
    """A plain thread does not inherit the chat's active language; the page's warning must be in it."""
    with translation.override(language):
        return drafts.read_page(landing)
