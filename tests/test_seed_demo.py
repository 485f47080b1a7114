import pytest
from django.core.management import call_command

from portal.accounts.models import User
from portal.organisations.models import Dossier, Organisation
from subscriptions.models import Formula

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_covers_every_formula(capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Dossier.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count(), Dossier.objects.count()) == counts
    formulas = set(Organisation.objects.values_list("contract__formula", flat=True))
    assert formulas == {Formula.CONNECT, Formula.OPEN, Formula.PRIVATE}
    assert Dossier.objects.filter(organisation__kind="accounting_firm").count() == 3
    assert User.objects.filter(role="vendor_admin").count() == 1
    assert User.objects.filter(role="agent").count() == 2


def test_demo_logins_are_printed_one_per_line(capsys):
    call_command("seed_demo")
    call_command("demo_logins")
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "@" in ln]
    assert len(lines) == User.objects.filter(email__endswith=".demo").count()
    assert all(" / " in line for line in lines)
