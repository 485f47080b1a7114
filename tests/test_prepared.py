"""Queries compiled once (portal/core/prepared.py) give what the ORM gives (issue 11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from portal.accounts.api_auth import TOKEN
from portal.accounts.backends import SESSION_USER, signed_in_users
from portal.accounts.models import User
from portal.core.prepared import Param, PreparedQuery, PreparedRows
from support.selectors import support_agent_names, support_agents
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_session_user_is_the_orm_user_with_organisation_and_totp_flag(client_user, agent):
    for person, has_totp in ((client_user, False), (agent, True)):
        expected = signed_in_users().get(pk=person.pk)
        with CaptureQueriesContext(connection) as queries:
            user = SESSION_USER.first(person.pk)
            organisation = user.organisation
        assert len(queries) == 1
        assert _fields(user) == _fields(expected)
        assert user.has_totp is has_totp
        if person.organisation_id:
            assert _fields(organisation) == _fields(expected.organisation)
        else:
            assert organisation is None


def test_an_unknown_id_gives_none():
    assert SESSION_USER.first(987654) is None


def test_the_token_brings_its_user_and_organisation_in_one_query(client_admin):
    token = Token.objects.create(user=client_admin)
    with CaptureQueriesContext(connection) as queries:
        found = TOKEN.first(token.key)
        assert found.user.organisation.name == client_admin.organisation.name
    assert len(queries) == 1
    assert found.user == client_admin and found.user_has_totp is False
    assert TOKEN.first("0" * 40) is None


def test_several_rows_and_the_parameter_order(client_user, client_admin):
    people = PreparedQuery(
        lambda organisation, role: User.objects.filter(
            organisation_id=organisation, role=role
        ).order_by("pk"),
        Param(-1),
        Param("prepared-sample-role"),
    )
    assert people.all(client_user.organisation_id, client_user.role) == [client_user]
    assert people.all(client_admin.organisation_id, client_admin.role) == [client_admin]


def test_a_sample_must_occur_once_in_the_parameters():
    twice = PreparedQuery(lambda pk: User.objects.filter(pk=pk, id=pk), Param(-5))
    with pytest.raises(ValueError):
        twice.first(1)


def test_sessions_are_read_from_the_database_by_the_prepared_query():
    from datetime import timedelta

    from django.utils import timezone

    from portal.core.sessions import SessionStore

    store = SessionStore()
    store["answer"] = 42
    store.save()
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(store.session_key)["answer"] == 42
    assert len(queries) == 1
    assert SessionStore("x" * 32).load() == {}

    row = SessionStore.get_model_class().objects.get(session_key=store.session_key)
    row.expire_date = timezone.now() - timedelta(seconds=1)
    row.save()
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None


def test_prepared_rows_are_the_orm_values_with_their_converters(agent, vendor_admin, client_user):
    """UUIDs come back as UUIDs on SQLite too; a parameter picks the rows."""
    staff = PreparedRows(
        lambda role: (
            User.objects.filter(role=role).order_by("email").values_list("public_id", "email")
        ),
        Param("~role~"),
    )
    for role in ("agent", "vendor_admin", "client_user"):
        with CaptureQueriesContext(connection) as queries:
            rows = staff.rows(role)
        assert len(queries) == 1
        expected = (
            User.objects.filter(role=role).order_by("email").values_list("public_id", "email")
        )
        assert rows == list(expected) and rows
    assert support_agent_names() == list(
        support_agents().values_list("public_id", "first_name", "last_name", "email")
    )


def test_listed_members_are_members_of_in_windows(client_admin, client_user, outsider):
    from portal.accounts.selectors import ListedMembers, members_of

    organisation = client_admin.organisation
    client_user.pseudonymised_at = client_user.date_joined
    client_user.save()
    UserFactory(organisation=organisation, email="troisieme@durand.test")
    listed = ListedMembers(organisation.pk)
    expected = list(members_of(organisation))
    assert listed.count() == len(expected) == 2
    assert [m.pk for m in listed[0:1] + listed[1:2]] == [m.pk for m in expected]
    assert [m.email for m in listed[0:50]] == [m.email for m in expected]
    assert ListedMembers(-1).count() == 0 and ListedMembers(-1)[0:50] == []
