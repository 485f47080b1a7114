"""The page's chrome, rendered once per distinct look (issue 11: cheaper requests).

The top bar (menu, the person's name, the logout form) and the ``<head>``'s
assets are the same on every page a person opens, yet rendering them node by
node cost about a millisecond of every request. ``{% topbar %}`` and
``{% head_assets %}`` render their templates once per distinct set of inputs
and keep the result in the process (bounded): every input is part of the key,
so a renamed person or a change of rights gives a new rendering, never a stale
one. The CSRF token, different for each response, is put in afterwards.

Built in (``TEMPLATES["OPTIONS"]["builtins"]``): no ``{% load %}`` needed.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal.core.fragments import TOKEN_PLACEHOLDER, with_token
from portal.core.navigation import label_of, reversal_context, url_of

register = template.Library()


@register.simple_tag(takes_context=True)
def topbar(context) -> SafeString:
    user = context.get("user")
    render = _topbar.__wrapped__ if settings.DEBUG else _topbar  # DEBUG: edits show at once
    if user is None or not user.is_authenticated:
        return render(reversal_context(), get_language(), None, None, ())
    organisation = user.organisation.name if user.organisation_id else None
    entries = tuple(
        (entry["name"], entry["url"], entry["active"]) for entry in context.get("nav_entries", ())
    )
    html = render(
        reversal_context(), get_language(), user.full_name or user.email, organisation, entries
    )
    return with_token(html, context)


@lru_cache(maxsize=4096)
def _topbar(_context, language, name, organisation, entries) -> SafeString:
    return get_template("core/_topbar.html").render(
        {
            "signed_in": name is not None,
            "name": name,
            "organisation": organisation,
            "entries": [
                {"url": url, "label": label_of(name), "active": active}
                for name, url, active in entries
            ],
            "home_url": url_of("home"),
            "profile_url": url_of("accounts:profile"),
            "logout_url": url_of("account_logout"),
            "csrf_token": TOKEN_PLACEHOLDER,
        }
    )


@register.simple_tag
def head_assets() -> SafeString:
    """The style sheet and htmx: static URLs, the same for the process's life."""
    render = _head_assets.__wrapped__ if settings.DEBUG else _head_assets
    return render(settings.STATIC_URL, settings.DEBUG)


@lru_cache(maxsize=8)
def _head_assets(static_url: str, debug: bool) -> SafeString:
    # Both are part of the key: htmx_script adds its debug extension under DEBUG.
    return get_template("core/_head_assets.html").render({})
