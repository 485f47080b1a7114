import shutil
import tempfile
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.subscriptions.factories import add_line, catalogue, started_contract


@pytest.fixture(autouse=True)
def _loopback_servers_allowed(settings):
    """The tests' WebDAV and S3 servers listen on 127.0.0.1 (refused in production)."""
    settings.FILE_EXCHANGE_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture(autouse=True)
def _data_access_root(settings):
    root = tempfile.mkdtemp(prefix="portal-test-dataaccess-")
    settings.DATA_ACCESS_ROOT = root
    yield root
    shutil.rmtree(root, ignore_errors=True)


def give_pack(organisation, *, users=2, first=date(2025, 1, 31)):
    """A started contract with Cegid Expert and the pack in the same quantity (art. 17)."""
    from subscriptions.models import Product

    if not Product.objects.filter(code="cegid-expert").exists():
        catalogue()
    contract = started_contract(organisation, first=first, users=users)
    pack = Product.objects.get(code="data-ouverture")
    return add_line(contract, pack, users, ordered_on=first)


@pytest.fixture
def pack(organisation):
    return give_pack(organisation)


@pytest.fixture
def credential_factory(client_admin):
    from dataouverture.services.credentials import create_credential

    def make(*, actor=None, scopes=("import:documents", "import:users"), **kwargs):
        kwargs.setdefault("name", f"Machine {timezone.now().timestamp()}")
        kwargs.setdefault("expires_at", timezone.now() + timedelta(days=30))
        return create_credential(actor=actor or client_admin, scopes=list(scopes), **kwargs)

    return make
