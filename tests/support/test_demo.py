import pytest
from django.core.management import call_command

from support.models import Demande

pytestmark = pytest.mark.django_db


def test_the_demo_has_demandes_in_various_states_and_is_idempotent():
    call_command("seed_demo")
    count = Demande.objects.count()
    call_command("seed_demo")
    assert Demande.objects.count() == count >= 8
    states = set(Demande.objects.values_list("state", flat=True))
    assert {"registered", "taken_in_charge", "qualified", "action_plan", "resolved"} <= states
    assert Demande.objects.filter(kind="customer_service", formula="connect").exists()
    assert Demande.objects.filter(dossier__isnull=False).exists()
