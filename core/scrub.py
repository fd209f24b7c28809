"""Secrets never leave the process in a log line or an error report.

The Bot API puts the bot's token in every URL (`https://api.telegram.org/bot<token>/sendMessage`), so any line that
shows a request URL — httpx at INFO, an HTTPStatusError's message, a traceback — would carry it. Users' Yandex
tokens, OpenAI and Yandex Cloud keys travel in headers and may surface in error messages. Two nets catch them:

- `ScrubSecretsFilter`, installed on every logging handler (settings.LOGGING), rewrites each record's message,
  exception text and string extras before any formatter sees them;
- `before_send` / `before_breadcrumb` for Sentry, which walk the whole event (messages, exception values,
  breadcrumbs, request data) and drop frame locals.

Masking is by shape (the patterns below: every shape of token Yandex issues), by value (the secrets this deployment
is configured with) and by what users just sent as a token (`remember_user_secret`), so a token is caught even when
it appears without its usual prefix. The first net is not logging them at all: settings.LOGGING keeps the loggers
that print message text or request URLs (python-telegram-bot, httpx) above DEBUG, whatever LOG_LEVEL says
(`third_party_loggers`).
"""

from __future__ import annotations

import logging
import re
from collections import deque
from typing import Any

MASK = "***"
# (pattern, replacement): the prefix that says what was there stays, the secret goes.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Bot API URLs: /bot<id>:<secret>/method and /file/bot<id>:<secret>/path (the ':' may be percent-encoded)
    (re.compile(r"bot\d{5,}(?::|%3[Aa])[A-Za-z0-9_-]{20,}"), "bot" + MASK),
    # A bare Telegram token
    (re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}"), MASK),
    # Authorization headers: Bearer / OAuth (Yandex) / Api-Key (Yandex Cloud)
    (re.compile(r"(?i)\b(bearer|oauth|api-key)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + MASK),
    # OpenAI-style keys; Yandex OAuth tokens (y0_…, and the older AQAAAA…, AgAAAA…, AwAAAA…); Yandex IAM tokens
    # (t1.…, with dots); Yandex Cloud API keys (AQVN…)
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), "sk-" + MASK),
    (re.compile(r"\b(y[0-9]_[A-Za-z0-9_-]{20,}|A[QgwA]AAAA[A-Za-z0-9_-]{20,}|AQVN[A-Za-z0-9_-]{20,})"), MASK),
    (re.compile(r"\bt1\.[A-Za-z0-9_.~+/=-]{20,}"), MASK),
    # key=value in query strings, JSON and reprs: token=…, "access_token": "…", api_key='…'
    (
        re.compile(
            r"(?i)([\"']?\b(?:access_token|refresh_token|token|api_key|apikey|secret|password)[\"']?\s*[:=]\s*[\"']?)"
            r"[^\s\"'&,;}]{6,}"
        ),
        r"\1" + MASK,
    ),
)
SECRET_SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "OPENAI_API_KEY",
    "WORDSTAT_TOKEN",
    "YANDEX_CLOUD_API_KEY",
    "YANDEX_DIRECT_TOKEN",
    "SECRET_KEY",
)
# Loggers that print what passes through them: python-telegram-bot logs each update and each Bot API call with its
# message text at DEBUG (a token a user sends), httpx each request's URL at INFO (the Bot API's holds the bot's
# token); pymorphy3 announces its dictionaries. Each is kept at this level or LOG_LEVEL, whichever is higher.
QUIET_LOGGERS = {"telegram": "INFO", "httpx": "WARNING", "httpcore": "WARNING", "pymorphy3": "WARNING"}
# What users sent as a token lately (this process): masked wherever it shows up, whatever its shape.
_user_secrets: deque[str] = deque(maxlen=1000)
# Attributes every LogRecord has; anything else on a record came from `extra=` and is scrubbed too.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def configured_secrets() -> list[str]:
    """The secret values this deployment runs with (longest first, so a token is masked before its prefix)."""
    try:
        from django.conf import settings

        values = [getattr(settings, name, None) for name in SECRET_SETTINGS]
    except Exception:  # settings not configured (a script, the keyword-file child): shapes alone still apply
        return []
    return sorted((value for value in values if isinstance(value, str) and len(value) >= 8), key=len, reverse=True)


def third_party_loggers(log_level: str) -> dict[str, dict]:
    """settings.LOGGING's "loggers": each of QUIET_LOGGERS at its level, or higher when LOG_LEVEL is."""
    return {
        name: {"level": max(level, log_level, key=logging.getLevelName)} for name, level in QUIET_LOGGERS.items()
    }


def remember_user_secret(value: str) -> None:
    """A user sent `value` as a token: mask it from now on, even in a shape no pattern knows."""
    value = value.strip()
    if len(value) >= 8 and value not in _user_secrets:
        _user_secrets.append(value)


def scrub(text: str) -> str:
    """`text` with every token, key and Bot API URL secret replaced by ***."""
    for secret in [*configured_secrets(), *sorted(_user_secrets, key=len, reverse=True)]:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubSecretsFilter(logging.Filter):
    """Installed on handlers (not loggers), so it sees records of every logger, third-party ones included."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info:
            # Rendered here, scrubbed, and kept as text: formatters print exc_text when exc_info is gone.
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, scrub(value))
        return True


def scrub_data(value: Any) -> Any:
    """Every string inside nested dicts, lists and tuples scrubbed (keys too: a URL can be a key)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_data(key): scrub_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub_data(item) for item in value)
    return value


def _drop_frame_locals(event: dict) -> None:
    values = (event.get("exception") or {}).get("values") or []
    threads = (event.get("threads") or {}).get("values") or []
    for holder in [*values, *threads]:
        for frame in (holder.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def before_send(event: dict, hint: dict) -> dict:
    """Sentry's last look at an event: no frame locals, every string scrubbed."""
    _drop_frame_locals(event)
    return scrub_data(event)


def before_breadcrumb(crumb: dict, hint: dict) -> dict:
    """Breadcrumbs record each HTTP request's URL (the Bot API's holds the token) and log messages."""
    return scrub_data(crumb)


def sentry_options(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float) -> dict:
    """Everything `sentry_sdk.init` gets, in one place, so a test can init Sentry exactly as production does.

    include_local_variables is off rather than filtered frame by frame: the frames that hold a token (a handler's
    `message`, `update`, `value`; a client's `headers`) are many and change with the code, and an object's locals
    (an Update, a TelegramUser) carry personal data a pattern cannot recognise. Tracebacks with file, line and
    code are what fixing a bug needs."""
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
        "environment": environment,
        "release": release,
        "traces_sample_rate": traces_sample_rate,
        "send_default_pii": False,
        "include_local_variables": False,
        "before_send": before_send,
        "before_breadcrumb": before_breadcrumb,
    }
