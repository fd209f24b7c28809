"""The one base for errors whose message is written for the user.

Every app's input and limit errors derive from `UserError`, so the pipeline, the bot, the CLI and the admin can
show its (already translated) message as it is, and keep the generic apology for failures nobody foresaw.
"""

from __future__ import annotations


class UserError(Exception):
    """An error about the user's input or a limit: `str(error)` is a translated message meant to be read."""
