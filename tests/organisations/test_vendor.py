import html

import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.organisations import services
from portal.organisations.models import Organisation, validate_siren
from portal.organisations.selectors import organisations_overview
from subscriptions.models import Formula

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Menuiserie Leroy",
    "siren": "732829320",
    "kind": Organisation.Kind.CLIENT,
    "formula": Formula.PRIVATE,
    "support_started_on": "2026-01-05",
    "address": "5 rue des Artisans",
    "postal_code": "69003",
    "city": "Lyon",
    "admin_email": "direction@leroy.test",
    "admin_first_name": "Jeanne",
    "admin_last_name": "Leroy",
}


def test_the_vendor_creates_an_organisation_and_its_first_admin(
    login, vendor_admin, send_queued_emails
):
    response = login(vendor_admin).post(reverse("organisations:vendor_create"), FORM, follow=True)
    assert "Organisation « Menuiserie Leroy » créée" in response.content.decode()
    organisation = Organisation.objects.get(siren="732829320")
    assert organisation.contract.formula == Formula.PRIVATE
    admin = User.objects.get(email="direction@leroy.test")
    assert admin.role == Role.CLIENT_ADMIN and admin.status == User.Status.INVITED
    send_queued_emails()
    assert mail.outbox[0].to == ["direction@leroy.test"]
    assert AuditEvent.objects.filter(organisation=organisation, action="organisation.created")


def test_a_bad_siren_is_a_form_error_and_nothing_is_created(login, vendor_admin):
    response = login(vendor_admin).post(
        reverse("organisations:vendor_create"), {**FORM, "siren": "123456789"}
    )
    assert "clé de contrôle" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_postal_address_is_required_for_the_invoices(login, vendor_admin):
    response = login(vendor_admin).post(
        reverse("organisations:vendor_create"), {**FORM, "address": "", "postal_code": ""}
    )
    assert response.status_code == 200
    assert response.content.decode().count("Ce champ est obligatoire.") == 2
    assert not Organisation.objects.filter(siren="732829320").exists()


def test_a_taken_admin_email_creates_nothing(login, vendor_admin, client_user):
    response = login(vendor_admin).post(
        reverse("organisations:vendor_create"), {**FORM, "admin_email": client_user.email}
    )
    assert "Un compte existe déjà" in response.content.decode()
    assert not Organisation.objects.filter(siren="732829320").exists()


def test_only_vendor_admins_create_organisations(client_admin):
    with pytest.raises(DomainError):
        services.create_organisation(
            actor=client_admin,
            name="X",
            siren="732829320",
            kind="client",
            formula="open",
            admin_email="x@x.test",
        )


def test_siren_validation():
    validate_siren("732829320")
    for bad in ["73282932", "abcdefghi", "732829321"]:
        with pytest.raises(Exception):  # noqa: B017
            validate_siren(bad)


def test_accounting_firms_hold_dossiers(client_admin, vendor_admin, organisation):
    with pytest.raises(DomainError):
        services.create_dossier(
            actor=client_admin, organisation=organisation, reference="A", name="B"
        )
    organisation.kind = Organisation.Kind.ACCOUNTING_FIRM
    organisation.save()
    dossier = services.create_dossier(
        actor=client_admin, organisation=organisation, reference="CLI-1", name="SARL Test"
    )
    assert str(dossier) == "CLI-1 — SARL Test"
    with pytest.raises(DomainError):
        services.create_dossier(
            actor=client_admin, organisation=organisation, reference="CLI-1", name="Doublon"
        )


def test_the_vendor_list_costs_the_same_queries_whatever_its_size(login, vendor_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory, UserFactory

    client = login(vendor_admin)

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("organisations:vendor_list")).status_code == 200
        return len(captured)

    for organisation in OrganisationFactory.create_batch(3):
        UserFactory(organisation=organisation)
    queries_for_page()  # warm up: the first request records the session
    small = queries_for_page()
    for organisation in OrganisationFactory.create_batch(20):
        UserFactory(organisation=organisation)
    assert organisations_overview().count() == 23
    assert queries_for_page() == small


def test_the_vendor_invites_another_administrator(login, vendor_admin, organisation):
    response = login(vendor_admin).post(
        reverse("organisations:vendor_detail", args=[organisation.public_id]),
        {"email": "second@durand.test", "first_name": "Luc", "last_name": "Mas"},
        follow=True,
    )
    body = html.unescape(response.content.decode())
    assert "Invitation d'administrateur envoyée à second@durand.test" in body
    assert User.objects.get(email="second@durand.test").role == Role.CLIENT_ADMIN
