"""The API's rate limit by fixed windows (portal/core/throttling.py): one round
trip to Redis per request, the limit kept, nothing limited when Redis is down."""

import uuid

import pytest
from django.core.cache import cache

from portal.core import failopen
from portal.core.failopen import FailOpenRedisCache
from portal.core.throttling import count_hit
from tests.celery_helpers import redis_url


@pytest.fixture(autouse=True)
def _closed_breaker():
    failopen.CACHE_BREAKER.reset()
    yield
    failopen.CACHE_BREAKER.reset()


def test_a_counter_on_redis_counts_and_expires_with_its_window():
    redis_cache = FailOpenRedisCache(redis_url(), {})
    key = f"throttle-test-{uuid.uuid4().hex}"
    assert [redis_cache.count(key, 60) for _ in range(3)] == [1, 2, 3]
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_and_validate_key(key)) <= 60
    assert redis_cache.get(key) == 3  # Django's own reading of the counter


def test_a_dead_redis_counts_nothing_and_so_limits_nothing():
    dead = FailOpenRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert dead.count("k", 60) == 0
    assert failopen.CACHE_BREAKER.is_open


def test_another_cache_counts_with_add_and_incr():
    key = f"throttle-test-{uuid.uuid4().hex}"
    assert [count_hit(key, 60) for _ in range(3)] == [1, 2, 3]
    assert cache.get(key) == 3
