"""Art. 17: ordering the pack opens its services; ending its line withdraws them at once."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from dataouverture.models import ApiCredential, SavedQuery
from dataouverture.pack import has_pack, pack_status
from portal.audit.models import AuditEvent
from subscriptions import services as contracts
from subscriptions.models import Product
from tests.dataouverture.conftest import give_pack
from tests.subscriptions.factories import catalogue, started_contract

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_it_holds_no_pack_without_the_line(organisation):
    catalogue()
    started_contract(organisation, users=3)
    status = pack_status(organisation)
    assert not status.held
    assert status.required_quantity == 3  # the quantity of Cegid Expert (art. 17)


def test_a_pending_contract_does_not_hold_the_pack(organisation):
    give_pack(organisation)
    contract = organisation.contract
    contract.access_codes_sent_on = None
    contract.save()
    assert not has_pack(organisation)


def test_ordering_the_pack_enables_the_services(organisation, vendor_admin):
    catalogue()
    contract = started_contract(organisation, users=2)
    assert not has_pack(organisation)
    contracts.order_lines(
        contract=contract,
        items=[(Product.objects.get(code="data-ouverture"), 2)],
        actor=vendor_admin,
    )
    assert has_pack(organisation)
    assert AuditEvent.objects.filter(action="dataouverture.pack_enabled").exists()


def test_ending_the_pack_line_revokes_pauses_and_tells_the_admins(
    organisation, client_admin, vendor_admin, credential_factory, send_queued_emails, settings
):
    line = give_pack(organisation)
    importer = credential_factory(name="GED").credential
    reader = credential_factory(name="BI", scopes=["read:demandes"]).credential
    query = SavedQuery.objects.create(
        organisation=organisation,
        name="Nuit",
        sql="SELECT 1",
        schedule="daily",
        next_run_at=timezone.now() + timedelta(hours=3),
        created_at=timezone.now(),
    )
    with pytest.MonkeyPatch.context():
        contracts.end_line(line=line, actor=vendor_admin)

    importer.refresh_from_db()
    reader.refresh_from_db()
    query.refresh_from_db()
    assert importer.revoked_at is not None
    assert "article 17" in importer.revoked_reason
    assert reader.revoked_at is None  # reading one's data needs no pack
    assert query.paused_at is not None and query.next_run_at is None
    assert not has_pack(organisation)
    send_queued_emails()
    withdrawn = [m for m in mail.outbox if "Pack Data Ouverture retiré" in m.subject]
    assert withdrawn and withdrawn[0].to == [client_admin.email]
    assert "GED" in withdrawn[0].body and "Nuit" in withdrawn[0].body


def test_a_missed_hook_still_closes_the_api(organisation, credential_factory, client):
    """The pack is checked on every call: a line ended without the signal still locks the key."""
    line = give_pack(organisation)
    issued = credential_factory(name="GED")
    line.ended_on = timezone.localdate()
    line.save()  # no service, no signal
    response = client.get(
        "/api/v1/data-ouverture/demandes/", HTTP_AUTHORIZATION=f"Bearer {issued.secret}"
    )
    assert response.status_code == 401
    assert "pack Data Ouverture" in response.json()["detail"]


def test_a_notice_ending_the_contract_ends_the_pack(organisation):
    give_pack(organisation, first=date(2022, 1, 31))
    contract = organisation.contract
    contract.ends_on = date(2025, 1, 31)
    contract.save()
    assert not has_pack(organisation, date(2025, 2, 1))
    assert has_pack(organisation, date(2025, 1, 30))


def test_scheduled_queries_pause_when_the_pack_is_gone(organisation):
    from dataouverture.services.dataaccess import run_due_queries

    line = give_pack(organisation)
    now = datetime(2026, 3, 2, 7, tzinfo=PARIS)
    query = SavedQuery.objects.create(
        organisation=organisation,
        name="Hebdo",
        sql="SELECT 1",
        schedule="weekly",
        next_run_at=now - timedelta(hours=1),
        created_at=now,
    )
    line.ended_on = date(2026, 3, 1)
    line.save()
    assert run_due_queries(now=now) == 0
    query.refresh_from_db()
    assert query.paused_at is not None
    assert not query.exports.exists()


def test_withdrawal_leaves_other_organisations_alone(organisation, other_organisation, outsider):
    from dataouverture.services.credentials import create_credential

    give_pack(organisation)
    line = give_pack(other_organisation)
    theirs = create_credential(
        actor=outsider,
        name="Leur GED",
        scopes=["import:documents"],
        expires_at=timezone.now() + timedelta(days=3),
    ).credential
    from dataouverture.services.lifecycle import withdraw

    withdraw(organisation)
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert line.contract.organisation == other_organisation
    assert ApiCredential.objects.filter(revoked_at__isnull=True).count() == 1


def test_dropping_the_pack_in_a_change_of_several_lines_withdraws_it(
    organisation, vendor_admin, credential_factory
):
    """The vendor's one form that ends several lines together (art. 17) fires the
    same withdrawal as ending the pack line alone; a mere reduction does not."""
    line = give_pack(organisation)
    importer = credential_factory(name="GED").credential
    contract = line.contract
    pack_lines = [ln for ln in contract.lines.all() if ln.product.code == "data-ouverture"]
    expert_lines = [ln for ln in contract.lines.all() if ln.product.code == "cegid-expert"]
    contracts.change_lines(
        contract=contract,
        quantities={str(pack.public_id): 0 for pack in pack_lines},
        actor=vendor_admin,
    )
    importer.refresh_from_db()
    assert importer.revoked_at is not None
    assert not has_pack(organisation)
    assert expert_lines  # the production product stays
