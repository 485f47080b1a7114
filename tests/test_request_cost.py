"""Cheaper requests (issue 11): a page view writes nothing, and what every signed-in
page costs beyond its own queries is pinned.

On SQLite a write on a read-only page takes the database's write lock (``BEGIN
IMMEDIATE``): every page view would queue behind every other. The session
activity is recorded at most every 5 minutes (portal/core/session_activity.py),
so after a signed-in person's first request, reading pages — every entry of
their navigation, a Demande, the API lists — must issue no INSERT, UPDATE,
DELETE, nor open a transaction (a SAVEPOINT inside the test's transaction).
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from portal.core.navigation import entries_for
from tests.support.factories import file

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN|SAVEPOINT)\b", re.IGNORECASE)
TABLE = re.compile(r'\bFROM "?(\w+)"?', re.IGNORECASE)
#: Issue 11: at most 8 SQL queries for a signed-in page beyond its own.
MAX_OVERHEAD = 8
API_LISTS = ("api:demande-list", "api:user-list", "api:incident-list", "api:me")
ROLES = ("client_user", "client_admin", "agent", "vendor_admin")
#: Pages that create what they show on a person's first visit, once (art. 11:
#: the shared and private folders of the document space, portal/documents/services.py).
FIRST_USE_WRITES = {"documents:index"}


def _writes(captured) -> list[str]:
    return [query["sql"] for query in captured if WRITE.match(query["sql"])]


def _main_table(sql: str) -> str | None:
    """The table of the query's own FROM, not of a subquery in parentheses."""
    for match in TABLE.finditer(sql):
        before = sql[: match.start()]
        if before.count("(") == before.count(")"):
            return match.group(1)
    return None


def _tables(captured) -> list[str]:
    return [table for query in captured if (table := _main_table(query["sql"]))]


def _pages_of(user, demande) -> list[str]:
    """Every page of the person's navigation, and a Demande they may open."""
    urls = [entry["url"] for entry in entries_for(user, "/")]
    if user.is_client or user.is_vendor_staff:
        urls.append(reverse("support:detail", args=[demande.reference]))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_reading_pages_writes_nothing(client, cast, role):
    user = cast[role]
    demande = file(cast["client_user"])
    client.force_login(user)
    client.get(reverse("home"))  # the session's activity: recorded once per 5 minutes
    first_use = {reverse(name) for name in FIRST_USE_WRITES}
    for url in _pages_of(user, demande):
        if url in first_use:
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert _writes(captured) == [], url


@pytest.mark.parametrize("role", ("client_user", "client_admin", "agent"))
def test_reading_the_api_writes_nothing(client, cast, role):
    user = cast[role]
    file(cast["client_user"])
    token = Token.objects.create(user=user)
    headers = {"Authorization": f"Token {token.key}"}
    client.get(reverse("api:me"), headers=headers)  # the throttle's first count
    for name in API_LISTS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name), headers=headers)
        assert response.status_code in (200, 403), name  # users: administrators only
        assert _writes(captured) == [], name


# --- what every signed-in page costs ------------------------------------------------

#: Tables read by the middleware, context processors and base template of an
#: empty page: the session, then the user once — with their organisation (the
#: header shows its name, the MFA check reads its switch) and whether they set
#: up TOTP (mandatory for vendor staff), in the same query
#: (portal/accounts/backends.py).
OVERHEAD = ["django_session", "accounts_user"]


@pytest.mark.urls("tests.request_cost_urls")
@pytest.mark.parametrize("role", ROLES)
def test_a_signed_in_page_costs_a_pinned_number_of_queries(client, cast, role):
    client.force_login(cast[role])
    client.get("/__page-vide__/")  # session activity, recorded once
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/__page-vide__/")
    assert response.status_code == 200
    assert "Menu" in response.content.decode()  # the navigation was rendered
    assert _tables(captured) == OVERHEAD
    assert len(captured) <= MAX_OVERHEAD
    assert _tables(captured).count("accounts_user") == 1  # no second read of the user


@pytest.mark.urls("tests.request_cost_urls")
def test_mfa_required_by_the_organisation_adds_no_query(client, client_user):
    organisation = client_user.organisation
    organisation.mfa_required = True
    organisation.save(update_fields=["mfa_required"])
    from allauth.mfa.totp.internal.auth import TOTP

    from portal.core.demo import DEMO_TOTP_SECRET

    TOTP.activate(client_user, DEMO_TOTP_SECRET)
    client.force_login(client_user)
    client.get("/__page-vide__/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/__page-vide__/").status_code == 200
    assert _tables(captured) == OVERHEAD


@pytest.mark.urls("tests.request_cost_urls")
def test_the_view_reads_the_user_itself_not_a_lazy_stand_in(client, client_user):
    """Each read of a lazy request.user runs Python code; a page reads it ~60 times."""
    client.force_login(client_user)
    response = client.get("/__page-vide__/")
    assert type(response.wsgi_request.user) is type(client_user)
    assert response.wsgi_request.user.pk == client_user.pk
    client.logout()
    response = client.get(reverse("account_login"))
    assert not response.wsgi_request.user.is_authenticated


def test_the_session_activity_is_written_once_per_interval(client, client_user):
    """The first request records the session (allauth's sessions list); the next ones do not."""
    from allauth.usersessions.models import UserSession

    client.force_login(client_user)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    assert UserSession.objects.filter(user=client_user).count() == 1
    assert _writes(first) != []
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("home"))
    assert _writes(second) == []


def test_the_session_activity_is_written_again_after_the_interval(client, client_user):
    """The process's own memory of marked sessions expires with the interval, as
    the cache's mark does."""
    import time_machine
    from allauth.usersessions.models import UserSession

    from portal.core.session_activity import INTERVAL

    client.force_login(client_user)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.get(reverse("home"))
        seen = UserSession.objects.get(user=client_user).last_seen_at
        traveller.shift(INTERVAL + 1)
        # Redis expires its mark on its own clock, which the test cannot travel.
        cache.delete(f"usersession-seen:{client.session.session_key}")
        with CaptureQueriesContext(connection) as later:
            client.get(reverse("home"))
    assert _writes(later) != []
    assert UserSession.objects.get(user=client_user).last_seen_at > seen
