"""The users' list and /me/ are written without the serializer (issue 11): the same
JSON as UserSerializer, the API's contract, in two queries of their own at most."""

import json

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from portal.accounts import services
from portal.accounts.api import UserSerializer
from portal.accounts.models import User
from portal.accounts.rights import Right

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_serializer_gives(user: User) -> dict:
    user = User.objects.select_related("organisation").get(pk=user.pk)
    return json.loads(JSONRenderer().render(UserSerializer(user).data))


def test_the_users_list_gives_what_the_serializer_gives(client_admin, client_user):
    client_user.rights = [Right.SEE_CONTRACT, Right.FILE_DEMANDES]
    client_user.save(update_fields=["rights"])
    invited = services.invite_user(
        actor=client_admin, organisation=client_admin.organisation, email="new@durand.test"
    )
    gone = services.invite_user(
        actor=client_admin, organisation=client_admin.organisation, email="gone@durand.test"
    )
    User.objects.filter(pk=gone.pk).update(is_active=False, activated_at="2026-01-05T10:00Z")
    results = api(client_admin).get("/api/v1/users/").json()["results"]
    assert {shown["status"] for shown in results} == {"active", "invited", "deactivated"}
    for shown in results:
        expected = as_serializer_gives(User.objects.get(public_id=shown["id"]))
        assert list(shown) == list(expected)
        assert shown == expected
    assert invited.email in {shown["email"] for shown in results}


@pytest.mark.parametrize("who", ["client_user", "client_admin", "agent"])
def test_me_gives_what_the_serializer_gives(who, request):
    user = request.getfixturevalue(who)
    shown = api(user).get("/api/v1/me/").json()
    assert shown == as_serializer_gives(user)
    assert list(shown) == list(as_serializer_gives(user))


def test_the_users_list_runs_two_queries_of_its_own_whatever_its_size(
    client_admin, django_assert_num_queries
):
    client = api(client_admin)
    client.get("/api/v1/users/")
    for number in range(3):
        with django_assert_num_queries(2):  # the count and the page
            assert len(client.get("/api/v1/users/").json()["results"]) == number + 1
        services.invite_user(
            actor=client_admin, organisation=client_admin.organisation, email=f"{number}@d.test"
        )
