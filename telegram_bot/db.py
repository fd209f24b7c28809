"""Database work from the bot's event loop, run in a pool of threads.

asgiref's default (`thread_sensitive=True`, also behind Django's `aget`/`acreate`) funnels every ORM call of every
chat through one thread, so a slow commit for one user delays all of them. The bot's services are independent
calls, each its own transaction, so on PostgreSQL they run side by side, each thread on its own connection. SQLite
takes one writer at a time anyway (and its shared in-memory test database refuses concurrent writers outright), so
there the calls keep asgiref's single thread and its one connection. Pool threads hand their connection back per
Django's CONN_MAX_AGE after each call, as a request would (set DATABASE_CONN_MAX_AGE to reuse them).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection

P = ParamSpec("P")
R = TypeVar("R")


def in_thread(function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    if connection.vendor == "sqlite":
        return sync_to_async(function, thread_sensitive=True)

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        finally:
            close_old_connections()

    return sync_to_async(call, thread_sensitive=False)
