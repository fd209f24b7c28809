"""Structured logs: one JSON object per line, with the run and user a line is about.

Log shippers (Loki, CloudWatch, `jq`) read one event per line; a traceback is kept inside the event instead of
spilling over many lines. Ids come from `extra={"run_id": …}` on a call, or from `log_context(...)` around a
block of work (a task, a request), so every line inside it carries them without passing them down.
"""

from __future__ import annotations

import contextvars
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

CONTEXT_FIELDS = ("run_id", "user_id", "campaign_id", "chat_id", "task_id", "broadcast_id")
_context: contextvars.ContextVar[dict] = contextvars.ContextVar("log_context", default={})  # noqa: B039 - never mutated


@contextmanager
def log_context(**ids) -> Iterator[None]:
    """Attach ids (run_id=…, user_id=…) to every log line written inside the block, in this thread or task."""
    unknown = set(ids) - set(CONTEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown log context fields {sorted(unknown)}; use {CONTEXT_FIELDS}")
    token = _context.set({**_context.get(), **{key: value for key, value in ids.items() if value is not None}})
    try:
        yield
    finally:
        _context.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        event.update(_context.get())
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                event[name] = value
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:  # rendered (and scrubbed) by core.scrub.ScrubSecretsFilter
            event["exception"] = record.exc_text
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False, default=str)
