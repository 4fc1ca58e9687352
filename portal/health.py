"""Health of the services the portal depends on: database, cache, Celery broker."""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from portal.celery import app as celery_app


def check_database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache() -> None:
    """Round-trip a value through Redis (the resilient cache would answer from memory);
    the embedded mode's memory cache by itself."""
    probe = getattr(cache, "reachable", None)
    if probe is not None:
        probe()
        return
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return the value it was given (unreachable?)")
    cache.delete(key)


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # embedded mode: tasks run in-process, there is no broker to reach
    with celery_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def worker_heartbeat() -> str | None:
    """When a worker last ran the heartbeat task (ISO time), for information only."""
    from portal.tasks import HEARTBEAT_KEY

    try:
        return cache.get(HEARTBEAT_KEY)
    except Exception:
        return None


def run_checks() -> dict[str, str]:
    """Return {name: "ok" or "down: <reason>"} for every dependency."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means down; the reason is reported
            results[name] = f"down: {type(exc).__name__}: {exc}"[:300]
        else:
            results[name] = "ok"
    return results
