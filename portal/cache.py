"""A Redis cache that degrades instead of failing.

The cache holds only what can be recomputed (rate-limit counters, heartbeats, import
progress): when Redis is down or hung, reads miss and writes are dropped after the
connection's two-second timeout, and the page still answers. /healthz reports the outage.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")


def _tolerant(method_name: str, default=None):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), method_name)(*args, **kwargs)
        except RedisError as exc:
            logger.warning("cache %s failed, going on without the cache: %s", method_name, exc)
            return default

    method.__name__ = method_name
    return method


class ResilientRedisCache(RedisCache):
    get = _tolerant("get")
    get_many = _tolerant("get_many", {})
    set = _tolerant("set")
    set_many = _tolerant("set_many", [])
    add = _tolerant("add", False)
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many")
    has_key = _tolerant("has_key", False)
    incr = _tolerant("incr", 0)
    decr = _tolerant("decr", 0)
    clear = _tolerant("clear")
