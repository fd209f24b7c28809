"""Checks a Yandex OAuth token with Wordstat's `/v1/userInfo` before the bot keeps it.

"Reachable" matters: offline or with Wordstat down the token is kept and the user is told it was not checked;
only Wordstat's own refusal (401/403) stops it from being saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from semantic.errors import SemanticError, SourceAuthError
from semantic.sources.wordstat import WordstatClient

CHECK_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class TokenCheck:
    rejected: bool
    checked: bool
    login: str | None = None
    error: str = ""


def check_yandex_token(token: str) -> TokenCheck:
    client = WordstatClient(token, timeout=CHECK_TIMEOUT_SECONDS, retries=1)
    try:
        quota = client.quota()
    except SourceAuthError as error:
        return TokenCheck(rejected=True, checked=True, error=str(error))
    except SemanticError as error:  # unreachable, quota trouble, an API version without userInfo
        return TokenCheck(rejected=False, checked=False, error=str(error))
    finally:
        client.close()
    return TokenCheck(rejected=False, checked=True, login=quota.login if quota else None)
