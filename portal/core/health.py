"""Health endpoints for the load balancer and the orchestrator.

``/healthz/`` (liveness): the process answers; it reads nothing.
``/healthz/ready/`` (readiness): the database, the cache and the broker, each
"ok" or "unavailable", plus how many operations failed open since start.
Only the database makes the node unready (503): without Redis the portal
still serves (rate limits and cache fail open, the sweeps send what the
broker dropped), so taking every node out of the pool would be worse.
"""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from portal.core import failopen

BROKER_TIMEOUT = 1.0


@never_cache
def readiness(request):
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "broker": _check(_broker),
    }
    ready = checks["database"] == "ok"
    body = {
        "status": "ok" if all(v == "ok" for v in checks.values()) else "degraded",
        "checks": checks,
        "failed_open": dict(failopen.FAILURES),
    }
    if not ready:
        body["status"] = "unavailable"
    return JsonResponse(body, status=200 if ready else 503)


def _check(probe) -> str:
    try:
        probe()
    except Exception:
        return "unavailable"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    client = getattr(cache, "_cache", None)
    if hasattr(client, "get_client"):  # Redis: ask the server, not the fail-open wrapper
        client.get_client(write=True).ping()
        return
    cache.set("healthz-probe", "1", 10)
    if cache.get("healthz-probe") != "1":
        raise RuntimeError("cache did not keep a value")


def _broker() -> None:
    from portal.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
