"""A read-only page writes nothing: session activity at most every 5 minutes (issue 11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_session_is_recorded_once_then_pages_do_not_write_it(client, client_user):
    from allauth.usersessions.models import UserSession

    client.post(reverse("account_login"), {"login": client_user.email, "password": PASSWORD})
    client.get(reverse("home"))
    assert UserSession.objects.filter(user=client_user).count() == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    touched = [q["sql"] for q in queries if "usersessions_usersession" in q["sql"]]
    assert touched == []
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
