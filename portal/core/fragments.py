"""Parts of a page rendered once and reused while their inputs stay the same
(issue 11: cheaper requests).

A part is cached under a key that holds *every* input it shows, so a change
gives a new key and never a stale page: ``signature`` digests the values, and
``loaded_values`` lists what a model instance, and those loaded with it, hold.
The CSRF token differs on each response: a part is rendered with
``TOKEN_PLACEHOLDER`` in its place, and ``with_token`` puts the response's
token back.
"""

import hashlib
from typing import Any

from django.conf import settings
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
