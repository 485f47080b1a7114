"""The deadline sweep, called one step at a time with the time passed in."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail

from portal.core.models import OutboundEmail
from support.business_time import PARIS
from support.models import Demande
from support.services import assign, qualify, sweep_deadlines, take_in_charge
from support.tasks import sweep_deadlines as sweep_task
from tests.support.factories import MONDAY_10, file

pytestmark = pytest.mark.django_db

# Filed Monday 10:00 on Open: warning at Tuesday 09:30 (6 h ouvrées), due Tuesday 11:30.
WARN = datetime(2026, 3, 3, 9, 30, tzinfo=PARIS)
DUE = datetime(2026, 3, 3, 11, 30, tzinfo=PARIS)


@pytest.fixture
def demande(client_user, agent, other_agent, send_queued_emails):
    demande = file(client_user)
    send_queued_emails()
    mail.outbox.clear()
    return demande


def test_nothing_happens_before_75_percent(demande, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert sweep_deadlines(now=WARN.replace(minute=29)) == {"warned": 0, "breached": 0}


def test_the_team_is_warned_once_at_75_percent(demande, agent, other_agent, send_queued_emails):
    assert sweep_deadlines(now=WARN) == {"warned": 1, "breached": 0}
    assert sweep_deadlines(now=WARN) == {"warned": 0, "breached": 0}
    send_queued_emails()
    (warning,) = mail.outbox
    assert sorted(warning.to) == sorted([agent.email, other_agent.email])
    assert "Échéance proche" in warning.subject and demande.reference in warning.subject
    demande.refresh_from_db()
    assert demande.take_in_charge_warned_at == WARN
    assert not demande.is_breached


def test_the_assignee_alone_is_warned(demande, agent, other_agent, send_queued_emails):
    assign(demande=demande, actor=agent, assignee=other_agent, now=MONDAY_10)
    send_queued_emails()
    mail.outbox.clear()  # the assignment notice
    sweep_deadlines(now=WARN)
    send_queued_emails()
    assert [m.to for m in mail.outbox] == [[other_agent.email]]


def test_a_breach_is_marked_once(demande, send_queued_emails):
    sweep_deadlines(now=WARN)
    # At the deadline instant itself the délai has just elapsed: not yet passed.
    assert sweep_deadlines(now=DUE) == {"warned": 0, "breached": 0}
    after = DUE + timedelta(minutes=1)
    assert sweep_deadlines(now=after) == {"warned": 0, "breached": 1}
    assert sweep_deadlines(now=after) == {"warned": 0, "breached": 0}
    demande.refresh_from_db()
    assert demande.is_breached
    assert demande.take_in_charge_breached_at == DUE
    send_queued_emails()
    assert [m.subject.split(" — ")[0].split("] ")[-1] for m in mail.outbox] == [
        "Échéance proche",
        "Délai dépassé",
    ]
    assert list(demande.events.values_list("action", "is_public")) == [
        ("registered", True),
        ("warned", False),
        ("breached", False),
    ]


def test_it_catches_up_after_downtime_without_a_stale_warning(demande, send_queued_emails):
    later = datetime(2026, 3, 5, 9, 0, tzinfo=PARIS)
    assert sweep_deadlines(now=later) == {"warned": 1, "breached": 1}
    send_queued_emails()
    assert [m.subject.count("Délai dépassé") for m in mail.outbox] == [1]


def test_a_demande_taken_in_time_is_left_alone(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=WARN.replace(hour=9, minute=0))
    assert sweep_deadlines(now=DUE) == {"warned": 0, "breached": 0}


def test_the_crit_2_fix_deadline_is_swept_too(demande, agent):
    take_in_charge(demande=demande, agent=agent, now=MONDAY_10)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=MONDAY_10)
    assert sweep_deadlines(now=datetime(2026, 3, 9, 12, tzinfo=PARIS))["warned"] == 1
    # 6 jours ouvrés from Monday 2 March end at 24:00 on Tuesday 10 March.
    assert sweep_deadlines(now=datetime(2026, 3, 11, 0, tzinfo=PARIS))["breached"] == 0
    assert sweep_deadlines(now=datetime(2026, 3, 11, 0, 1, tzinfo=PARIS))["breached"] == 1
    assert Demande.objects.get(pk=demande.pk).fix_breached_at is not None


def test_the_periodic_task_runs_one_step_at_the_current_time(demande):
    with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
        assert sweep_task() == {"warned": 1, "breached": 1}
    assert OutboundEmail.objects.filter(kind="support.deadline_breach").count() == 1


def test_the_sweep_is_in_the_beat_schedule():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["support-sweep-deadlines"]
    assert entry == {"task": "support.tasks.sweep_deadlines", "schedule": 60.0}


def test_deadline_e_mails_say_when_in_words_people_read(demande, agent, send_queued_emails):
    """Heures ouvrées: day and time; jours ouvrés: "fin de journée du" the last day,
    never the 00:00 of the next day that is stored (DOMAIN.md, "Time rules")."""
    sweep_deadlines(now=DUE + timedelta(minutes=1))
    take_in_charge(demande=demande, agent=agent, now=DUE + timedelta(minutes=2))
    # Qualified Tuesday 3 March: the 6th jour ouvré is Wednesday 11 March.
    qualified_at = DUE + timedelta(minutes=3)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=qualified_at)
    sweep_deadlines(now=datetime(2026, 3, 12, 0, 1, tzinfo=PARIS))
    send_queued_emails()
    breach = [m for m in mail.outbox if "Délai dépassé" in m.subject]
    assert len(breach) == 2
    take, fix = sorted(breach, key=lambda m: "Correctif" in m.subject)
    assert "l'échéance était le mardi 03/03/2026 à 11:30" in take.body
    assert "l'échéance était en fin de journée du mercredi 11/03/2026" in fix.body
    assert "12/03/2026" not in fix.body and "00:00" not in fix.body
    assert "en fin de journée du mercredi 11/03/2026" in fix.alternatives[0][0]
    (qualified,) = [m for m in mail.outbox if "Qualifiée" in m.subject]
    assert "au plus tard en fin de journée du mercredi 11/03/2026 (jours ouvrés)" in qualified.body
    assert "12/03/2026" not in qualified.body


def test_the_assignment_notice_shows_a_working_day_deadline_as_its_last_day(
    demande, agent, other_agent, send_queued_emails
):
    take_in_charge(demande=demande, agent=agent, now=MONDAY_10)
    qualify(demande=demande, agent=agent, qualification="anomalie", criticality=2, now=MONDAY_10)
    send_queued_emails()
    mail.outbox.clear()
    assign(demande=demande, actor=agent, assignee=other_agent, now=MONDAY_10)
    send_queued_emails()
    (notice,) = mail.outbox
    assert "Prochaine échéance : en fin de journée du mardi 10/03/2026." in notice.body
    assert "Prochaine échéance" in notice.alternatives[0][0]
