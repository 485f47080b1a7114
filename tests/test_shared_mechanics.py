"""The mechanics every app shares, once in portal/core (issue 12): gapless
numbering and queueing a task after commit."""

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from portal.core import failopen
from portal.core.models import NumberSequence
from portal.core.numbering import DEMANDE_REFERENCES, INVOICE_NUMBERS, next_number
from portal.core.queueing import enqueue_on_commit


@pytest.fixture(autouse=True)
def _closed_breaker():
    failopen.BROKER_BREAKER.reset()
    yield
    failopen.BROKER_BREAKER.reset()


@pytest.mark.django_db
def test_each_sequence_counts_from_one_each_year_on_its_own():
    with transaction.atomic():
        assert [next_number(DEMANDE_REFERENCES, 2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(INVOICE_NUMBERS, 2026) == 1
        assert next_number(DEMANDE_REFERENCES, 2027) == 1
        assert next_number(DEMANDE_REFERENCES, 2026) == 4


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again_so_the_series_has_no_gap():
    with transaction.atomic():
        assert next_number(INVOICE_NUMBERS, 2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(INVOICE_NUMBERS, 2026) == 2
        raise RuntimeError("the invoice could not be saved")
    with transaction.atomic():
        assert next_number(INVOICE_NUMBERS, 2026) == 2


@pytest.mark.django_db(transaction=True)
def test_numbering_outside_the_numbered_rows_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        next_number(DEMANDE_REFERENCES, 2026)
    assert not NumberSequence.objects.exists()


class _Task:
    name = "tests.task"

    def __init__(self, broker_down: bool = False):
        self.broker_down = broker_down
        self.sent = []

    def delay(self, *args):
        if self.broker_down:
            raise ConnectionRefusedError("broker down")
        self.sent.append(args)


@pytest.mark.django_db
def test_a_task_is_sent_only_once_the_transaction_commits(django_capture_on_commit_callbacks):
    task = _Task()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(task, 7, "x")
        assert task.sent == []
    assert task.sent == [(7, "x")]


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    task = _Task()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValueError),
        transaction.atomic(),
    ):
        enqueue_on_commit(task, 1)
        raise ValueError
    assert callbacks == [] and task.sent == []


@pytest.mark.django_db
def test_the_broker_down_never_fails_the_request(django_capture_on_commit_callbacks, caplog):
    task = _Task(broker_down=True)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(task, 3)
    assert "left for the sweep" in caplog.text
    assert failopen.BROKER_BREAKER.is_open


@pytest.mark.django_db(transaction=True)
def test_the_counters_in_place_are_carried_over_by_the_migrations():
    """Demande references and invoice numbers continue their series (no reuse)."""
    executor = MigrationExecutor(connection)
    before = [
        ("support", "0009_service_account_category"),
        ("subscriptions", "0004_invoice_legal_snapshot"),
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("support", "DemandeCounter").objects.create(year=2026, last_number=123)
    old.get_model("subscriptions", "InvoiceCounter").objects.create(year=2026, last_number=42)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    with transaction.atomic():
        assert next_number(DEMANDE_REFERENCES, 2026) == 124
        assert next_number(INVOICE_NUMBERS, 2026) == 43
