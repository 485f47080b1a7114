from datetime import date

import pytest
import time_machine
from django.urls import reverse

from portal.accounts.rights import Right
from subscriptions.models import Contract, Overage
from tests.factories import UserFactory
from tests.subscriptions.factories import (
    add_line,
    catalogue,
    issued_invoice,
    open_overage,
    started_contract,
)

TODAY = "2025-03-10 10:00 +01:00"


@pytest.fixture
def invoice(organisation):
    return issued_invoice(organisation)


@time_machine.travel(TODAY, tick=False)
def test_mine_shows_the_notice_deadline_in_plain_words(login, client_admin, client_user, invoice):
    response = login(client_admin).get(reverse("subscriptions:mine"))
    body = response.content.decode()
    assert (
        "Pour ne pas renouveler, votre lettre recommandée doit nous parvenir au plus tard le "
        "31 octobre 2027." in body
    )
    assert "2 actifs pour 2 commandés" in body  # named users
    assert "utilisés sur 10 Go" in body  # the documents page writes sizes the same way
    assert invoice.number in body
    assert "30 avril 2025" in body  # next invoice


@time_machine.travel(TODAY, tick=False)
def test_a_user_with_the_right_sees_the_contract(login, client_user, invoice):
    client_user.rights = [Right.SEE_CONTRACT]
    client_user.save()
    assert login(client_user).get(reverse("subscriptions:mine")).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_mine_shows_a_given_notice(login, client_admin, organisation):
    contract = started_contract(organisation)
    contract.ends_on = date(2028, 1, 31)
    contract.notice_received_on = date(2025, 3, 1)
    contract.notice_party = Contract.Party.CLIENT
    contract.save()
    body = login(client_admin).get(reverse("subscriptions:mine")).content.decode()
    assert "prend fin le 30 janvier 2028 au soir" in body


@time_machine.travel(TODAY, tick=False)
def test_a_pending_contract_says_so(login, client_admin, organisation):
    body = login(client_admin).get(reverse("subscriptions:mine")).content.decode()
    assert "En attente des codes d&#x27;accès" in body


@time_machine.travel(TODAY, tick=False)
def test_mine_queries_are_bounded(login, client_admin, organisation, django_assert_max_num_queries):
    contract = started_contract(organisation)
    products = {p.code: p for p in contract.products.model.objects.all()}
    for _ in range(10):
        add_line(contract, products["bilan"], 1)
    client = login(client_admin)
    with django_assert_max_num_queries(20):
        client.get(reverse("subscriptions:mine"))


