"""`/healthz`: is each dependency the service needs answering right now?

Used by the compose file and by monitoring, so it checks for real (a query, a cache round trip, a broker
connection, the age of the worker's heartbeat) with short timeouts, and answers 503 naming what is down.

The worker is reported but, unless HEALTHZ_REQUIRE_WORKER is set, does not turn the answer into a 503: the web
container's healthcheck uses this URL, and restarting the web server because a worker is being redeployed would
make things worse. A stale worker then gives 200 with status "degraded", which monitoring can alert on.

The URL is public, so a stranger learns only ok / degraded / down per check. Error messages name hosts, ports and
drivers: they go to staff and to the monitoring addresses listed in HEALTHZ_DETAIL_IPS only, and never through a
proxy. Loopback is not trusted by itself: behind a reverse proxy on the same machine every stranger arrives from
127.0.0.1, and a proxy need not add X-Forwarded-For (some set only X-Real-IP). The checks
reuse what the process already holds: Django's persistent database connection and kombu's broker connection pool,
so a monitor polling every few seconds opens no connection per request.
"""

from __future__ import annotations

import ipaddress
import logging
import time
import uuid
from collections.abc import Callable

from celery import current_app as celery_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import pools

from operations.heartbeat import heartbeat_age_seconds

logger = logging.getLogger(__name__)
BROKER_TIMEOUT_SECONDS = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("value written to the cache could not be read back")
    finally:
        cache.delete(key)


def check_broker() -> None:
    # The URL is read from settings at call time, so an override (or a test) is honoured; kombu's pool keeps one
    # connection per URL for the next request instead of opening one each time.
    pool = pools.connections[celery_app.connection_for_write(url=settings.CELERY_BROKER_URL)]
    with pool.acquire(block=True, timeout=BROKER_TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def check_worker() -> None:
    age = heartbeat_age_seconds()
    if age is None:
        raise RuntimeError("no worker heartbeat yet: is a worker (and beat) running?")
    if age > settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS:
        raise RuntimeError(f"last worker heartbeat was {age:.0f} s ago")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "worker": check_worker,
}


def required_checks() -> set[str]:
    optional = set() if settings.HEALTHZ_REQUIRE_WORKER else {"worker"}
    return set(CHECKS) - optional


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # any failure means "down"; the reason goes to the log and the response
            logger.warning("health check %s failed: %s", name, error, exc_info=True)
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return results


# Headers a proxy adds: the request came through one, so REMOTE_ADDR is the proxy's, not the caller's.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def may_see_details(request) -> bool:
    """Staff, or a monitoring address listed in HEALTHZ_DETAIL_IPS talking to us directly."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    if any(header in request.META for header in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in detail_networks())


def detail_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False) for item in settings.HEALTHZ_DETAIL_IPS]


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    required = required_checks()
    healthy = all(result["ok"] for name, result in checks.items() if name in required)
    everything_ok = all(result["ok"] for result in checks.values())
    status = "ok" if everything_ok else ("degraded" if healthy else "down")
    for name, result in checks.items():
        result["required"] = name in required
        result["status"] = "ok" if result["ok"] else ("down" if name in required else "degraded")
    if not may_see_details(request):
        checks = {name: result["status"] for name, result in checks.items()}
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)
