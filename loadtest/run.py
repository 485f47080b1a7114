"""``make loadtest``: the main pages under a real HTTP load (issue 11).

gunicorn with 2 sync workers, SQLite, DEBUG off, on the database of
``seed_bench`` (``var/bench``, made by the Makefile if missing); wrk sends the
session cookie of a client user, an agent (MFA done) and a Private client
administrator, or the administrator's API token (``loadtest/session.lua``).
For each page: a warm-up, then ``LOADTEST_CONNECTIONS`` (8) connections for
``LOADTEST_SECONDS`` (20) seconds; the light pages are also measured at one
connection (``LOADTEST_SINGLE_SECONDS``, 10). Prints a Markdown table —
requests/s, p50/p95/p99 latency, answers that are not 2xx, CPU time of the
gunicorn workers per request, SQL queries per page (from a test-client pass,
``manage.py loadtest_prepare``) — and writes it to ``var/bench/loadtest.md``.
Cache and sessions are in a throwaway Redis, as in production
(``LOADTEST_REDIS_PORT``, 6386), when redis-server is installed.

The machine's load average and the CPU time its hypervisor took (steal) are
printed beside the figures. On a shared virtual machine requests/s fall when
the neighbours are busy, and CPU time per request grows with them, since caches
and memory bandwidth are shared too: the same commit (12e4de1) measured
5.8–6.3 ms of CPU per Demande page on a busy day and 2.7 ms on a quiet one.
Query counts hold.
Run with the project's virtualenv: ``.venv/bin/python loadtest/run.py``.
"""

import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "var" / "bench"
LUA = ROOT / "loadtest" / "session.lua"

#: Targets of issue 11: requests/s at 8 connections, p95 at one connection (light pages).
LIGHT_RATE, OTHER_RATE, LIGHT_P95_MS = 400, 250, 10
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WRK_MISSING = (
    "wrk est introuvable. Installez-le : « apt-get install -y wrk » (Debian, Ubuntu) "
    "ou « brew install wrk » (macOS), puis relancez « make loadtest »."
)


def settings_from_env() -> dict:
    return {
        "port": int(os.environ.get("LOADTEST_PORT", "8205")),
        "connections": int(os.environ.get("LOADTEST_CONNECTIONS", "8")),
        "seconds": int(os.environ.get("LOADTEST_SECONDS", "20")),
        "single_seconds": int(os.environ.get("LOADTEST_SINGLE_SECONDS", "10")),
        "warmup_seconds": int(os.environ.get("LOADTEST_WARMUP_SECONDS", "2")),
        "workers": int(os.environ.get("LOADTEST_WORKERS", "2")),
        # An answer slower than this is a socket error for wrk (its default: 2 s).
        "timeout": int(os.environ.get("LOADTEST_TIMEOUT_SECONDS", "10")),
        "pages": [p for p in os.environ.get("LOADTEST_PAGES", "").split(",") if p],
        "redis_port": int(os.environ.get("LOADTEST_REDIS_PORT", "6386")),
    }


def server_env() -> dict:
    """The environment of ``make bench``, plus an API rate limit the load cannot reach.

    Every API request still goes through the throttle (a cache read and write);
    one token at hundreds of requests per second stands for many callers.
    """
    env = dict(os.environ)
    env.update(
        PORTAL_VAR_DIR=str(BENCH_DIR),
        DATABASE_URL=f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}",
        DEBUG="false",
        API_THROTTLE_USER=os.environ.get("LOADTEST_API_THROTTLE", "100000/s"),
    )
    return env


def main() -> int:
    wrk = shutil.which("wrk")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr)
        return 2
    config = settings_from_env()
    env = server_env()
    redis = start_redis(config, env)
    plan_file = BENCH_DIR / "loadtest.json"
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    print("Préparation : sessions, jeton, requêtes SQL par page (manage.py loadtest_prepare)…")
    subprocess.run(  # noqa: S603 — our own manage.py
        [*manage, "loadtest_prepare", "--output", str(plan_file)], env=env, check=True, cwd=ROOT
    )
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    pages = [p for p in plan["pages"] if not config["pages"] or p["key"] in config["pages"]]
    load_before = os.getloadavg()
    cpu_before = machine_cpu_ticks()
    server = start_gunicorn(config, env)
    try:
        wait_until_ready(config["port"])
        rows = [measure(wrk, config, server, page) for page in pages]
    finally:
        stop(server)
        if redis is not None:
            stop(redis)
    load_after = os.getloadavg()
    config["stolen"] = stolen_share(cpu_before, machine_cpu_ticks())
    text = report(plan, config, rows, load_before, load_after)
    print(text)
    (BENCH_DIR / "loadtest.md").write_text(text + "\n", encoding="utf-8")
    # Errors fail the run; a missed rate is reported (it depends on the machine's load).
    return 1 if any(row["errors"] for row in rows) else 0


def start_redis(config: dict, env: dict) -> subprocess.Popen | None:
    """Cache and sessions in Redis, as in production (a throwaway server, like
    ``make cluster``'s), unless ``REDIS_URL`` names one or redis-server is missing
    (then the file cache and database sessions of the default settings)."""
    if env.get("REDIS_URL"):
        config["cache"] = "Redis (REDIS_URL)"
        return None
    binary = shutil.which("redis-server")
    if binary is None:
        config["cache"] = "cache fichier, sessions en base (redis-server absent)"
        return None
    port = config["redis_port"]
    command = [
        binary,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    redis = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    config["cache"] = f"Redis (127.0.0.1:{port}, démarré pour la mesure)"
    return redis


def start_gunicorn(config: dict, env: dict) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "portal.wsgi",
        "--workers",
        str(config["workers"]),
        "--bind",
        f"127.0.0.1:{config['port']}",
        "--error-logfile",
        str(BENCH_DIR / "gunicorn.log"),
    ]
    # The worker class is gunicorn.conf.py's: sync, answering its refusals in French.
    print(f"gunicorn : {config['workers']} workers sync sur 127.0.0.1:{config['port']}")
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603


