import pytest
from django.core.management import call_command

from subscriptions.models import ContractLine, Invoice, Overage

pytestmark = pytest.mark.django_db


def test_the_demo_has_contracts_with_lines_and_invoices_and_is_idempotent():
    call_command("seed_demo")
    counts = (ContractLine.objects.count(), Invoice.objects.count(), Overage.objects.count())
    call_command("seed_demo")
    assert (ContractLine.objects.count(), Invoice.objects.count(), Overage.objects.count()) == counts
    assert counts[0] >= 10 and counts[1] >= 4
    assert Overage.objects.filter(contract__organisation__name="Cabinet Fidès Expertise").exists()
