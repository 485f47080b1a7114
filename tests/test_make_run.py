"""``make run PORT=…`` for real: the port reaches every e-mailed link, each
e-mail is its own file, and Ctrl-C (SIGINT to the terminal's process group)
stops the web server and the Celery worker, leaving no process behind."""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import service_required

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 300  # migrate + seed_demo on a busy two-core machine
STOP_TIMEOUT = 60

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="make run uses its own SQLite database: run once, in the SQLite pass",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_with(marker: str) -> list[int]:
    """Pids whose environment holds ``marker`` (our throwaway PORTAL_VAR_DIR)."""
    found = []
    needle = marker.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "\nState:\tZ" not in status:  # a zombie holds no resource
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def _wait_for(predicate, timeout: float, what: str, make: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if make.poll() is not None:
            pytest.fail(f"make run ended early ({make.returncode}):\n{log.read_text()[-3000:]}")
        time.sleep(1)
    pytest.fail(f"{what} not seen within {timeout} s:\n{log.read_text()[-3000:]}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost
            return response.status == 200
    except OSError:
        return False


def test_make_run_uses_its_port_and_ctrl_c_stops_everything(tmp_path):
    service_required("make", bool(shutil.which("make")))
    port = _free_port()
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_BACKEND"}
        and key not in {"SITE_URL", "EMAIL_FILE_PATH", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    }
    env.update(PORTAL_VAR_DIR=str(var_dir), DATABASE_URL=f"sqlite:///{var_dir}/db.sqlite3")
    log = tmp_path / "make-run.log"
    mail_dir = var_dir / "mail"
    with open(log, "wb") as out:
        make = subprocess.Popen(  # noqa: S603
            ["make", "run", f"PORT={port}"],  # noqa: S607
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal gives it
        )
    try:
        _wait_for(
            lambda: _answers(f"http://127.0.0.1:{port}/accounts/login/"),
            START_TIMEOUT,
            "the web server",
            make,
            log,
        )
        # seed_demo queues e-mails; the worker sends them, one file each.
        _wait_for(
            lambda: mail_dir.is_dir() and any(mail_dir.iterdir()), 120, "an e-mail file", make, log
        )
        output = log.read_text()
        assert "Demo-Portail-2026" in output  # the demo logins are printed
        assert f"http://127.0.0.1:{port}/" in output

        os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C does
        make.wait(timeout=STOP_TIMEOUT)
        deadline = time.monotonic() + 10
        while _processes_with(str(var_dir)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _processes_with(str(var_dir)) == []
    finally:
        for pid in _processes_with(str(var_dir)):
            os.kill(pid, signal.SIGKILL)

    mails = sorted(mail_dir.iterdir())
    links = [
        link for path in mails for link in re.findall(r"https?://[^\s\"<>]+", path.read_text())
    ]
    assert links
    assert all(link.startswith(f"http://127.0.0.1:{port}/") for link in links), links
    assert all(path.read_text().count("\nSubject: ") == 1 for path in mails)
    celery_log = (var_dir / "celery.log").read_text()
    assert celery_log.count("Warm shutdown") <= 1
    assert "Segmentation" not in log.read_text()
