"""What the Demande page and the agent's home cost (issue 11, "Cheaper requests").

The Demande page reads the Demande (its visibility rule and whether the person
follows it in one query), its comments, its files (once, for both lists), its
history and its téléassistance slots: five queries of its own, whatever it
holds. Its lists of comments, files and history are then kept in the cache
under their version (``page_version``): a second view reads only the Demande
and its téléassistance slots, and anything added shows at once. Its forms are
written by ``form_fields`` (portal/core/formhtml.py) with the markup of
templates/form.html; choice labels by the ``display`` filter.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.accounts.models import Role
from portal.core.fragments import forget_recent
from portal.core.templatetags.portal_display import display
from support.forms import AssignForm, CommentForm, QualifyForm, ReopenForm, RespondForm
from support.models import Demande, DemandeEvent
from support.services import add_attachments, add_comment, assign, take_in_charge, watch
from tests.factories import StaffFactory, UserFactory
from tests.support.factories import file, png
from tests.test_request_cost import OVERHEAD, _tables

pytestmark = pytest.mark.django_db

#: The page's own queries (the lists' ones run where the template needs them).
OWN = [
    "support_demande",
    "support_comment",
    "support_attachment",
    "support_demandeevent",
    "learning_teleassistanceslot",
]


#: What a second view reads: the lists come from the cache.
WARM = ["support_demande", "learning_teleassistanceslot"]
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def _split(tables: list[str]) -> tuple[list[str], list[str]]:
    return tables[: len(OVERHEAD)], sorted(tables[len(OVERHEAD) :])


def _page_tables(client, user, demande, *, warm=False) -> tuple[int, list[str], str]:
    client.force_login(user)
    url = reverse("support:detail", args=[demande.reference])
    client.get(url)  # the session's activity, recorded once
    if not warm:
        cache.clear()
        forget_recent()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), _tables(captured), response.content.decode()


def _busy(demande, client_user, agent):
    """A Demande with replies, internal notes and files on each."""
    for n in range(3):
        add_comment(demande=demande, author=agent, body=f"Réponse {n}", attachments=[png()])
        add_comment(
            demande=demande, author=agent, body=f"Note {n}", internal=True, attachments=[png()]
        )
        add_comment(demande=demande, author=client_user, body=f"Précision {n}")
    add_attachments(demande=demande, actor=client_user, files=[png("seul.png")])


@pytest.mark.parametrize("who", ["client_user", "client_admin", "agent"])
def test_the_page_costs_five_queries_of_its_own_whatever_it_holds(client, cast, who):
    demande = file(cast["client_user"])
    take_in_charge(demande=demande, agent=cast["agent"])  # the same agent's tools before and after
    empty = _page_tables(client, cast[who], demande)
    _busy(demande, cast["client_user"], cast["agent"])
    count, tables, page = _page_tables(client, cast[who], demande)
    if who == "agent":  # then the agents' tools: assignment, knowledge base
        assert all(tables.count(table) == 1 for table in OWN)
    else:
        assert _split(tables) == (OVERHEAD, sorted(OWN))
    assert count == empty[0]
    assert "Réponse 2" in page and "seul.png" in page


def test_a_second_view_reads_the_lists_from_the_cache_and_shows_the_same(client, cast):
    demande = file(cast["client_user"])
    _busy(demande, cast["client_user"], cast["agent"])
    lists = {"support_comment", "support_attachment", "support_demandeevent"}
    for who in ("client_user", "agent"):
        _, read, cold = _page_tables(client, cast[who], demande)
        _, tables, warm = _page_tables(client, cast[who], demande, warm=True)
        assert sorted(tables) == sorted(table for table in read if table not in lists)
        if who == "client_user":
            assert _split(tables) == (OVERHEAD, sorted(WARM))
        assert TOKEN.sub("", warm) == TOKEN.sub("", cold)


def test_what_is_added_shows_at_once_on_a_cached_page(client, cast):
    demande = file(cast["client_user"])
    take_in_charge(demande=demande, agent=cast["agent"])
    _page_tables(client, cast["client_user"], demande)
    add_comment(demande=demande, author=cast["agent"], body="Nouvelle réponse")
    page = _page_tables(client, cast["client_user"], demande, warm=True)[2]
    assert "Nouvelle réponse" in page
    add_attachments(demande=demande, actor=cast["client_user"], files=[png("ajout.png")])
    page = _page_tables(client, cast["client_user"], demande, warm=True)[2]
    assert page.count("ajout.png") == 1  # in the files, sent alone
    assign(demande=demande, assignee=StaffFactory(), actor=cast["agent"])
    history = _page_tables(client, cast["agent"], demande, warm=True)[2].split('id="historique"')[1]
    assert history.count("<li>") == DemandeEvent.objects.filter(demande=demande).count()


def test_the_staff_s_cached_lists_never_reach_a_client(client, cast):
    demande = file(cast["client_user"])
    add_comment(demande=demande, author=cast["agent"], body="Note du support", internal=True)
    assert "Note du support" in _page_tables(client, cast["agent"], demande)[2]
    assert "Note du support" not in _page_tables(client, cast["client_user"], demande, warm=True)[2]


def test_a_watcher_sees_the_demande_in_the_same_queries(client, client_user, organisation):
    colleague = UserFactory(organisation=organisation, role=Role.CLIENT_USER)
    demande = file(client_user)
    client.force_login(colleague)
    url = reverse("support:detail", args=[demande.reference])
    assert client.get(url).status_code == 404
    watch(demande=demande, user=colleague)
    count, tables, page = _page_tables(client, colleague, demande)
    assert _split(tables) == (OVERHEAD, sorted(OWN))
    assert "Ne plus suivre" in page


def test_outsiders_and_people_without_the_right_get_404(client, client_user, outsider):
    demande = file(client_user)
    for person in (outsider, UserFactory(organisation=client_user.organisation)):
        client.force_login(person)
        assert client.get(reverse("support:detail", args=[demande.reference])).status_code == 404


def test_files_of_internal_notes_stay_with_the_staff(client, client_user, agent):
    demande = file(client_user)
    add_comment(demande=demande, author=agent, body="Public", attachments=[png("public.png")])
    add_comment(
        demande=demande,
        author=agent,
        body="Confidentiel",
        internal=True,
        attachments=[png("note.png")],
    )
    add_attachments(demande=demande, actor=client_user, files=[png("seul.png")])
    _, _, page = _page_tables(client, client_user, demande)
    assert "public.png" in page and "seul.png" in page
    assert "note.png" not in page
    assert "Confidentiel" not in page
    # The comment's own file is listed under it and in the list of files.
    assert page.count("public.png") == 2
    _, _, page = _page_tables(client, agent, demande)
    assert page.count("note.png") == 2 and "Confidentiel" in page


# --- the labels and the forms, the same as Django's ---------------------------------


def test_display_gives_what_get_foo_display_gives():
    demande = Demande(kind="support", channel="phone", qualification="anomalie", criticality=2)
    for state in [*Demande.State.values, "inconnu"]:
        demande.state = state
        assert display(demande, "state") == demande.get_state_display()
    for field in ("kind", "channel", "qualification", "criticality", "category"):
        assert display(demande, field) == getattr(demande, f"get_{field}_display")()
    for action in DemandeEvent.Action.values:
        event = DemandeEvent(action=action)
        assert display(event, "action") == event.get_action_display()


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


FORMS = [
    lambda: CommentForm(staff=False),
    lambda: CommentForm(staff=True),
    lambda: CommentForm({}, staff=True),  # a form error and field errors
    lambda: CommentForm({"body": "x" * 20001}, staff=False),
    lambda: ReopenForm(auto_id="reopen_%s"),
    lambda: ReopenForm({"body": ""}, auto_id="reopen_%s"),
    QualifyForm,
    RespondForm,
    lambda: AssignForm(initial={"assignee": None}),
]


@pytest.mark.parametrize("make", FORMS)
def test_form_fields_writes_the_markup_of_form_html(make):
    form = make()
    form.renderer = DjangoTemplates()  # Django's own widget templates
    django = Template('{% include "form.html" %}').render(Context({"form": form}))
    form = make()
    ours = Template("{% form_fields form %}").render(Context({"form": form}))
    assert _squeeze(ours) == _squeeze(django)


# --- the agent's home ---------------------------------------------------------------


def test_each_agent_s_home_figures_are_their_own_and_read_once(client, client_user, agent):
    other = StaffFactory(role=Role.AGENT, email="autre@editeur.test")
    demande = file(client_user)
    file(client_user)
    assign(demande=demande, actor=agent, assignee=agent)
    client.force_login(agent)
    page = client.get(reverse("home")).content.decode()
    assert "2 à prendre en charge" in page and "1 qui vous sont attribuées" in page
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    assert "support_demande" not in _tables(captured)  # cached for a few seconds
    client.force_login(other)
    assert "0 qui vous sont attribuées" in client.get(reverse("home")).content.decode()


def test_a_slot_changed_in_place_shows_at_once_on_a_cached_page(client, cast):
    """The slots are read on every view and are part of the page's key."""
    from datetime import datetime

    from learning import services_teleassistance
    from learning.models import TeleassistanceSlot
    from support.business_time import PARIS
    from tests.support.factories import MONDAY_10

    demande = file(cast["client_user"])
    start = datetime(2026, 3, 3, 10, tzinfo=PARIS)
    (slot,) = services_teleassistance.propose_slots(
        agent=cast["agent"], demande=demande, slots=[(start, start.replace(hour=11))], now=MONDAY_10
    )
    assert "Choisir ce créneau" in _page_tables(client, cast["client_user"], demande)[2]
    TeleassistanceSlot.objects.filter(pk=slot.pk).update(status=TeleassistanceSlot.Status.CHOSEN)
    page = _page_tables(client, cast["client_user"], demande, warm=True)[2]
    assert "Choisir ce créneau" not in page
    assert "Agenda (.ics)" in page
