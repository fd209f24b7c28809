"""Errors of the Direct upload whose message the user reads (chat, CLI, admin) as it is."""

from __future__ import annotations

from core.errors import UserError
from semantic.errors import SourceUnavailable


class DirectError(UserError):
    """Direct refused a request, or the campaign cannot be uploaded; the message says what to do."""


class UploadRefused(DirectError):
    """The campaign is not ready to upload (no finished build, no token): nothing was sent to Direct."""


class DirectAccessError(DirectError):
    """Direct said the token is invalid (53), lacks rights (54) or its API access is not approved yet (58)."""


class DirectPointsExhausted(DirectError):
    """The day's API points are (nearly) spent; the upload stopped and continues where it stopped next time."""


class DirectUnavailable(SourceUnavailable):
    """Direct kept failing (its server errors, 5xx, the network) through every retry.

    A `SourceUnavailable`, because that is what the pipeline's runner treats as "an external API is down": it puts
    the run back in the queue and the task tries the stage once more later, which resumes the upload.
    """
