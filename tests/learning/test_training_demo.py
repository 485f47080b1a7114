"""The demo's learning content: every level, a quiz, webassistances, a replay, a slot."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from learning.models import TeleassistanceSlot, TrainingItem, Webassistance
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_has_learning_content_and_is_idempotent(client):
    call_command("seed_demo")
    count = TrainingItem.objects.count()
    call_command("seed_demo")
    assert TrainingItem.objects.count() == count
    levels = set(TrainingItem.objects.values_list("track", "level"))
    assert levels >= {
        ("cegid", "connect"),
        ("cegid", "open"),
        ("cegid", "private"),
        ("m365", "standard"),
        ("m365", "premium"),
    }
    assert TrainingItem.objects.filter(kind="replay").exists()
    assert TrainingItem.objects.filter(questions__isnull=False).exists()
    upcoming = Webassistance.objects.filter(replay__isnull=True, cancelled_at__isnull=True)
    assert upcoming.count() == 2
    assert TeleassistanceSlot.objects.count() == 1
    client.force_login(User.objects.get(email="user@durand.demo"))
    page = client.get(reverse("learning:catalogue")).content.decode()
    assert "Inclus dans Cegid Private" in page
    slot = TeleassistanceSlot.objects.get()
    client.force_login(slot.demande.requester)
    page = client.get(reverse("support:detail", args=[slot.demande.reference])).content.decode()
    assert "Choisir ce créneau" in page
