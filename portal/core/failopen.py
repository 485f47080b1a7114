"""Redis down must not take the portal down: the cache and the broker fail open.

The cache holds rate-limit counters (DRF's throttle, allauth's limits) and a
few computed lists; the broker only carries work that the periodic sweeps also
find (the outbox, the deadlines). So when Redis is stopped, a request carries
on without them: a cache read is a miss, a write is dropped, a publish is
skipped, each with a logged warning and a counter (``FAILURES``, reported by
the readiness endpoint). After a failure Redis is left alone for a few seconds
(a circuit breaker), so a stopped server costs one short timeout per process
and period, never one per call.
"""

import logging
import time
from collections import Counter

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: Seconds during which a component that just failed is not tried again.
BREAKER_SECONDS = 5.0
#: How many operations failed open since the process started, per component.
FAILURES: Counter = Counter()


class Breaker:
    """Skip a component for ``BREAKER_SECONDS`` after it failed."""

    def __init__(self, name: str):
        self.name = name
        self.open_until = 0.0

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: Exception) -> None:
        FAILURES[self.name] += 1
        if not self.is_open:
            logger.warning(
                "%s unavailable, failing open for %ss: %s", self.name, BREAKER_SECONDS, error
            )
        self.open_until = time.monotonic() + BREAKER_SECONDS

    def reset(self) -> None:
        self.open_until = 0.0


CACHE_BREAKER = Breaker("cache")
BROKER_BREAKER = Breaker("broker")


def _fail_open(default=None):
    def decorate(method):
        def wrapper(self, *args, **kwargs):
            if CACHE_BREAKER.is_open:
                FAILURES["cache"] += 1
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                CACHE_BREAKER.trip(error)
                return default() if callable(default) else default

        wrapper.__name__ = method.__name__
        return wrapper

    return decorate


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every operation, and
    redis-py fills ~170 response callbacks in each: a millisecond of CPU per
    request (issue 11). One client per connection pool does the same work; the
    client is thread-safe and its pool reconnects after a fork."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, where an unreachable Redis behaves as an empty cache.

    ``get`` returns the default, ``add`` and ``set`` store nothing, ``incr``
    counts nothing: rate limits stop limiting rather than stop the portal.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def get(self, key, default=None, version=None):
        if CACHE_BREAKER.is_open:
            FAILURES["cache"] += 1
            return default
        try:
            return super().get(key, default, version)
        except RedisError as error:
            CACHE_BREAKER.trip(error)
            return default

    def count(self, key: str, timeout: int) -> int:
        """A counter's next value in one round trip: created with its expiry
        if missing, then incremented; 0 (nothing counted) when Redis fails."""
        if CACHE_BREAKER.is_open:
            FAILURES["cache"] += 1
            return 0
        redis_key = self.make_and_validate_key(key)
        try:
            pipe = self._cache.get_client(redis_key, write=True).pipeline()
            pipe.set(redis_key, 0, ex=timeout, nx=True)
            pipe.incr(redis_key)
            return pipe.execute()[1]
        except RedisError as error:
            CACHE_BREAKER.trip(error)
            return 0

    # True: a lock taken with add() (allauth's rate limits) must not spin on a dead Redis.
    add = _fail_open(default=True)(RedisCache.add)
    set = _fail_open(default=None)(RedisCache.set)
    touch = _fail_open(default=False)(RedisCache.touch)
    delete = _fail_open(default=False)(RedisCache.delete)
    get_many = _fail_open(default=dict)(RedisCache.get_many)
    has_key = _fail_open(default=False)(RedisCache.has_key)
    incr = _fail_open(default=0)(RedisCache.incr)
    set_many = _fail_open(default=list)(RedisCache.set_many)
    delete_many = _fail_open(default=None)(RedisCache.delete_many)
    clear = _fail_open(default=False)(RedisCache.clear)


def publish(task, *args) -> bool:
    """``task.delay(*args)`` unless the broker is down; the sweeps catch up.

    Returns whether the message was handed to the broker.
    """
    if BROKER_BREAKER.is_open:
        FAILURES["broker"] += 1
        return False
    try:
        task.delay(*args)
    except Exception as error:  # kombu's errors vary by transport
        BROKER_BREAKER.trip(error)
        return False
    return True
