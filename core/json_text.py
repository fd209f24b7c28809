"""JSON for text-heavy model fields, written as UTF-8 text instead of `\\uXXXX` escapes.

Django's JSONField serialises with `json.dumps`' default `ensure_ascii=True`, so each Cyrillic letter becomes six
ASCII characters. For a draft's keywords (up to 5 M characters a keyword file may give, `semantic.sources.files`)
that string and the database driver's copy of it were the largest thing the bot held: written as text, the bot's
peak for an honest 100,000-row file fell from 359 to 308 MB, and for 5 M characters of phrases from 353 to 283 MB
(bench/bench_hostile_keyword_files.py).
"""

from __future__ import annotations

import json


class TextJSONEncoder(json.JSONEncoder):
    """`json.JSONEncoder` that keeps non-ASCII characters as they are (the database column is UTF-8)."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
