"""The API keeps its contract: schemathesis against a live server on the demo data.

``make fuzz-api`` (and a step of ``.ci/run``) builds a throwaway SQLite
database under ``var/fuzz``, seeds the demo data, serves the portal with
gunicorn on a free port (rate limits raised for this run only) and runs
schemathesis from ``/api/schema/`` as a client user, an agent and a client
administrator, in that order (the administrator may deactivate people, so he
comes last). The checks: no 5xx, status codes, content types and bodies as the
schema declares. Each role has a time budget; the whole run takes a few minutes.

The agent is demo vendor staff with a TOTP set up (``portal/core/demo.py``), so
his token keeps working where MFA is enforced on tokens.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKDIR = ROOT / "var" / "fuzz"
ROLES = [
    ("client user", "user@lefevre.demo"),  # Private formula: every operation applies
    ("agent", "agent1@editeur.demo"),
    ("client administrator", "admin@lefevre.demo"),
]
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
SECONDS_PER_ROLE = int(os.environ.get("FUZZ_SECONDS_PER_ROLE", "50"))
SEED = os.environ.get("FUZZ_SEED", "15")

# Per role: an API token, and identifiers of demo objects the role may see, so
# that the detail and action operations are reached with real objects too.
ROLES_SCRIPT = """
import json
from django.utils import timezone
from portal.accounts.models import User
from portal.accounts.services import create_api_token
from portal.documents.selectors import visible_documents
from portal.status import selectors as status
from support.models import Attachment
from support.selectors import visible_demandes
from subscriptions.models import Invoice

def first(queryset, attribute="public_id"):
    found = queryset.first()
    return str(getattr(found, attribute)) if found is not None else None

today = timezone.localdate()
roles = {{}}
for email in {emails!r}:
    user = User.objects.get(email=email)
    demandes = visible_demandes(user).order_by("pk")
    attachment = Attachment.objects.filter(demande__in=demandes).select_related("demande").first()
    members = User.objects.filter(organisation_id=user.organisation_id).exclude(pk=user.pk)
    invoices = Invoice.objects.filter(contract__organisation_id=user.organisation_id)
    roles[email] = {{
        "token": create_api_token(user=user).key,
        "year": today.year,
        "month": today.month,
        "reference": first(demandes, "reference"),
        "attachment": attachment and [attachment.demande.reference, str(attachment.public_id)],
        "/api/v1/invoices/": first(invoices.order_by("pk")),
        "/api/v1/users/": first(members.order_by("pk")) if user.organisation_id else None,
        "/api/v1/documents/": first(visible_documents(user).order_by("pk")),
        "/api/v1/incidents/": first(status.incidents_for(user).order_by("pk")),
        "/api/v1/maintenances/": first(status.maintenances_for(user, scope="all").order_by("pk")),
        "/api/v1/releases/": first(status.releases_for(user).order_by("pk")),
        "/api/v1/restorations/": first(status.restorations_for(user).order_by("pk")),
    }}
print("ROLES=" + json.dumps(roles))
"""


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        PORTAL_VAR_DIR=str(WORKDIR),
        DATABASE_URL=f"sqlite:///{WORKDIR / 'fuzz.sqlite3'}",
        DEBUG="false",
        SECRET_KEY="fuzz-only-secret-key-not-for-production-0123456789abcdef",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        API_THROTTLE_USER="100000/min",  # raised for this run only
    )
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    return env


def manage(env, *args, capture=False) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("the server stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no answer from {url}")


def prepare(env) -> dict:
    shutil.rmtree(WORKDIR, ignore_errors=True)
    (WORKDIR / "media").mkdir(parents=True)
    for folder in ("broker/queue", "broker/processed", "cache", "static"):
        (WORKDIR / folder).mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    manage(env, "spectacular", "--file", str(WORKDIR / "schema.json"), "--format", "openapi-json")
    emails = [email for _role, email in ROLES]
    output = manage(env, "shell", "-c", ROLES_SCRIPT.format(emails=emails), capture=True)
    line = next(line for line in output.splitlines() if line.startswith("ROLES="))
    return json.loads(line.removeprefix("ROLES="))


def config_file(email: str, data: dict) -> Path:
    """A schemathesis.toml giving this role's real identifiers to the path parameters."""
    lines = [
        "[parameters]",
        f'"path.year" = {data["year"]}',
        f'"path.month" = {data["month"]}',
    ]
    if data["reference"]:
        lines.append(f'"path.reference" = "{data["reference"]}"')
    for prefix, value in data.items():
        if prefix.startswith("/api/") and value:
            lines += ["[[operations]]", f'include-path-regex = "^{prefix}"']
            lines.append(f'parameters = {{ "path.public_id" = "{value}" }}')
    if data["attachment"]:
        reference, public_id = data["attachment"]
        lines += ["[[operations]]", 'include-path-regex = "/fichiers/"']
        lines.append(
            f'parameters = {{ "path.reference" = "{reference}", "path.public_id" = "{public_id}" }}'
        )
    path = WORKDIR / f"schemathesis-{email}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fuzz(base_url: str, email: str, data: dict, role: str) -> int:
    print(f"\n=== schemathesis as {role} ({email}) ===", flush=True)
    token = data["token"]
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(config_file(email, data)),
        "run",
        str(WORKDIR / "schema.json"),
        "--url",
        base_url,
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        CHECKS,
        "--max-time",
        str(SECONDS_PER_ROLE),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--generation-database",
        "none",
        "--no-color",
        "--output-truncate",
        "true",
    ]
    # Run from var/fuzz: schemathesis keeps its own files in the current directory.
    return subprocess.run(command, cwd=WORKDIR, check=False).returncode  # noqa: S603


def main() -> int:
    env = environment()
    roles = prepare(env)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=open(WORKDIR / "server.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"{base_url}/healthz/", server)
        failures = [role for role, email in ROLES if fuzz(base_url, email, roles[email], role) != 0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failures:
        print(f"\nschemathesis failed as: {', '.join(failures)} (server log: {WORKDIR}/server.log)")
        return 1
    print("\nschemathesis: the API keeps its contract for every role.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
