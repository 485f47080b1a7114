import pytest

from portal.documents import services
from tests.documents import samples

GO = 1024**3


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored files go to a temporary directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def quota(monkeypatch):
    """Set the organisation's entitlement (art. 4) without building a contract."""
    state = {"bytes": 10 * GO}

    def entitlement(organisation, today=None):
        return state["bytes"]

    monkeypatch.setattr("subscriptions.selectors.storage_entitlement_bytes", entitlement)

    def set_quota(value):
        state["bytes"] = value

    set_quota.state = state
    return set_quota


@pytest.fixture
def shared(organisation, quota):
    return services.shared_root(organisation)


@pytest.fixture
def upload_pdf(client_admin, shared):
    def _upload(name="rapport.pdf", folder=None, actor=None, data=None, now=None):
        return services.upload_document(
            actor=actor or client_admin,
            folder=folder or shared,
            upload=samples.upload(name, data or samples.pdf_bytes()),
            now=now,
        )

    return _upload
