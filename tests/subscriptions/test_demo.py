import pytest
from django.core.management import call_command

from subscriptions.models import ContractLine, Invoice, Overage

pytestmark = pytest.mark.django_db


def _counts():
    return ContractLine.objects.count(), Invoice.objects.count(), Overage.objects.count()


def test_the_demo_has_contracts_with_lines_and_invoices_and_is_idempotent():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[0] >= 10 and first[1] >= 4
    assert Overage.objects.filter(contract__organisation__name="Cabinet Fidès Expertise").exists()
