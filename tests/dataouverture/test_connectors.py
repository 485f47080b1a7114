"""Connectors of the ecosystem (art. 17, 4.): catalogue, refusal without the pack, requests."""

import pytest

from dataouverture.models import Connector
from subscriptions.models import Product
from support.models import Demande
from tests.dataouverture.conftest import give_pack
from tests.subscriptions.factories import catalogue, started_contract

pytestmark = pytest.mark.django_db


def connector(code, package, name):
    return Connector.objects.create(
        partner="Partenaire",
        name=name,
        product=Product.objects.get(code=code),
        package=package,
        description="Fait des choses utiles.",
    )


@pytest.fixture
def catalogue_of_connectors(organisation):
    catalogue()
    started_contract(organisation, users=3)
    Product.objects.create(code="module-paie", name="Module Paie", kind=Product.Kind.MODULE)
    return {
        "standard": connector("cegid-expert", Connector.Package.STANDARD, "Banque"),
        "pack": connector("cegid-expert", Connector.Package.DATA_OUVERTURE, "Notes de frais"),
        "other": connector("module-paie", Connector.Package.STANDARD, "Synchro RH"),
    }


def test_clients_see_connectors_of_products_they_hold(
    client, client_admin, catalogue_of_connectors
):
    client.force_login(client_admin)
    page = client.get("/data-ouverture/connecteurs/").content.decode()
    assert "Banque" in page and "Notes de frais" in page
    assert "Synchro RH" not in page  # Module Paie is not on the contract
    assert "tel quel" in page and "à votre charge" in page  # the booklet's warnings


def test_a_pack_connector_without_the_pack_is_refused_with_the_quantity(
    client, client_admin, catalogue_of_connectors
):
    client.force_login(client_admin)
    pack_connector = catalogue_of_connectors["pack"]
    response = client.post(f"/data-ouverture/connecteurs/{pack_connector.public_id}/activer/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Package Data Ouverture" in page and "3 utilisateur(s)" in page
    assert "Demander le pack au service client" in page
    assert not Demande.objects.exists()


def test_a_standard_connector_request_becomes_a_customer_service_demande(
    client, client_admin, catalogue_of_connectors
):
    client.force_login(client_admin)
    standard = catalogue_of_connectors["standard"]
    response = client.post(f"/data-ouverture/connecteurs/{standard.public_id}/activer/")
    assert response.status_code == 302
    demande = Demande.objects.get()
    assert demande.kind == Demande.Kind.CUSTOMER_SERVICE
    assert "Banque" in demande.subject


def test_with_the_pack_a_pack_connector_can_be_requested(
    client, client_admin, organisation, catalogue_of_connectors
):
    give_pack(organisation, users=3)
    client.force_login(client_admin)
    pack_connector = catalogue_of_connectors["pack"]
    response = client.post(f"/data-ouverture/connecteurs/{pack_connector.public_id}/activer/")
    assert response.status_code == 302
    assert Demande.objects.filter(subject__contains="Notes de frais").exists()


def test_ordering_the_pack_files_a_demande_with_the_required_quantity(
    client, client_admin, catalogue_of_connectors
):
    client.force_login(client_admin)
    response = client.post("/data-ouverture/commander/")
    assert response.status_code == 302
    demande = Demande.objects.get()
    assert demande.category == Demande.Category.CONTRACT
    assert "3 utilisateur(s)" in demande.context


def test_the_outsider_cannot_request_our_products_connector(
    client, outsider, catalogue_of_connectors
):
    client.force_login(outsider)
    other = catalogue_of_connectors["other"]
    response = client.post(f"/data-ouverture/connecteurs/{other.public_id}/activer/")
    assert response.status_code == 404
