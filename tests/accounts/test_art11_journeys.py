"""Issue 10, "Accounts (art. 11)": invitations with rights, deactivation asked
for and explained, deletion that pseudonymises the author of Demandes."""

import pytest
from django.urls import reverse

from portal.accounts import services
from portal.accounts.models import Role, User
from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from support.models import Demande
from support.services import DemandeDraft, add_comment, file_demande
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_invite_form_starts_with_the_default_rights_ticked(login, client_admin):
    page = login(client_admin).get(reverse("accounts:invite")).content.decode()

    def ticked(right):
        return "checked" in page.split(f'value="{right}"', 1)[1].split(">", 1)[0]

    assert ticked("file_demandes")
    assert not ticked("manage_users")
    assert 'value="manage_documents"' not in page  # art. 11: the document space has no right


def test_inviting_a_user_without_any_right_is_refused_with_an_explanation(login, client_admin):
    response = login(client_admin).post(
        reverse("accounts:invite"),
        {
            "email": "sans-droit@durand.test",
            "first_name": "A",
            "last_name": "B",
            "role": "client_user",
        },
    )
    assert response.status_code == 200
    assert "Sans aucun droit" in response.content.decode()
    assert not User.objects.filter(email="sans-droit@durand.test").exists()


def test_removing_every_right_of_a_user_is_refused(client_admin, client_user):
    with pytest.raises(DomainError, match="Sans aucun droit"):
        services.update_access(
            actor=client_admin, user=client_user, role=Role.CLIENT_USER, rights=[]
        )
    client_user.refresh_from_db()
    assert client_user.rights


def test_an_administrator_needs_no_ticked_right(client_admin):
    user = services.invite_user(
        actor=client_admin,
        organisation=client_admin.organisation,
        email="admin2@durand.test",
        role=Role.CLIENT_ADMIN,
        rights=[],
    )
    assert user.role == Role.CLIENT_ADMIN


def test_deactivating_asks_for_confirmation_first(login, client_admin, client_user):
    client = login(client_admin)
    row = client.get(reverse("accounts:team")).content.decode()
    assert 'hx-post="' + reverse("accounts:deactivate", args=[client_user.public_id]) not in row
    page = client.get(reverse("accounts:deactivate", args=[client_user.public_id]))
    assert page.status_code == 200
    assert "déconnectée à l'instant" in page.content.decode()
    client_user.refresh_from_db()
    assert client_user.is_active
    client.post(reverse("accounts:deactivate", args=[client_user.public_id]))
    client_user.refresh_from_db()
    assert not client_user.is_active


def test_an_outsider_cannot_open_the_confirmation(login, outsider, client_user):
    response = login(outsider).get(reverse("accounts:deactivate", args=[client_user.public_id]))
    assert response.status_code == 404
    assert client_user.email not in response.content.decode()


@pytest.fixture
def author(client_admin, organisation):
    person = UserFactory(organisation=organisation, email="auteur@durand.test", last_name="Roux")
    demande = file_demande(requester=person, draft=DemandeDraft(subject="Lettrage bloqué"))
    add_comment(demande=demande, author=person, body="Toujours bloqué")
    services.update_access(
        actor=client_admin, user=person, role=Role.CLIENT_USER, rights=["file_demandes"]
    )
    return person


def test_deleting_the_author_of_demandes_pseudonymises_them(login, client_admin, author):
    demande = Demande.objects.get(requester=author)
    response = login(client_admin).post(
        reverse("accounts:delete", args=[author.public_id]), follow=True
    )
    assert "a été supprimé" in response.content.decode()
    author.refresh_from_db()
    label = f"Utilisateur supprimé n°{author.pk}"
    assert str(author) == label
    assert author.email.endswith("@invalid") and "auteur" not in author.email
    assert not author.is_active and not author.has_usable_password()
    assert author.pseudonymised_at is not None and author.phone == "" and author.rights == []
    assert Demande.objects.get(pk=demande.pk).requester_id == author.pk
    assert set(demande.events.values_list("actor_label", flat=True)) == {label}
    labels = AuditEvent.objects.values_list("actor_label", "target_label")
    assert not any("auteur@durand.test" in pair for pair in labels)
    team = login(client_admin).get(reverse("accounts:team")).content.decode()
    assert label not in team and "Roux" not in team


def test_the_address_of_a_pseudonymised_person_can_be_invited_again(client_admin, author):
    services.delete_user(actor=client_admin, user=author)
    again = services.invite_user(
        actor=client_admin, organisation=client_admin.organisation, email="auteur@durand.test"
    )
    assert again.pk != author.pk


def test_a_person_without_demandes_is_deleted_outright(client_admin, client_user):
    services.delete_user(actor=client_admin, user=client_user)
    assert not User.objects.filter(pk=client_user.pk).exists()


def _invite(client, **extra):
    return client.post(
        reverse("accounts:invite"),
        {
            "email": "nouvelle@durand.test",
            "first_name": "Léa",
            "last_name": "Petit",
            "role": "client_user",
            "rights": ["file_demandes"],
            **extra,
        },
    )


def test_inviting_past_the_named_users_ordered_warns_with_the_figures_first(
    login, client_admin, client_user
):
    from tests.subscriptions.factories import started_contract

    started_contract(client_admin.organisation, users=2)  # both already active
    client = login(client_admin)
    response = _invite(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "dépasse les utilisateurs nommés commandés" in page
    assert "commandés : 2" in page and ": 3, soit 1 de plus" in page
    assert "€ HT par mois" in page and "€ HT par trimestre" in page
    assert not User.objects.filter(email="nouvelle@durand.test").exists()
    response = _invite(client, accept_overage="1")
    assert response.status_code == 302
    assert User.objects.filter(email="nouvelle@durand.test").exists()


def test_inviting_within_the_named_users_ordered_sends_at_once(login, client_admin, client_user):
    from tests.subscriptions.factories import started_contract

    started_contract(client_admin.organisation, users=5)
    response = _invite(login(client_admin))
    assert response.status_code == 302
    assert User.objects.filter(email="nouvelle@durand.test").exists()
