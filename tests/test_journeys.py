"""The rough edges a new client meets first (issue 10, "The journeys"): home
pages that tell the truth, no dead end on "Mon abonnement", the support phone
beside the hours, invoices with the client's full postal address."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.core.dates import period_text
from support.models import Demande
from tests.subscriptions.factories import catalogue, issued_invoice
from tests.subscriptions.test_pdf import _text_of
from tests.support.factories import file

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page's words, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_administrator_home_counts_the_organisation_s_demandes(
    login, client_user, client_admin
):
    file(client_user)
    file(client_user)
    text = _text(login(client_admin).get("/"))
    assert "2 demandes en cours dans l'organisation" in text
    assert "dont 0 déposée" in text  # by the administrator themself


def test_the_home_page_writes_its_plurals(login, client_admin):
    text = _text(login(client_admin).get("/"))
    assert "(s)" not in text
    assert "1 actif, dont 1 administrateur ;" in text


@pytest.fixture
def storage_catalogue(organisation):
    return catalogue()


def test_buying_an_extension_files_the_order_in_one_step(login, client_admin, storage_catalogue):
    client = login(client_admin)
    page = _text(client.get(reverse("subscriptions:mine")))
    assert "Extension de stockage 10 Go — 20,00 € HT par mois" in page

    response = client.post(reverse("subscriptions:order_extension"), {"product": "stockage-10"})

    demande = Demande.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("support:detail", args=[demande.reference])
    assert demande.kind == Demande.Kind.CUSTOMER_SERVICE
    assert demande.category == Demande.Category.CONTRACT
    assert demande.requester == client_admin
    assert demande.subject == "Commande : Extension de stockage 10 Go"
    assert "20,00 € HT par mois" in demande.context
    assert AuditEvent.objects.filter(action="subscriptions.extension_ordered").count() == 1


def test_the_document_space_leads_to_the_order_form(login, client_admin, storage_catalogue):
    page = login(client_admin).get(reverse("documents:index"), follow=True).content.decode()
    assert 'href="/abonnement/#extension"' in page


def test_an_unknown_extension_is_a_form_error_and_files_nothing(
    login, client_admin, storage_catalogue
):
    response = login(client_admin).post(
        reverse("subscriptions:order_extension"), {"product": "bilan"}
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Demande.objects.exists()


def test_a_user_without_the_contract_right_cannot_order(login, client_user, storage_catalogue):
    response = login(client_user).post(
        reverse("subscriptions:order_extension"), {"product": "stockage-10"}
    )
    assert response.status_code == 403
    assert not Demande.objects.exists()


def test_the_outsider_orders_for_their_own_organisation_only(
    login, outsider, client_admin, storage_catalogue
):
    login(outsider).post(reverse("subscriptions:order_extension"), {"product": "stockage-10"})
    demande = Demande.objects.get()
    assert demande.organisation == outsider.organisation
    assert demande.organisation != client_admin.organisation
    assert "Commande" not in _text(login(client_admin).get(reverse("support:list")))


@override_settings(SUPPORT_PHONE="04 72 00 00 00")
def test_the_support_phone_is_shown_with_the_hours(login, client_user):
    text = _text(login(client_user).get(reverse("support:create")))
    assert "04 72 00 00 00" in text


def test_the_invoice_shows_the_client_s_full_postal_address(login, client_admin, organisation):
    organisation.address = "12 rue de la République"
    organisation.postal_code = "69002"
    organisation.save(update_fields=["address", "postal_code"])
    invoice = issued_invoice(organisation)
    client = login(client_admin)

    page = _text(client.get(reverse("subscriptions:invoice", args=[invoice.public_id])))
    pdf = _text_of(
        client.get(reverse("subscriptions:invoice_pdf", args=[invoice.public_id])).content
    )

    period = period_text(invoice.period_start, invoice.period_last_day)
    assert period in page and period in pdf  # one wording on both
    assert "12 rue de la République, 69002 Lyon" in page
    assert "12 rue de la R" in pdf and "69002 Lyon" in pdf
