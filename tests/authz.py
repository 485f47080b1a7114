"""Shared vocabulary of the authorization matrix (roles, expected-status rows).

Apps' ``tests/<app>/matrix.py`` import from here.
"""

ROLES = ["anonymous", "client_user", "client_admin", "outsider", "agent", "vendor_admin"]


def member_kwargs(cast):
    return {"public_id": cast["client_user"].public_id}


def organisation_kwargs(cast):
    return {"public_id": cast["client_admin"].organisation.public_id}


def statuses(anonymous, client_user, client_admin, outsider, agent, vendor_admin):
    return dict(
        zip(
            ROLES,
            [anonymous, client_user, client_admin, outsider, agent, vendor_admin],
            strict=True,
        )
    )


ANY_SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
MANAGERS = statuses(302, 403, 200, 200, 403, 403)
MEMBER_OBJECT = statuses(302, 403, 200, 404, 403, 403)
MEMBER_ACTION = statuses(302, 403, 302, 404, 403, 403)
ADMINS = statuses(302, 403, 200, 200, 403, 403)
VENDOR = statuses(302, 403, 403, 403, 403, 200)
CLIENTS = statuses(302, 200, 200, 200, 403, 403)
API_ANY = statuses(403, 200, 200, 200, 200, 200)
API_MANAGERS = statuses(403, 403, 200, 200, 403, 403)
API_MEMBER = statuses(403, 403, 200, 404, 403, 403)


# --- Every URL for a person who must use MFA and has not set it up -----------
# Not a column of the matrix rows: a walk over every resolved URL pattern
# (the project's, allauth's, the admin's), so that new URLs are covered
# without anyone adding a row (see ``test_mfa_pending_*``).

SAMPLE_VALUES = (
    "00000000-0000-4000-8000-000000000000",
    "D-2026-000001",
    "json",
    "2026",
    "x",
)
_CONVERTER_SAMPLES = {"uuid": SAMPLE_VALUES[0], "int": "2026", "path": "1", "slug": "x", "str": "x"}


def _fill_route(route: str) -> str | None:
    import re

    def sample(match):
        converter = match.group(1) or "str"
        return _CONVERTER_SAMPLES.get(converter, "")

    if "drf_format_suffix" in route:
        return None
    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def _fill_regex(regex: str) -> str:
    import re

    def sample(match):
        group = match.group(1)
        for value in SAMPLE_VALUES:
            if re.fullmatch(group, value):
                return value
        return "x"

    filled = re.sub(r"\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)", sample, regex)
    return filled.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")


def every_concrete_path():
    """(path, url name) for every URL pattern, parameters filled with sample values."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.resolvers import RegexPattern

    def walk(patterns, prefix):
        for pattern in patterns:
            piece = (
                _fill_regex(pattern.pattern._regex)
                if isinstance(pattern.pattern, RegexPattern)
                else _fill_route(str(pattern.pattern))
            )
            if piece is None:
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + piece)
            elif isinstance(pattern, URLPattern):
                yield "/" + prefix + piece, pattern.name

    seen = set()
    for path, name in walk(get_resolver().url_patterns, ""):
        if path not in seen:
            seen.add(path)
            yield path, name
