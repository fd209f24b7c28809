"""Checks a Yandex OAuth token with Wordstat's `/v1/userInfo` and Direct API v5 before the bot keeps it.

"Reachable" matters: offline or with Wordstat down the token is kept and the user is told it was not checked;
only Wordstat's own refusal (401/403) stops it from being saved. Direct's answer only says whether the «Upload to
Direct» button will work with it: a token for Wordstat alone is still worth keeping.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaigns.direct.access import DirectAccess, check_direct_access
from semantic.errors import SemanticError, SourceAuthError
from semantic.sources.wordstat import WordstatClient

CHECK_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class TokenCheck:
    rejected: bool
    checked: bool
    login: str | None = None
    error: str = ""
    direct: DirectAccess | None = None  # None: not asked (Wordstat refused the token)


def check_yandex_token(token: str, language: str = "ru") -> TokenCheck:
    client = WordstatClient(token, timeout=CHECK_TIMEOUT_SECONDS, retries=1)
    try:
        quota = client.quota()
    except SourceAuthError as error:
        return TokenCheck(rejected=True, checked=True, error=str(error))
    except SemanticError as error:  # unreachable, quota trouble, an API version without userInfo
        return TokenCheck(
            rejected=False, checked=False, error=str(error), direct=check_direct_access(token, language=language)
        )
    finally:
        client.close()
    return TokenCheck(
        rejected=False,
        checked=True,
        login=quota.login if quota else None,
        direct=check_direct_access(token, language=language),
    )
