from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.status.factories import ServiceFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def service(organisation):
    """Cegid Expert production, subscribed by ``organisation`` (not by the outsider's)."""
    return ServiceFactory(
        code="cegid-expert-production",
        name="Cegid Expert — production",
        subscribers=[organisation],
    )


@pytest.fixture
def other_service(other_organisation):
    return ServiceFactory(
        code="autre-service", name="Service du concurrent", subscribers=[other_organisation]
    )
