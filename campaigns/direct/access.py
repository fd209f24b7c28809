"""Does a Yandex OAuth token work for the Direct API? The settings' token check asks this next to Wordstat's.

`Clients.get` of the token's own login is the cheapest call that needs API access: Direct answers 53/54/58
(`DirectAccessError`) when the token is invalid, lacks rights or its API application is not approved yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from campaigns.direct.client import DirectClient
from campaigns.direct.errors import DirectAccessError, DirectError
from semantic.errors import SourceUnavailable

CHECK_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class DirectAccess:
    usable: bool  # Direct accepted the token
    checked: bool  # Direct answered (False: unreachable, so nothing is known)
    login: str | None = None
    error: str = ""


def check_direct_access(token: str, *, client_login: str = "", language: str = "ru") -> DirectAccess:
    client = DirectClient(
        token, client_login=client_login, language=language, timeout=CHECK_TIMEOUT_SECONDS, attempts=1, units_reserve=0
    )
    try:
        result = client.call("clients", "get", {"FieldNames": ["Login"]})
    except DirectAccessError as error:
        return DirectAccess(usable=False, checked=True, error=str(error))
    except (DirectError, SourceUnavailable) as error:
        return DirectAccess(usable=False, checked=False, error=str(error))
    finally:
        client.close()
    clients = result.get("Clients") or [{}]
    return DirectAccess(usable=True, checked=True, login=clients[0].get("Login"))
