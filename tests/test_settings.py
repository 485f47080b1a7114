"""Production mode refuses unsafe settings and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-test-suite-0123456789"
GOOD_ENCRYPTION_KEY = "dGVzdC1zdWl0ZS1lbmNyeXB0aW9uLWtleS0zMi1iISE="


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_default_secret_key():
    result = _manage("check", PORTAL_ENV="production", ALLOWED_HOSTS="portail.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    result = _manage("check", PORTAL_ENV="production", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PORTAL_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portail.example.com",
        ENCRYPTION_KEYS=GOOD_ENCRYPTION_KEY,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_the_development_encryption_key():
    result = _manage(
        "check", PORTAL_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portail.example.com"
    )
    assert result.returncode != 0
    assert "ENCRYPTION_KEYS" in result.stderr
