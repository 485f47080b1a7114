"""``make loadtest`` (issue 11): its preparation on a small seed_bench data set, and
its driver's answers when wrk is missing and when it reports."""

import importlib.util
import json
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from support.business_time import PARIS

NOW = datetime(2026, 11, 18, 15, 20, tzinfo=PARIS)
RUN_PY = Path(__file__).resolve().parent.parent / "loadtest" / "run.py"


def _driver():
    spec = importlib.util.spec_from_file_location("loadtest_run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_prepare_gives_working_sessions_token_and_query_counts(tmp_path):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_bench", demandes=200, organisations=6, seed=3, stdout=StringIO())
    output = tmp_path / "plan.json"
    call_command("loadtest_prepare", output=str(output), host="testserver")
    plan = json.loads(output.read_text(encoding="utf-8"))
    keys = [page["key"] for page in plan["pages"]]
    assert keys[:5] == ["demande", "agent_home", "queue", "client_list", "dashboard"]
    assert "api_demandes" in keys
    for page in plan["pages"]:
        assert 0 < page["queries"] <= 12, page["key"]  # the page's own + at most 8
        name, value = next(iter(page["headers"].items()))
        browser = Client()
        if name == "Cookie":  # what wrk sends: the session cookie, nothing else
            browser.cookies["sessionid"] = value.split("=", 1)[1]
            response = browser.get(page["url"])
        else:
            response = browser.get(page["url"], headers={name: value})
        assert response.status_code == 200, page["url"]


def test_the_driver_says_how_to_install_wrk(monkeypatch, capsys):
    driver = _driver()
    monkeypatch.setattr(driver.shutil, "which", lambda name: None)
    assert driver.main() == 2
    assert "apt-get install -y wrk" in capsys.readouterr().err


def test_the_report_is_a_table_with_the_targets():
    driver = _driver()
    figures = {"p50_us": 1500, "p95_us": 4000, "p99_us": 9000, "bad_status": 0}
    figures.update(not_2xx=0, socket_errors=0)
    page = {"label": "Demande (client)", "queries": 9}
    rows = [
        {
            "page": page,
            "loaded": {**figures, "rate": 512.4},
            "single": {**figures, "p95_us": 6200},
            "cpu_ms": 3.21,
            "target": 400,
            "errors": 0,
            "ok": True,
        }
    ]
    plan = {"demandes": 100000, "organisation": "Client", "organisation_demandes": 299}
    config = {"workers": 2, "connections": 8, "seconds": 20, "single_seconds": 10}
    text = driver.report(plan, config, rows, (1.0, 1.0, 1.0), (2.0, 2.0, 2.0))
    assert "| Demande (client) | 9 | 512 | 1.5 / 4.0 / 9.0 | 0 / 0 | 3.2 | 6.2 ms |" in text
    assert "≥ 400 req/s, p95 < 10 ms ✓" in text
    assert "1.0 avant, 2.0 après" in text


def test_the_report_says_how_much_cpu_the_hypervisor_took():
    driver = _driver()
    assert driver.stolen_share((1000, 10), (2000, 60)) == pytest.approx(0.05)
    assert driver.stolen_share(None, (2000, 60)) is None
    assert driver.stolen_share((2000, 60), (2000, 60)) is None  # no time passed
    reading = driver.machine_cpu_ticks()
    assert reading is None or 0 <= reading[1] <= reading[0]
    plan = {"demandes": 10, "organisation": "Client", "organisation_demandes": 1}
    config = {"workers": 2, "connections": 8, "seconds": 20, "single_seconds": 10}
    text = driver.report(plan, {**config, "stolen": 0.031}, [], (1.0,) * 3, (1.0,) * 3)
    assert "(steal) : 3.1 %" in text
    assert "(steal) : inconnu" in driver.report(plan, config, [], (1.0,) * 3, (1.0,) * 3)
