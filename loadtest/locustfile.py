"""Load with nothing lost (issue 11): 50 people against `make cluster` for 60 s.

Clients (API tokens made by ``manage.py seed_load``) file Demandes with a
screenshot, under an ``Idempotency-Key`` (and now and then send the same
filing again, as a client whose answer was lost would; after a 5xx or no
answer they retry with the same key, as the API asks), read their list and
their Demandes, upload documents to the shared folder. Agents (MFA set up,
tokens) read the queue, take Demandes in charge (two agents may race: the
loser's 409 is the expected answer) and reply.

Pass: no 5xx, no unexpected answer, p95 under ``LOAD_P95_MS`` (300). What
was answered 201 is written to ``LOAD_RECORD`` for ``manage.py loadcheck``,
which then checks the database, the outbox and the storage against it.

Run by ``deploy/cluster_load.sh`` (``make cluster-load``) in locust's own venv:
locust patches the standard library with gevent, so it stays out of the
project's venv.
"""

import itertools
import json
import os
import random
import struct
import uuid
import zlib

from locust import HttpUser, between, events, task

TOKENS = json.loads(open(os.environ["LOAD_TOKENS"]).read())  # noqa: SIM115
RECORD_PATH = os.environ.get("LOAD_RECORD", "locust-record.json")
P95_LIMIT_MS = float(os.environ.get("LOAD_P95_MS", "300"))
# A TLS-terminating load balancer tells the portal the request came over HTTPS.
HTTPS = {"X-Forwarded-Proto": "https"}

_client_tokens = itertools.cycle(TOKENS["clients"])
_agent_tokens = itertools.cycle(TOKENS["agents"])
sent_keys: list[str] = []  # every Idempotency-Key sent, answered or not
filed: list[dict] = []  # {"reference", "key"} of every 201 (replays included)
uploaded: list[dict] = []  # {"id", "size"} of every document answered 201
server_errors = 0


def png(width: int, height: int, seed: int) -> bytes:
    """A real PNG (the portal checks attachments by content), a few hundred bytes."""
    rows = b"".join(
        b"\x00" + bytes((seed + x * y) % 256 for x in range(width * 3)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@events.request.add_listener
def _count_server_errors(response=None, **kwargs):
    global server_errors
    if response is not None and getattr(response, "status_code", 0) >= 500:
        server_errors += 1


class ApiUser(HttpUser):
    abstract = True
    token_source = None

    def on_start(self):
        token = next(self.token_source)
        self.client.headers.update({"Authorization": f"Token {token}", **HTTPS})

    def expect(self, method, url, *, ok=(200,), name=None, **kwargs):
        """A request whose answer must be one of ``ok``; anything else is a failure."""
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as r:
            if r.status_code in ok:
                r.success()
            else:
                r.failure(f"{r.status_code}: {r.text[:200]}")
            return r


class Client(ApiUser):
    """A client user of an Open or Private organisation."""

    weight = 9
    wait_time = between(1, 3)
    token_source = _client_tokens

    def on_start(self):
        super().on_start()
        self.mine: list[str] = []

    @task(3)
    def file_demande(self):
        key = str(uuid.uuid4())
        support = random.random() < 0.8
        data = {
            "subject": f"Écart de TVA après import {random.randint(1, 99999)}",
            "context": "Import du relevé bancaire de novembre, journal BQ1.",
            "kind": "support" if support else "customer_service",
            "category": "" if support else "billing",
        }
        screenshot = png(24, 16, random.randint(0, 255))
        files = {"attachments": ("capture.png", screenshot, "image/png")}
        headers = {"Idempotency-Key": key}
        sent_keys.append(key)
        r = self.expect(
            "POST", "/api/v1/demandes/", ok=(201,), name="déposer", data=data, files=files,
            headers=headers,
        )  # fmt: skip
        if r.status_code == 0 or r.status_code >= 500:
            # No answer, or a 5xx (counted as a failure above): the filing may have
            # committed. A client retries with the same key, as the API says.
            r = self.expect(
                "POST", "/api/v1/demandes/", ok=(201,), name="déposer (reprise après erreur)",
                data=data, files=files, headers=headers,
            )  # fmt: skip
        if r.status_code != 201:
            return
        reference = r.json()["reference"]
        filed.append({"reference": reference, "key": key})
        self.mine.append(reference)
        if random.random() < 0.1:  # the answer was "lost": the client sends it again
            again = self.expect(
                "POST", "/api/v1/demandes/", ok=(201,), name="déposer (nouvel essai)",
                data=data, files=files, headers=headers,
            )  # fmt: skip
            if again.status_code == 201:
                replayed = again.json()["reference"]
                filed.append({"reference": replayed, "key": key})
                if replayed != reference or again.headers.get("Idempotent-Replayed") != "true":
                    again.failure(f"nouvel essai : {replayed} au lieu de {reference}")

    @task(4)
    def list_demandes(self):
        self.expect("GET", "/api/v1/demandes/", name="liste des demandes")

    @task(3)
    def read_demande(self):
        if self.mine:
            reference = random.choice(self.mine)
            self.expect("GET", f"/api/v1/demandes/{reference}/", name="lire une demande")

    @task(2)
    def upload_document(self):
        content = png(32, 32, random.randint(0, 255))
        name = f"releve-{uuid.uuid4().hex[:12]}.png"
        r = self.expect(
            "POST", "/api/v1/documents/", ok=(201,), name="déposer un document",
            files={"file": (name, content, "image/png")},
        )  # fmt: skip
        if r.status_code == 201:
            uploaded.append({"id": r.json()["id"], "size": len(content)})

    @task(1)
    def list_documents(self):
        self.expect("GET", "/api/v1/documents/", name="liste des documents")


class Agent(ApiUser):
    """A support agent: the queue, take in charge, reply."""

    weight = 1
    wait_time = between(1, 2)
    token_source = _agent_tokens

    @task
    def work_the_queue(self):
        r = self.expect("GET", "/api/v1/demandes/?state=registered", name="file des agents")
        if r.status_code != 200 or not r.json()["results"]:
            return
        reference = random.choice(r.json()["results"][:10])["reference"]
        taken = self.expect(
            "POST", f"/api/v1/demandes/{reference}/take/", ok=(200, 409), name="prendre en charge"
        )
        if taken.status_code == 200:
            self.expect(
                "POST", f"/api/v1/demandes/{reference}/comment/", ok=(201,), name="répondre",
                json={"body": "Bonjour, nous regardons votre import et revenons vers vous."},
            )  # fmt: skip


@events.quitting.add_listener
def _verdict(environment, **kwargs):
    with open(RECORD_PATH, "w") as stream:
        json.dump({"sent_keys": sent_keys, "filed": filed, "uploaded": uploaded}, stream)
    total = environment.stats.total
    p95 = total.get_response_time_percentile(0.95) or 0
    verdicts = {
        "requêtes": total.num_requests,
        "échecs": total.num_failures,
        "erreurs 5xx": server_errors,
        "p95 (ms)": p95,
        "demandes déposées (201)": len({f["reference"] for f in filed}),
        "documents déposés (201)": len(uploaded),
    }
    print("\n".join(f"locust: {k}: {v}" for k, v in verdicts.items()))
    failed = []
    if server_errors or total.num_failures:
        failed.append("des erreurs (voir ci-dessus)")
    if p95 > P95_LIMIT_MS:
        failed.append(f"p95 {p95} ms > {P95_LIMIT_MS:.0f} ms")
    print("locust: " + ("ÉCHEC : " + ", ".join(failed) if failed else "OK"))
    environment.process_exit_code = 1 if failed else 0
