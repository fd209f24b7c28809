"""Errors a marketer may read. Messages are UI text through gettext, so they reach the chat as they are."""

from __future__ import annotations

from core.errors import UserError


class SemanticError(UserError):
    """The semantic core's errors: the input cannot give a campaign, or a keyword source refused or failed."""


class Cancelled(SemanticError):
    """The user (or the pipeline) asked a long stage to stop; raised from `should_stop` checks."""


class SourceAuthError(SemanticError):
    """The Wordstat token or API key is invalid or has no access: retrying cannot help, the user must act."""


class SourceUnavailable(SemanticError):
    """Wordstat kept failing (5xx, 429, network) after every retry; the pipeline retries the stage once."""


class SourceRequestError(SemanticError):
    """Wordstat refused a request as malformed (HTTP 400): a bug or a phrase it cannot take, never retried."""


class KeywordFileError(SemanticError):
    """An uploaded keyword file cannot be read; the message names the row and column where that is known."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row = row
        self.column = column


class NothingToAdvertise(SemanticError):
    """The phrases cannot make a campaign: every one was removed (stop words only, numbers, off the market…).
    The message names the main reason, so the user knows what to change."""
