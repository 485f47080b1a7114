"""The README's example clients (curl and Python httpx) file a Demande with a
screenshot and follow it, against a live server: the README stays true."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from support.models import Attachment, Comment, Demande
from tests.support.factories import png_bytes

README = Path(__file__).resolve().parents[2] / "README.md"


def example(language: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- api-client-example:{language} -->\n```{language}\n(.*?)```", text, re.DOTALL
    )
    assert match, f"no {language} example client in the README"
    return match.group(1)


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "capture.png").write_bytes(png_bytes())
    return tmp_path


def run(command, workdir, live_server, user):
    env = {
        **os.environ,
        "PORTAL_URL": live_server.url,
        "PORTAL_TOKEN": Token.objects.create(user=user).key,
    }
    return subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.django_db(transaction=True)
def test_the_python_example_files_and_follows_a_demande(live_server, workdir, client_user):
    result = run([sys.executable, "-c", example("python")], workdir, live_server, client_user)
    assert result.returncode == 0, result.stderr + result.stdout
    demande = Demande.objects.get()
    assert demande.requester == client_user and demande.channel == Demande.Channel.API
    assert Attachment.objects.get(demande=demande).original_name == "capture.png"
    assert Comment.objects.get(demande=demande).body == "Toujours bloqué."
    assert f"Déposée : {demande.reference}" in result.stdout
    assert f"En cours : ['{demande.reference}']" in result.stdout


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_example_files_and_reads_a_demande(live_server, workdir, client_user):
    script = example("sh").replace(
        "export PORTAL_URL=http://127.0.0.1:8000 PORTAL_TOKEN=votre-jeton\n", ""
    )
    result = run(["bash", "-euo", "pipefail", "-c", script], workdir, live_server, client_user)
    assert result.returncode == 0, result.stderr + result.stdout
    demande = Demande.objects.get()
    assert f'"reference":"{demande.reference}"' in result.stdout
    assert Attachment.objects.filter(demande=demande).count() == 1
