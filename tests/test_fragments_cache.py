"""``fragments.cached``: the shared cache, and the process's own copy (issue 11)."""

from datetime import UTC, datetime, timedelta

import time_machine

from portal.core.fragments import cached, forget_recent

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return f"valeur {len(calls)}"

    return calls, compute


def test_a_value_is_computed_once_while_it_lives():
    calls, compute = _counting()
    with time_machine.travel(NOW, tick=False):
        assert cached("test:once", 5, compute) == "valeur 1"
        assert cached("test:once", 5, compute) == "valeur 1"
    assert len(calls) == 1


def test_another_process_reads_the_shared_copy():
    calls, compute = _counting()
    with time_machine.travel(NOW, tick=False):
        cached("test:shared", 5, compute)
        forget_recent()  # as a process that never served it
        assert cached("test:shared", 5, compute) == "valeur 1"
    assert len(calls) == 1


def test_the_process_copy_ends_with_the_shared_one():
    """The process keeps the expiry given to the shared entry: the bound holds."""
    calls, compute = _counting()
    with time_machine.travel(NOW, tick=False) as traveller:
        cached("test:expiry", 5, compute)
        traveller.shift(timedelta(seconds=4))
        assert cached("test:expiry", 5, compute) == "valeur 1"
        traveller.shift(timedelta(seconds=2))
        assert cached("test:expiry", 5, compute) == "valeur 2"
    assert len(calls) == 2
