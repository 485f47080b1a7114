"""gunicorn answers in French what it refuses before Django sees it (issue 11:
every error a person can cause answered in French; the API's schema declares it).

A real gunicorn, started from the repository's root as every command here starts
it, so that ``gunicorn.conf.py`` and its worker are what is tested.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.core.gunicorn_worker import answer, refusal

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _send(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(data)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    folder = tmp_path_factory.mktemp("gunicorn")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DEBUG="false",
    )
    command = [str(GUNICORN), "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
    log = folder / "gunicorn.log"  # a file, not a pipe nobody empties while it runs
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 — our own gunicorn and settings
            command, cwd=ROOT, env=env, stdout=output, stderr=output
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_a_too_long_address_is_a_414_in_french(server):
    line = b"GET /api/v1/learning/items/?q=" + b"x" * 9000 + b" HTTP/1.1\r\n"
    raw = _send(server, line + b"Host: 127.0.0.1\r\n\r\n")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 ")
    assert b"Content-Type: text/html; charset=utf-8" in head
    assert b"Cache-Control: no-store" in head
    text = body.decode("utf-8")
    assert '<html lang="fr">' in text
    assert "Adresse trop longue" in text
    assert "Raccourcissez la recherche" in text
    assert 'name="viewport" content="width=device-width' in text  # readable at 390 px
    assert '<a href="/">' in text
    assert "<script" not in text and "style" not in text


def test_too_large_headers_are_a_431_in_french(server):
    cookie = b"Cookie: " + b"a" * 9000 + b"\r\n"
    raw = _send(server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookie + b"\r\n")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 431 ")
    assert "Effacez les cookies de ce site" in body.decode("utf-8")


def test_other_refusals_stay_gunicorns():
    assert refusal(ValueError("x")) is None


def test_the_answer_counts_its_bytes_not_its_characters():
    raw = answer(414, "URI Too Long", "Adresse trop longue", "é" * 10)
    head, _, body = raw.partition(b"\r\n\r\n")
    assert f"Content-Length: {len(body)}".encode() in head
    assert len(body) > len(body.decode("utf-8"))
