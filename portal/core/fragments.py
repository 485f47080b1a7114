"""Parts of a page rendered once and reused while their inputs stay the same
(issue 11: cheaper requests).

A part is cached under a key that holds *every* input it shows, so a change
gives a new key and never a stale page: ``signature`` digests the values, and
``loaded_values`` lists what a model instance, and those loaded with it, hold.
The CSRF token differs on each response: a part is rendered with
``TOKEN_PLACEHOLDER`` in its place, and ``with_token`` puts the response's
token back.

``cached(key, seconds, compute)`` is the one way such a value is kept: in the
shared cache (Redis: every process and machine), and in the process itself
for the parts it served lately. A key's value does not change during its
life, so the process's copy needs no invalidation; it keeps the expiry the
shared entry was given, so a bound stated for a part (``CACHED_PARTS_SECONDS``,
``CACHED_LISTS_SECONDS``) holds for both. A part read in the process costs no
round trip to Redis and no unpickling (~0.15 ms each, issue 11).
"""

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.utils.crypto import salted_hmac
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _placeholder(secret: str) -> str:
    """Derived from SECRET_KEY: the same in every process sharing the cache, and
    not a string a person could write into a comment to have the token printed there."""
    return "csrf-" + salted_hmac("portal.fragments", "csrf-token", secret=secret).hexdigest()[:24]


#: Stands for the response's CSRF token in a cached rendering.
TOKEN_PLACEHOLDER = _placeholder(settings.SECRET_KEY)


def with_token(html: str, context: Any) -> SafeString:
    """``html`` (a rendered template) with the response's CSRF token in place."""
    if TOKEN_PLACEHOLDER not in html:
        return mark_safe(html)  # noqa: S308 — a rendered template
    token = conditional_escape(str(context.get("csrf_token", "")))
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, token))  # noqa: S308 — rendered, token escaped


def loaded_values(instance: Model | None) -> Any:
    """Every value loaded on ``instance`` and on the related rows loaded with it
    (``select_related``), annotations included: what its page may show."""
    if instance is None:
        return None
    own = sorted(
        (name, value)
        for name, value in vars(instance).items()
        if name not in ("_state", "_prefetched_objects_cache")
    )
    related = sorted(
        (name, loaded_values(row)) for name, row in instance._state.fields_cache.items()
    )
    return own, related


def signature(*values: Any) -> str:
    """A short digest of ``values`` (their ``repr``), for a cache key."""
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


T = TypeVar("T")

#: How many parts a process keeps (the least recently used go first).
LOCAL_PARTS = 256


class _Recent:
    """The parts this process served lately, each with its expiry (a wall-clock time)."""

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: str, now: float) -> tuple[float, Any] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] <= now:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item

    def put(self, key: str, item: tuple[float, Any]) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_RECENT = _Recent(LOCAL_PARTS)


def cached(key: str, seconds: int, compute: Callable[[], T]) -> T:
    """The value kept under ``key``, computed by ``compute()`` when there is none
    (see the module docstring); it lives ``seconds`` from when it was computed."""
    now = time.time()
    item = _RECENT.get(key, now)
    if item is None:
        item = cache.get(key)
        if item is None or item[0] <= now:
            item = (now + seconds, compute())
            cache.set(key, item, seconds)
        _RECENT.put(key, item)
    return item[1]


def forget_recent() -> None:
    """Empty this process's copies (with ``cache.clear()``, in tests)."""
    _RECENT.clear()
