"""The shared cast (as in healthchecks' hc/test.py): a client user, a client
administrator of the same organisation, a user of *another* organisation who
must see nothing, a support agent and a vendor administrator."""

import os
import shutil
import tempfile

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from portal.accounts.models import Role
from portal.core import failopen
from portal.core.fragments import forget_recent
from tests.factories import OrganisationFactory, StaffFactory, UserFactory

# Property tests measure correctness, not speed: no per-example deadline, so a
# loaded CI machine (xdist on 2 cores) cannot fail them for being slow.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


def pytest_configure(config):
    from django.conf import settings

    from portal.celery import app

    # Messages published by the code under test go nowhere unless a test
    # starts a real worker (see tests/test_celery_integration.py).
    app.conf.broker_url = "memory://"
    app.conf.broker_transport_options = {}
    # Each xdist worker gets a cache of its own: clearing it between tests must
    # not wipe another worker's (nor the Celery broker's Redis database 0).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1")
    number = int(worker.removeprefix("gw")) + 2  # gw-1 (no xdist) → 1, gw0 → 2, ...
    cache = settings.CACHES["default"]
    cache["KEY_PREFIX"] = f"test-{worker}"
    if cache["BACKEND"].endswith("RedisCache"):
        base = cache["LOCATION"].rsplit("/", 1)[0]
        cache["LOCATION"] = f"{base}/{number % 16}"
    else:
        cache["LOCATION"] = tempfile.mkdtemp(prefix=f"portal-test-cache-{worker}-")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "localhost"]
    # The live server must not hold connections past a test (PostgreSQL drops the test DB).
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Uploads and generated files go to a throwaway folder, not var/media.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
    # Fast hashing in tests; production keeps Django's default PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


def service_required(name: str, available: bool):
    """Skip locally when a service is missing; never in CI, which provides it."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI but is not available")
    pytest.skip(f"{name} not available on this machine")


@pytest.fixture
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    service_required("chromium", bool(path))
    return path


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    forget_recent()
    # A test that made the broker or the cache fail leaves its breaker open for a few
    # seconds: the next test on the same worker must not inherit it.
    failopen.CACHE_BREAKER.reset()
    failopen.BROKER_BREAKER.reset()
    yield


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Transports Durand")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Concurrent SA")


@pytest.fixture
def client_admin(organisation):
    return UserFactory(
        organisation=organisation,
        role=Role.CLIENT_ADMIN,
        email="admin@durand.test",
        first_name="Sophie",
    )


@pytest.fixture
def client_user(organisation):
    return UserFactory(organisation=organisation, email="user@durand.test", first_name="Karim")


@pytest.fixture
def outsider(other_organisation):
    return UserFactory(
        organisation=other_organisation, role=Role.CLIENT_ADMIN, email="admin@concurrent.test"
    )


@pytest.fixture
def agent(db):
    return StaffFactory(role=Role.AGENT, email="agent@editeur.test")


@pytest.fixture
def vendor_admin(db):
    return StaffFactory(
        role=Role.VENDOR_ADMIN, email="admin@editeur.test", is_staff=True, is_superuser=True
    )


@pytest.fixture
def cast(client_user, client_admin, outsider, agent, vendor_admin):
    return {
        "anonymous": None,
        "client_user": client_user,
        "client_admin": client_admin,
        "outsider": outsider,
        "agent": agent,
        "vendor_admin": vendor_admin,
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def send_queued_emails():
    """Run one step of the outbox sweep, as the periodic task does."""
    from portal.core.emails import send_pending

    return send_pending


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions a live-server request
    thread may still hold (PostgreSQL refuses to drop a database in use)."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
