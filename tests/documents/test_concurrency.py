"""Parallel uploads can never together exceed the quota (art. 4).

Runs on PostgreSQL (CI sets DATABASE_URL); SQLite serialises every writer,
so the race cannot happen there and the test is skipped.
"""

import threading
import time

import pytest
from django.db import connection, connections

from portal.core.errors import DomainError
from portal.documents import services
from portal.documents.models import Document, StorageUsage
from portal.documents.selectors import storage_used_bytes
from tests.documents import samples

UPLOADS = 8
FITTING = 3


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_never_exceed_the_quota(client_admin, organisation, quota, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs a database with concurrent writers (PostgreSQL)")
    data = samples.pdf_bytes()
    size = len(data)
    quota(FITTING * size + size // 2)
    shared = services.shared_root(organisation)

    real_store = services._store

    def slow_store(organisation, upload):
        time.sleep(0.3)  # every upload is in flight at the same time
        return real_store(organisation, upload)

    monkeypatch.setattr(services, "_store", slow_store)
    barrier = threading.Barrier(UPLOADS)
    outcomes = []
    lock = threading.Lock()

    def upload(index):
        try:
            barrier.wait()
            services.upload_document(
                actor=client_admin,
                folder=shared,
                upload=samples.upload(f"facture-{index}.pdf", data),
            )
            result = "stored"
        except DomainError as refusal:
            result = "refused" if "Espace insuffisant" in str(refusal.message) else repr(refusal)
        except Exception as error:  # noqa: BLE001 - reported below
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(UPLOADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused"] * (UPLOADS - FITTING) + ["stored"] * FITTING
    assert Document.objects.count() == FITTING
    usage = StorageUsage.objects.get(organisation=organisation)
    assert usage.bytes_used == storage_used_bytes(organisation) == FITTING * size
    assert usage.bytes_reserved == 0
