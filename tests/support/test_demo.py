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


def test_every_demo_demande_page_renders(client):
    from django.urls import reverse

    from portal.accounts.models import User

    call_command("seed_demo")
    client.force_login(User.objects.get(email="agent1@editeur.demo"))
    assert client.get(reverse("support:queue")).status_code == 200
    for demande in Demande.objects.all():
        page = client.get(reverse("support:detail", args=[demande.reference]))
        assert page.status_code == 200, demande.reference
    client.force_login(User.objects.get(email="user@fides.demo"))
    page = client.get(reverse("support:list")).content.decode()
    assert "Garage du Centre" in page
    assert client.get(reverse("support:create")).status_code == 200
