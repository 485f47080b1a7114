"""Vendor administrators edit the support calendars; the hours are validated by
the same parser that computes the deadlines."""

import pytest
from django.urls import reverse

from support.admin import SupportCalendarForm
from support.models import SupportCalendar

pytestmark = pytest.mark.django_db


def test_the_defaults_of_the_booklet_are_seeded():
    open_hours = SupportCalendar.objects.get(formula="open", contract__isnull=True)
    assert open_hours.spec["4"] == [["09:00", "12:30"], ["14:30", "17:00"]]
    private = SupportCalendar.objects.get(formula="private", contract__isnull=True)
    assert private.spec["0"] == [["09:00", "18:00"]]


@pytest.mark.parametrize(
    "spec",
    [{"9": [["09:00", "12:00"]]}, {"0": [["9h", "12h"]]}, {"0": [["09:00"]]}, {}, ["x"]],
)
def test_invalid_hours_are_refused(spec):
    calendar = SupportCalendar.objects.get(formula="open", contract__isnull=True)
    form = SupportCalendarForm(
        instance=calendar, data={"name": calendar.name, "formula": "open", "spec": str(spec)}
    )
    assert not form.is_valid()
    assert "spec" in form.errors


def test_valid_hours_are_saved_normalised():
    calendar = SupportCalendar.objects.get(formula="open", contract__isnull=True)
    form = SupportCalendarForm(
        instance=calendar,
        data={"name": "Open", "formula": "open", "spec": '{"0": [["08:30", "12:00"]]}'},
    )
    assert form.is_valid(), form.errors
    form.save()
    calendar.refresh_from_db()
    assert calendar.spec["0"] == [["08:30", "12:00"]]
    assert calendar.spec["6"] == []


def test_vendor_admins_edit_calendars_in_the_admin(client, vendor_admin):
    client.force_login(vendor_admin)
    calendar = SupportCalendar.objects.get(formula="private", contract__isnull=True)
    url = reverse("admin:support_supportcalendar_change", args=[calendar.pk])
    assert client.get(url).status_code == 200


def test_a_missing_default_calendar_falls_back_on_the_booklet_hours(client_user):
    """A support Demande always gets its take-in-charge deadline (art. 12.2)."""
    from support.models import SupportCalendar
    from tests.support.factories import MONDAY_10, file

    SupportCalendar.objects.all().delete()
    demande = file(client_user)
    assert demande.take_in_charge_due_at is not None
    assert demande.calendar_name == "Horaires du support — Cegid Open"
    assert (
        demande.registered_at == MONDAY_10 or demande.take_in_charge_due_at > demande.registered_at
    )
