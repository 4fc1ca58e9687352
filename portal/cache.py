"""A Redis cache that degrades instead of failing.

The cache holds only what can be recomputed or may be counted again (rate-limit counters,
heartbeats, import progress, kept counters). When Redis is down or hung, this process
turns to its own memory for BREAKER_SECONDS, then tries Redis again: only the call that
met the failure waits (the connection's two-second timeout), the next ones do not.

In memory the rate limits (allauth's, whose lock and counters live in the cache) go on
counting per process — a little looser across gunicorn's processes, never shut: before
this, a Redis outage answered every sign-in 429, because the lock could not be taken
(issue 16, item 2). /healthz reports the outage.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")
BREAKER_SECONDS = 30.0
# One per process (Django makes a cache object per thread; they share these).
_fallback = LocMemCache("portal-fallback", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 50_000}})
_state = {"down_until": 0.0}
_lock = threading.Lock()


def redis_skipped() -> bool:
    return time.monotonic() < _state["down_until"]


def reset() -> None:
    """Forget an outage (tests) and what was kept in memory meanwhile."""
    _state["down_until"] = 0.0
    _fallback.clear()


def _trip(method_name: str, exc: Exception) -> None:
    with _lock:
        _state["down_until"] = time.monotonic() + BREAKER_SECONDS
    logger.warning(
        "cache %s failed, this process uses its memory for %ss: %s",
        method_name,
        BREAKER_SECONDS,
        exc,
    )


def _tolerant(method_name: str):
    def method(self, *args, **kwargs):
        if not redis_skipped():
            try:
                return getattr(super(ResilientRedisCache, self), method_name)(*args, **kwargs)
            except RedisError as exc:
                _trip(method_name, exc)
        return getattr(_fallback, method_name)(*args, **kwargs)

    method.__name__ = method_name
    return method


class ResilientRedisCache(RedisCache):
    get = _tolerant("get")
    get_many = _tolerant("get_many")
    set = _tolerant("set")
    set_many = _tolerant("set_many")
    add = _tolerant("add")
    touch = _tolerant("touch")
    delete = _tolerant("delete")
    delete_many = _tolerant("delete_many")
    has_key = _tolerant("has_key")
    incr = _tolerant("incr")
    decr = _tolerant("decr")
    clear = _tolerant("clear")

    def reachable(self) -> None:
        """Round-trip a value through Redis itself, never the memory (for /healthz);
        raises when Redis is skipped or fails."""
        if redis_skipped():
            raise RuntimeError("Redis failed recently: this process uses its memory")
        key = "healthz:probe"
        try:
            RedisCache.set(self, key, "ok", timeout=10)
            value = RedisCache.get(self, key)
        except RedisError as exc:
            _trip("reachable", exc)
            raise
        if value != "ok":
            raise RuntimeError("Redis did not return the value it was given")