@time_machine.travel(TODAY, tick=False)
def test_the_invoice_pdf_is_a_pdf(login, client_admin, invoice):
    response = login(client_admin).get(
        reverse("subscriptions:invoice_pdf", kwargs={"public_id": invoice.public_id})
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="facture-{invoice.number}.pdf"' in response["Content-Disposition"]


@time_machine.travel(TODAY, tick=False)
def test_another_organisation_gets_404_on_an_invoice(login, outsider, invoice):
    for name in ["subscriptions:invoice", "subscriptions:invoice_pdf"]:
        response = login(outsider).get(reverse(name, kwargs={"public_id": invoice.public_id}))
        assert response.status_code == 404


# Vendor pages ------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_vendor_records_an_order_with_its_pack(login, vendor_admin, organisation):
    contract = started_contract(organisation)
    products = {p.code: p for p in contract.products.model.objects.all()}
    url = reverse("subscriptions:vendor_order", kwargs={"public_id": organisation.public_id})
    response = login(vendor_admin).post(
        url, {"product_0": products["data-ouverture"].pk, "quantity_0": 1}
    )
    assert response.status_code == 200
    assert "article 17" in response.content.decode()
    response = login(vendor_admin).post(
        url, {"product_0": products["data-ouverture"].pk, "quantity_0": 2}
    )
    assert response.status_code == 302
    assert contract.lines.filter(product=products["data-ouverture"]).exists()


@time_machine.travel(TODAY, tick=False)
def test_vendor_records_access_codes(login, vendor_admin, organisation):
    catalogue()
    contract = organisation.contract
    products = {p.code: p for p in contract.products.model.objects.all()}
    add_line(contract, products["cegid-expert"], 1)
    add_line(contract, products["m365"], 1)
    url = reverse("subscriptions:vendor_access_codes", kwargs={"public_id": organisation.public_id})
    response = login(vendor_admin).post(url, {"sent_on": "2025-03-03"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.access_codes_sent_on == date(2025, 3, 3)


@time_machine.travel("2027-11-02 10:00 +01:00", tick=False)
def test_a_late_notice_is_recorded_and_the_page_says_the_end_date(
    login, vendor_admin, organisation
):
    contract = started_contract(organisation)
    page_url = reverse(
        "subscriptions:vendor_contract", kwargs={"public_id": organisation.public_id}
    )
    client = login(vendor_admin)
    before = client.get(page_url).content.decode()
    assert "La date limite du 31 octobre 2027 est passée" in before
    assert "prendra fin le 30 janvier 2029 au soir" in before
    url = reverse("subscriptions:vendor_notice", kwargs={"public_id": organisation.public_id})
    response = client.post(url, {"party": "client", "received_on": "2027-11-01"}, follow=True)
    page = response.content.decode()
    assert "enregistré pour la période suivante" in page
    assert "Le contrat prend fin le 30 janvier 2029 au soir" in page
    contract.refresh_from_db()
    assert contract.ends_on == date(2029, 1, 31)


@time_machine.travel("2027-09-01 10:00 +02:00", tick=False)
def test_the_notice_list_shows_contracts_due_within_90_days(
    login, vendor_admin, organisation, other_organisation
):
    started_contract(organisation)  # deadline 31 Oct 2027
    started_contract(other_organisation, first=date(2025, 6, 30))  # deadline 30 Mar 2028
    body = login(vendor_admin).get(reverse("subscriptions:vendor_notice_deadlines")).content
    body = body.decode()
    assert organisation.name in body and "31 octobre 2027" in body
    assert other_organisation.name not in body


@time_machine.travel(TODAY, tick=False)
def test_vendor_confirms_an_overage(login, vendor_admin, client_admin, client_user, organisation):
    started_contract(organisation)
    UserFactory(organisation=organisation)
    from subscriptions import services

    [overage] = services.detect_overages(contract_id=organisation.contract.pk)
    client = login(vendor_admin)
    assert (
        organisation.name in client.get(reverse("subscriptions:vendor_overages")).content.decode()
    )
    response = client.post(
        reverse("subscriptions:vendor_confirm_overage", kwargs={"public_id": overage.public_id}),
        follow=True,
    )
    assert "Prix actualisé : 555,00 € HT → 832,50 € HT par trimestre" in response.content.decode()
    overage.refresh_from_db()
    assert overage.status == Overage.Status.CONFIRMED


@time_machine.travel(TODAY, tick=False)
def test_the_client_admin_sees_an_overage(login, client_admin, organisation):
    open_overage(organisation)
    body = login(client_admin).get(reverse("subscriptions:mine")).content.decode()
    assert "À confirmer" in body


@time_machine.travel("2027-11-02 10:00 +01:00", tick=False)
def test_mine_says_when_the_deadline_of_the_current_period_has_passed(
    login, client_admin, organisation
):
    started_contract(organisation)
    body = login(client_admin).get(reverse("subscriptions:mine")).content.decode()
    assert (
        "a expiré le 31 octobre 2027 : votre abonnement sera reconduit le 31 janvier 2028" in body
    )
    assert "au plus tard le 31 octobre 2028." in body
    assert "2 utilisateurs nommés" in body


@time_machine.travel(TODAY, tick=False)
def test_the_home_card_shows_the_deadline_and_overages(login, client_admin, organisation):
    open_overage(organisation)
    body = login(client_admin).get(reverse("home")).content.decode()
    assert "lettre recommandée au plus tard le 31 octobre 2027" in body
    assert "1 dépassement de votre abonnement constaté." in body


@time_machine.travel(TODAY, tick=False)
def test_the_home_card_is_hidden_without_the_right(login, client_user, organisation):
    started_contract(organisation)
    body = login(client_user).get(reverse("home")).content.decode()
    assert "Mon abonnement" not in body


@time_machine.travel(TODAY, tick=False)
def test_vendor_searches_contracts_by_organisation_name(
    login, vendor_admin, organisation, other_organisation
):
    url = reverse("subscriptions:vendor_contracts")
    body = login(vendor_admin).get(url, {"q": organisation.name[:6]}).content.decode()
    assert organisation.name in body and other_organisation.name not in body
