"""The Demande page (issue 10, "The journeys"): one deadline statement, the support's replies
set apart, "en attente de votre réponse", one upload form; the filing form's category."""

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from support.business_time import PARIS
from support.models import Demande
from support.services import add_comment, qualify, take_in_charge
from tests.support.factories import MONDAY_10, file, png

pytestmark = pytest.mark.django_db
TUESDAY_10 = datetime(2026, 3, 3, 10, 0, tzinfo=PARIS)


def _page(client, user, demande):
    client.force_login(user)
    return client.get(reverse("support:detail", args=[demande.reference])).content.decode()


@time_machine.travel(MONDAY_10, tick=False)
def test_the_take_in_charge_deadline_is_stated_once(client, client_user):
    demande = file(client_user)
    page = _page(client, client_user, demande)
    # 8 heures ouvrées from Monday 10:00 on Open hours: Tuesday 11:30, said once.
    assert "au plus tard le mardi 03/03/2026 à 11:30" in page
    assert len(re.findall(r"03/03/2026 à 11:30", page)) == 1
    assert "Temps restant" not in page
    assert "il reste" in page  # the time left, beside the one deadline in heures ouvrées


@time_machine.travel(TUESDAY_10, tick=False)
def test_no_business_hours_left_beside_a_deadline_in_days(client, client_user, agent):
    demande = file(client_user)
    take_in_charge(demande=demande, agent=agent, now=MONDAY_10)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=MONDAY_10)
    page = _page(client, client_user, demande)
    assert "en fin de journée du mardi 10/03/2026" in page
    assert "ouvrées</" not in page and "il reste" not in page


def test_an_agent_question_puts_the_demande_first_awaiting_the_client(client, client_user, agent):
    older = file(client_user, subject="Ancienne demande", now=MONDAY_10)
    newer = file(client_user, subject="Nouvelle demande", now=TUESDAY_10)
    add_comment(demande=older, author=agent, body="Quelle version utilisez-vous ?", ask_client=True)
    client.force_login(client_user)
    listing = client.get(reverse("support:list")).content.decode()
    assert listing.index(older.reference) < listing.index(newer.reference)
    assert "En attente de votre réponse" in listing
    page = _page(client, client_user, older)
    assert "En attente de votre réponse" in page
    assert 'class="card comment from-support"' in page
    client.post(reverse("support:comment", args=[older.reference]), {"body": "La 12.3"})
    older.refresh_from_db()
    assert older.awaiting_client_since is None and not older.awaits_client
    page = _page(client, client_user, older)
    assert 'class="card comment from-client"' in page


def test_one_upload_form_which_takes_files_without_a_message(
    client, client_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    demande = file(client_user)
    page = _page(client, client_user, demande)
    assert page.count('enctype="multipart/form-data"') == 1
    client.post(reverse("support:comment", args=[demande.reference]), {"attachments": [png()]})
    assert demande.attachments.count() == 1 and not demande.comments.exists()
    client.post(reverse("support:comment", args=[demande.reference]), {"body": ""})
    assert demande.events.filter(action="commented").count() == 0


def test_only_an_agent_asks_the_client(client_user):
    from portal.core.errors import DomainError

    demande = file(client_user)
    with pytest.raises(DomainError):
        add_comment(demande=demande, author=client_user, body="?", ask_client=True)
    assert Demande.objects.get(pk=demande.pk).awaiting_client_since is None


def test_the_category_field_is_hidden_unless_customer_service_is_chosen():
    from django.contrib.staticfiles import finders

    with open(finders.find("portal/portal.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    assert (
        'form:has(input[name="kind"][value="support"]:checked) '
        '.field:has(select[name="category"])' in css
    )
