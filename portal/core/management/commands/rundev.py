"""``make run``: the development web server and one Celery worker (with beat),
started together and stopped together.

Both children run in their own session, so the terminal's Ctrl-C reaches only
this command, which then stops them in order: the worker gets one SIGTERM (a
warm shutdown: running tasks finish, the pool and beat stop), the web server
one SIGINT; whatever is still alive after ``--grace`` seconds is killed with
its process group. No process is left behind and each child is signalled once
(a second signal would turn Celery's warm shutdown into a cold one).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

POLL_SECONDS = 0.2


class Command(BaseCommand):
    help = "Lance le serveur web et le worker Celery (avec beat) ; Ctrl-C arrête les deux."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--celery-log", default=str(Path(settings.VAR_DIR) / "celery.log"))
        parser.add_argument("--grace", type=float, default=20.0)
        parser.add_argument("--noreload", action="store_true")

    def handle(self, *args, addrport, celery_log, grace, noreload, **options):
        self._stopping = False
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._request_stop)
        children = [
            ("worker", self._start_worker(celery_log), signal.SIGTERM),
            ("web", self._start_web(addrport, noreload), signal.SIGINT),
        ]
        while not self._stopping and all(proc.poll() is None for _, proc, _ in children):
            time.sleep(POLL_SECONDS)
        self.stdout.write("Arrêt du serveur web et du worker Celery…")
        for _name, proc, stop_signal in children:
            if proc.poll() is None:
                proc.send_signal(stop_signal)
        deadline = time.monotonic() + grace
        for _name, proc, _signal in children:
            _wait_then_kill(proc, deadline)
        self.stdout.write("Arrêtés.")

    def _request_stop(self, signum, frame):
        self._stopping = True

    def _start_worker(self, celery_log):
        # No --schedule: django-celery-beat's DatabaseScheduler keeps its state
        # in the database and ignores that option.
        command = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "portal",
            "worker",
            "-B",
            "--loglevel=INFO",
            "--concurrency=2",
        ]
        with open(celery_log, "ab") as log:
            return subprocess.Popen(  # noqa: S603 - our own interpreter's celery
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _start_web(self, addrport, noreload):
        command = [sys.executable, "manage.py", "runserver", addrport]
        if noreload:
            command.append("--noreload")
        return subprocess.Popen(  # noqa: S603 - our own manage.py
            command, stdin=subprocess.DEVNULL, start_new_session=True
        )


def _wait_then_kill(proc: subprocess.Popen, deadline: float) -> None:
    """Wait for ``proc`` until ``deadline``, then kill its whole process group
    (the autoreloader's child, the worker's pool and beat)."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
