import pytest

from portal.accounts.models import Role
from subscriptions.models import Formula
from tests.factories import OrganisationFactory, StaffFactory, UserFactory


@pytest.fixture
def private_user(db):
    organisation = OrganisationFactory(name="Groupe Lefèvre", formula=Formula.PRIVATE)
    return UserFactory(organisation=organisation, email="user@lefevre.test")


@pytest.fixture
def connect_user(db):
    organisation = OrganisationFactory(name="Boulangerie Martin", formula=Formula.CONNECT)
    return UserFactory(organisation=organisation, email="user@martin.test")


@pytest.fixture
def other_agent(db):
    return StaffFactory(role=Role.AGENT, email="agent2@editeur.test", first_name="Inès")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Attachments of these tests go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
