"""Checking a Telegram Mini App's `initData`, exactly as Telegram documents it.

https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app: the data-check-string is every
received field but `hash`, sorted by key, as `key=value` lines joined by "\\n"; the secret key is
HMAC-SHA256(key="WebAppData", msg=bot_token); the data is Telegram's when the hex HMAC-SHA256 of the
data-check-string under that secret key equals `hash`. `auth_date` says when Telegram signed it, so an old
initData (copied out of a shared screen, a log) is refused after `max_age` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

SECRET_KEY_SALT = b"WebAppData"
CLOCK_SKEW_SECONDS = 60  # an auth_date this far in the future passes: the two clocks are never exactly equal


class InitDataError(Exception):
    """The initData is not Telegram's, or too old: the page answers 403."""


@dataclass(frozen=True)
class MiniAppUser:
    telegram_id: int
    language_code: str
    auth_date: int


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={value}" for key, value in sorted(fields.items()) if key != "hash")


def init_data_hash(fields: dict[str, str], bot_token: str) -> str:
    secret_key = hmac.new(SECRET_KEY_SALT, bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret_key, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def validate_init_data(init_data: str, bot_token: str, max_age: int, now: float | None = None) -> MiniAppUser:
    """The Telegram user the initData was signed for; raises InitDataError for anything else."""
    if not bot_token:
        raise InitDataError("no bot token is configured")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as error:
        raise InitDataError("initData is not a query string") from error
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field is repeated")
    received = fields.get("hash", "")
    if not received or not hmac.compare_digest(init_data_hash(fields, bot_token), received.lower()):
        raise InitDataError("the hash does not match")
    try:
        auth_date = int(fields["auth_date"])
        user = json.loads(fields["user"])
        telegram_id = int(user["id"])
    except (KeyError, ValueError, TypeError) as error:
        raise InitDataError("auth_date or user is missing") from error
    age = (time.time() if now is None else now) - auth_date
    if age > max_age or age < -CLOCK_SKEW_SECONDS:
        raise InitDataError("initData has expired")
    return MiniAppUser(telegram_id, str(user.get("language_code") or ""), auth_date)
