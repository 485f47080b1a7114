"""Issue 14, item 2: one address identifies one person across the portal."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.accounts.services import invite_user
from portal.core.errors import DomainError
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_second_address_cannot_be_added(login, client_user):
    client = login(client_user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "admin@concurrent.test"}
    )
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email__iexact="admin@concurrent.test").exists()


def test_the_add_address_form_refuses_in_french_even_on_an_account_without_any(client_user):
    from portal.accounts.allauth_forms import NoSecondaryEmailForm

    EmailAddress.objects.filter(user=client_user).delete()
    form = NoSecondaryEmailForm(user=client_user, data={"email": "autre@concurrent.test"})
    assert not form.is_valid()
    assert "celle de l'invitation" in form.errors["email"][0]


def test_an_address_listed_on_an_account_does_not_log_it_in(client, client_user):
    """Addresses left from before (listed, unverified) never open a session."""
    EmailAddress.objects.create(user=client_user, email="autre@concurrent.test", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "autre@concurrent.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_the_account_address_still_logs_in_whatever_its_case(client, client_user):
    response = client.post(
        reverse("account_login"), {"login": client_user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("typed", ["Autre@Concurrent.TEST", "autre@concurrent.test"])
def test_an_invitation_checks_every_address(client_admin, client_user, typed):
    EmailAddress.objects.create(user=client_user, email="autre@concurrent.test", verified=False)
    with pytest.raises(DomainError, match="existe déjà"):
        invite_user(actor=client_admin, organisation=client_admin.organisation, email=typed)


def test_the_invite_page_refuses_an_address_held_by_another_account(login, client_admin, outsider):
    EmailAddress.objects.create(user=outsider, email="partagee@x.test", verified=True)
    response = login(client_admin).post(
        reverse("accounts:invite"),
        {
            "email": "PARTAGEE@x.test",
            "first_name": "A",
            "last_name": "B",
            "role": "client_user",
            "rights": ["file_demandes"],
        },
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
