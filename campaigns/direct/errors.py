"""Errors of the Direct upload whose message the user reads (chat, CLI, admin) as it is."""

from __future__ import annotations

from core.errors import UserError
from semantic.errors import SourceUnavailable


class DirectError(UserError):
    """Direct refused a request, or the campaign cannot be uploaded; the message says what to do."""


class UploadRefused(DirectError):
    """The campaign is not ready to upload (no finished build, no token): nothing was sent to Direct."""


class DirectRefused(DirectError):
    """Direct refused the whole request (not one object of it); `code` is Direct's error code (8000: the request's
    format), so a caller can tell a structure Direct does not accept from everything else."""

    def __init__(self, message: str, code: int = 0):
        super().__init__(message)
        self.code = code


class DirectAccessError(DirectError):
    """Direct said the token is invalid (53), lacks rights (54) or its API access is not approved yet (58)."""


class DirectPointsExhausted(DirectError):
    """The day's API points are (nearly) spent; the upload stopped and continues where it stopped next time."""


class DirectUnavailable(SourceUnavailable):
    """Direct kept failing (its server errors, 5xx, the network) through every retry.

    A `SourceUnavailable`, because that is what the pipeline's runner treats as "an external API is down": it puts
    the run back in the queue and the task tries the stage once more later, which resumes the upload.
    """


class OutcomeUnknown(DirectUnavailable):
    """A call that changes the account got no usable answer (a network error, a 5xx, a malformed body): Direct may
    or may not have done it. Never repeated blindly; the caller reads what Direct holds first."""