def wait_until_ready(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers boot
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn ne répond pas sur le port {port} (voir var/bench/gunicorn.log).")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the master we started: it stops its workers and exits."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def workers_cpu_seconds(master_pid: int) -> float:
    """User + system CPU time of the master's children (the workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == master_pid:  # field 4 of stat: the parent's pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def machine_cpu_ticks() -> tuple[int, int] | None:
    """The machine's CPU time so far, all of it and the part stolen: (total, steal).

    On a virtual machine the hypervisor may give our cores to other guests; that
    time, /proc/stat's eighth figure, is lost to the measure. None off Linux.
    """
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    ticks = [int(value) for value in first[1:9]]  # user … steal; guest time is inside user
    return sum(ticks), ticks[7]


def stolen_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of the machine's CPU time the hypervisor took between two readings."""
    if before is None or after is None or after[0] <= before[0]:
        return None
    return (after[1] - before[1]) / (after[0] - before[0])


def run_wrk(wrk: str, config: dict, page: dict, *, connections: int, seconds: int) -> dict:
    name, value = next(iter(page["headers"].items()))
    env = dict(os.environ, LOADTEST_HEADER_NAME=name, LOADTEST_HEADER_VALUE=value)
    threads = min(connections, 2)
    url = f"http://127.0.0.1:{config['port']}{page['url']}"
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA)]
    command += ["--timeout", f"{config['timeout']}s", url]
    answer = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    output = answer.stdout
    match = re.search(r"^LOADTEST (\{.*\})$", output, re.MULTILINE)
    if match is None:
        raise SystemExit(f"Sortie de wrk illisible :\n{output}")
    figures = json.loads(match.group(1))
    figures["rate"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def measure(wrk: str, config: dict, server: subprocess.Popen, page: dict) -> dict:
    print(f"… {page['label']} ({page['url']})", flush=True)
    if config["warmup_seconds"]:
        run_wrk(wrk, config, page, connections=2, seconds=config["warmup_seconds"])
    cpu_before = workers_cpu_seconds(server.pid)
    loaded = run_wrk(
        wrk, config, page, connections=config["connections"], seconds=config["seconds"]
    )
    cpu = workers_cpu_seconds(server.pid) - cpu_before
    single = None
    if page["light"] and config["single_seconds"]:
        single = run_wrk(wrk, config, page, connections=1, seconds=config["single_seconds"])
    target = LIGHT_RATE if page["light"] else OTHER_RATE
    errors = loaded["not_2xx"] + loaded["socket_errors"]
    if single is not None:
        errors += single["not_2xx"] + single["socket_errors"]
    ok = loaded["rate"] >= target and errors == 0
    if single is not None:
        ok = ok and single["p95_us"] / 1000 < LIGHT_P95_MS
    return {
        "page": page,
        "loaded": loaded,
        "single": single,
        "cpu_ms": 1000 * cpu / max(loaded["requests"], 1),
        "target": target,
        "errors": errors,
        "ok": ok,
    }


def report(plan: dict, config: dict, rows: list, load_before, load_after) -> str:
    lines = [
        f"- date : {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, commit {_commit()}",
        f"- machine : {_cpu_model()}, {os.cpu_count()} cœurs, Python {platform.python_version()}",
        f"- charge de la machine (load average 1 min) : {load_before[0]:.1f} avant, "
        f"{load_after[0]:.1f} après",
        f"- temps CPU pris par l'hyperviseur pendant la mesure (steal) : {_share(config)}",
        f"- données : {plan['demandes']} demandes ; client Private « {plan['organisation']} » "
        f"({plan['organisation_demandes']} demandes)",
        f"- gunicorn {config['workers']} workers sync, SQLite, DEBUG off ; cache et sessions : "
        f"{config.get('cache', '?')} ; wrk "
        f"{config['connections']} connexions × {config['seconds']} s par page "
        f"(pages légères : aussi 1 connexion × {config['single_seconds']} s)",
        "",
        "| page | SQL | req/s | p50 / p95 / p99 (ms) | non-2xx / socket | CPU/req (ms) "
        "| p95 à 1 connexion | objectif |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        loaded, single = row["loaded"], row["single"]
        latency = " / ".join(f"{loaded[k] / 1000:.1f}" for k in ("p50_us", "p95_us", "p99_us"))
        errors = f"{loaded['not_2xx']} / {loaded['socket_errors']}"
        if loaded["bad_status"]:
            errors += f" (HTTP {loaded['bad_status']})"
        one = f"{single['p95_us'] / 1000:.1f} ms" if single else "—"
        goal = f"≥ {row['target']} req/s" + (f", p95 < {LIGHT_P95_MS} ms" if single else "")
        lines.append(
            f"| {row['page']['label']} | {row['page']['queries']} | {loaded['rate']:.0f} "
            f"| {latency} | {errors} | {row['cpu_ms']:.1f} | {one} "
            f"| {goal} {'✓' if row['ok'] else '✗'} |"
        )
    return "\n".join(lines)


def _share(config: dict) -> str:
    stolen = config.get("stolen")
    return "inconnu" if stolen is None else f"{100 * stolen:.1f} %"


def _commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "?"
    command = [git, "rev-parse", "--short", "HEAD"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT).stdout.strip()  # noqa: S603


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


if __name__ == "__main__":
    sys.exit(main())
