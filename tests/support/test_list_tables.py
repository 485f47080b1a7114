"""The lists' tables are cached under their rows as shown (support.views._table_part):
rows are read on every view, so a change shows at once, and neither another
filter's links nor another language's labels are ever served (issue 11)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from support.services import take_in_charge
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db


def _table(response) -> str:
    html = response.content.decode()
    return html[html.index('<table class="table">') :]


def test_a_change_of_state_shows_at_once_on_a_cached_list(login, client_user, agent):
    demande = file(client_user)
    browser = login(client_user)
    assert "Enregistrée" in _table(browser.get(reverse("support:list")))
    take_in_charge(demande=demande, agent=agent)
    table = _table(browser.get(reverse("support:list")))
    assert "Prise en charge" in table
    assert "Enregistrée</span>" not in table


def test_the_pagination_keeps_this_request_s_filters(login, client_user):
    for n in range(26):
        file(client_user, subject=f"Demande {n}")
    browser = login(client_user)
    mine = _table(browser.get(reverse("support:list"), {"scope": "mine"}))
    assert 'href="?scope=mine&page=2"' in mine
    plain = _table(browser.get(reverse("support:list")))
    assert 'href="?page=2"' in plain
    assert "scope=mine" not in plain


def test_the_queue_s_time_left_follows_the_clock(login, client_user, agent):
    file(client_user)
    browser = login(agent)
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        before = _table(browser.get(reverse("support:queue")))
        traveller.shift(600)
        after = _table(browser.get(reverse("support:queue")))
    assert before != after  # ten minutes less of business time left


def test_the_queue_s_time_left_is_that_of_the_minute_s_start(login, client_user, agent):
    """Written in minutes and computed at the minute's start: within a minute,
    every agent reads the same table; the next minute, one minute less."""
    file(client_user)
    browser = login(agent)
    with time_machine.travel(MONDAY_10 + timedelta(minutes=5, seconds=1), tick=False) as traveller:
        first = _table(browser.get(reverse("support:queue")))
        traveller.shift(58)
        assert _table(browser.get(reverse("support:queue"))) == first
        traveller.shift(2)
        assert _table(browser.get(reverse("support:queue"))) != first
