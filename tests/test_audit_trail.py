"""The trail client administrators read (art. 11): readable French labels, and
nothing of the vendor's internal notes."""

import pytest
from django.urls import reverse

from portal.audit.actions import label

pytestmark = pytest.mark.django_db


def test_every_app_s_actions_read_in_french():
    assert label("user.deactivated") == "Compte désactivé"
    assert label("document.uploaded") == "Document déposé"
    assert label("support.taken_in_charge") == "Prise en charge"
    assert label("subscriptions.invoice_issued") == "Facture émise"


def test_internal_notes_stay_out_of_the_client_trail(login, client_admin, client_user, agent):
    from support.services import DemandeDraft, add_comment, file_demande, take_in_charge

    demande = file_demande(requester=client_user, draft=DemandeDraft(subject="Import bloqué"))
    take_in_charge(demande=demande, agent=agent)
    add_comment(demande=demande, author=agent, body="Voir avec le niveau 2", internal=True)
    body = login(client_admin).get(reverse("audit:trail")).content.decode()
    assert "Prise en charge" in body
    assert "Note interne" not in body
