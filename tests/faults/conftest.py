"""Real components for the fault tests: a PostgreSQL cluster they may restart,
a Redis they may stop, Celery workers and beats in their own processes.

``tests/faults/run.sh`` creates the cluster and exports where it is; without
it these tests skip locally and fail in CI (``CI=true``).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import service_required

ROOT = Path(__file__).resolve().parents[2]


def _as_postgres(*command) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Postgres:
    """The throwaway cluster of run.sh: stop, start, restart like an operator."""

    def __init__(self):
        self.bin = os.environ["FAULTS_PG_BIN"]
        self.dir = os.environ["FAULTS_PG_DIR"]

    def _ctl(self, *args) -> None:
        command = _as_postgres(f"{self.bin}/pg_ctl", "-D", self.dir, "-l", f"{self.dir}/log")
        subprocess.run([*command, *args], check=True, capture_output=True, timeout=60)

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._ctl("-w", "start")

    def restart(self) -> None:
        self._ctl("-m", "fast", "-w", "restart")


class Redis:
    """A Redis server on the port run.sh chose, started and stopped by the test."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--daemonize", "yes", "--bind",
             "127.0.0.1", "--save", "", "--appendonly", "no"],
            check=True, capture_output=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.is_up():
            assert time.monotonic() < deadline, "redis did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True
        )
        deadline = time.monotonic() + 10
        while self.is_up():
            assert time.monotonic() < deadline, "redis did not stop"
            time.sleep(0.05)

    def is_up(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
        )
        return result.stdout.strip() == "PONG"

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture
def postgres(transactional_db):
    service_required("the fault tests' PostgreSQL (tests/faults/run.sh)", _has_cluster())
    server = Postgres()
    yield server
    if not _pg_running(server):  # a failed test must not leave the cluster down
        server.start()
    connection.close()  # the test's own connection died with the restart


@pytest.fixture
def redis_server():
    port = os.environ.get("FAULTS_REDIS_PORT")
    service_required("the fault tests' Redis port (tests/faults/run.sh)", bool(port))
    server = Redis(int(port))
    server.start()
    server.client().flushall()
    yield server
    server.stop()


def _has_cluster() -> bool:
    return bool(os.environ.get("FAULTS_PG_DIR")) and connection.vendor == "postgresql"


def _pg_running(server: Postgres) -> bool:
    status = subprocess.run(
        [*_as_postgres(f"{server.bin}/pg_ctl", "-D", server.dir, "status")], capture_output=True
    )
    return status.returncode == 0


def process_env(redis_url: str, **extra) -> dict:
    """The environment of a worker or beat process on the test database."""
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def start_process(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A Celery command in its own process group, so SIGKILL takes all of it."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=30)


def wait_until(predicate, *, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
