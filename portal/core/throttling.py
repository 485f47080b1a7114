"""The API's rate limit per person, counted in fixed windows (issue 11).

DRF's ``UserRateThrottle`` keeps the time of every request of the period in
one cache entry, read and written whole on each call: two round trips to
Redis and a list as long as the rate. Here each period is a counter that one
round trip increments (``FailOpenRedisCache.count``): the same limit per
window, at a constant cost. As with DRF, the headers tell when to retry.
"""

from django.core.cache import caches
from rest_framework.throttling import UserRateThrottle

from portal.core.failopen import FailOpenRedisCache


def count_hit(key: str, seconds: int) -> int:
    """Add one to ``key``'s counter, created to last ``seconds``; the new count."""
    cache = caches["default"]
    if isinstance(cache, FailOpenRedisCache):
        return cache.count(key, seconds)
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls: a new window
        cache.add(key, 1, seconds)
        return 1


class WindowUserRateThrottle(UserRateThrottle):
    """``UserRateThrottle`` (same scope, rate and cache key) by fixed windows."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.retry_after = (window + 1) * self.duration - now
        return count_hit(f"{self.key}:{window}", self.duration) <= self.num_requests

    def wait(self) -> float:
        return self.retry_after
