"""The deadline registry (support/deadlines.py) names every deadline column of a
Demande, once, with a French label; the calendar facts have one home."""

import ast
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.functional import Promise

import portal.core.calendar
import support.business_time
from subscriptions.models import Formula
from support.deadlines import DEADLINES, DEADLINES_BY_KEY, SLA_FORMULAS, Unit, deadline_label
from support.models import Demande, SupportCalendar
from support.services.workflow import RESPONSES

ROOT = Path(__file__).resolve().parents[2]


def _fields_ending(suffix: str) -> set[str]:
    return {f.name for f in Demande._meta.get_fields() if f.name.endswith(suffix)}


def test_the_registry_covers_every_due_at_field_of_demande():
    assert {d.due_at for d in DEADLINES} == _fields_ending("_due_at")
    assert {d.warn_at for d in DEADLINES} == _fields_ending("_warn_at")
    assert {d.warned_at for d in DEADLINES} == _fields_ending("_warned_at")
    assert {d.breached_at for d in DEADLINES} == _fields_ending("_breached_at")


def test_every_column_named_by_the_registry_is_a_datetime_of_demande():
    for deadline in DEADLINES:
        columns = (
            deadline.runs_from,
            deadline.met_at,
            deadline.due_at,
            deadline.warn_at,
            deadline.warned_at,
            deadline.breached_at,
        )
        for name in columns:
            assert isinstance(Demande._meta.get_field(name), models.DateTimeField), name
        assert len(set(columns)) == len(columns)


def test_every_label_is_french_and_not_empty():
    with translation.override("fr"):
        for deadline in DEADLINES:
            assert isinstance(deadline.label, Promise)  # translated through gettext
            label = str(deadline.label)
            assert label.strip() and label[0].isupper()
            assert "_" not in label and label != deadline.key
            assert deadline_label(deadline.key) == label
    assert [str(d.label) for d in DEADLINES] == [
        "Prise en charge",
        "Plan d'action correctif",
        "Correctif ou contournement",
    ]


def test_keys_are_unique_and_unknown_keys_read_as_themselves():
    assert len(DEADLINES_BY_KEY) == len(DEADLINES)
    assert deadline_label("inconnu") == "inconnu"


def test_the_delais_are_the_booklet_s_keyed_by_formula():
    """art. 12.2, 12.10: 8 / 4 heures ouvrées; art. 12.3: 12 heures ouvrées, 6 jours ouvrés."""
    table = {d.key: (d.unit, dict(d.delays)) for d in DEADLINES}
    assert table == {
        "take_in_charge": (Unit.BUSINESS_HOURS, {Formula.OPEN: 8, Formula.PRIVATE: 4}),
        "action_plan": (Unit.BUSINESS_HOURS, {Formula.OPEN: 12, Formula.PRIVATE: 12}),
        "fix": (Unit.WORKING_DAYS, {Formula.OPEN: 6, Formula.PRIVATE: 6}),
    }
    for deadline in DEADLINES:
        assert all(isinstance(formula, Formula) for formula in deadline.delays)
        assert Formula.CONNECT not in deadline.delays  # Connect has no support (art. 12)


def test_every_answer_of_the_workflow_meets_a_deadline_and_only_those():
    answers = {a for d in DEADLINES for a in (*d.answers, *d.also_met_by)}
    assert answers == set(RESPONSES)


def test_support_calendars_take_their_formulas_from_subscriptions():
    choices = SupportCalendar._meta.get_field("formula").choices
    assert [value for value, _ in choices] == [Formula.OPEN, Formula.PRIVATE] == list(SLA_FORMULAS)
    assert all(label == Formula(value).label for value, label in choices)


def test_the_calendar_facts_have_one_home():
    for name in ("PARIS", "is_public_holiday", "is_working_day", "public_holiday_name"):
        assert getattr(support.business_time, name) is getattr(portal.core.calendar, name)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_calendar_module_is_pure_and_status_rules_do_not_import_support():
    assert not {
        m for m in _imported_modules(ROOT / "portal/core/calendar.py") if m.startswith("django")
    }
    for path in (ROOT / "portal/status").glob("*.py"):
        imported = _imported_modules(path)
        assert "support.business_time" not in imported, path
        assert "support.deadlines" not in imported, path
