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
