from datetime import date

from django.utils import timezone

from portal.status import demo
from portal.status.models import Incident, Maintenance, Release, Service
from portal.status.rules import planned_maintenance_problems
from tests.status.factories import ProductFactory


def test_seed_is_idempotent(vendor_admin):
    for code in ("cegid-expert", "module-paie", "m365"):
        ProductFactory(code=code)
    demo.seed()
    demo.seed()
    assert Service.objects.count() == 4
    maintenance = Maintenance.objects.get()
    assert timezone.localtime(maintenance.start).weekday() == 6  # a Sunday
    assert (
        planned_maintenance_problems(maintenance.announced_at, maintenance.start, maintenance.end)
        == []
    )
    assert Incident.objects.count() == 3
    assert Release.objects.count() == 3


def test_demo_outages_avoid_public_holidays():
    # May 2027: the first Thursday after the first Tuesday is Ascension (6 May).
    assert demo._not_a_holiday(date(2027, 5, 6)) == date(2027, 5, 13)
    assert demo._not_a_holiday(date(2026, 11, 3)) == date(2026, 11, 3)
