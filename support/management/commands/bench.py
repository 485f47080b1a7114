"""Measure the support desk on the dataset of ``seed_bench`` (``make bench``).

Prints a Markdown table: the SLA clock (``add_business_time`` calls per second
for an 8-hour délai on Open, and the cost ratio of a 1,000-hour délai to a
1-hour one, from support/bench_business_time.py); the main pages (p50/p95
server time through Django's test client, middleware and templates included,
and the SQL query count of each request); the timer sweep when nothing is
due and when 1 % of the Demandes fall due at once.

Targets (issue 3): p95 under 100 ms per page on SQLite at 100,000 Demandes,
query counts independent of page size and of the number of Demandes, sweep
under 50 ms when nothing is due. Read-only, except the 1 % sweep, which runs
inside a transaction rolled back at the end.
"""

import os
import platform
import random
import sqlite3
import statistics
import time
from datetime import timedelta

import django
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.organisations.models import Organisation
from subscriptions.models import Formula
from support.models import Demande

PAGE_TARGET_MS = 100
SWEEP_TARGET_MS = 50


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Mesure les délais, les pages du support et le balayage des échéances (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=30)
        parser.add_argument("--clock-seconds", type=float, default=3.0)
        parser.add_argument("--output", help="Écrire aussi le tableau dans ce fichier.")

    def handle(self, *args, iterations: int, clock_seconds: float, output=None, **options):
        total = Demande.objects.count()
        if not total:
            raise CommandError("Aucune demande : lancez d'abord « manage.py seed_bench ».")
        self.iterations = iterations
        lines = [
            *self._header(total),
            "",
            "| mesure | résultat | objectif |",
            "| --- | --- | --- |",
        ]
        lines += self._clock(clock_seconds)
        lines += self._pages()
        lines += self._sweeps(total)
        text = "\n".join(lines)
        self.stdout.write(text)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")

    def _header(self, total: int) -> list[str]:
        engine = connection.vendor
        version = sqlite3.sqlite_version if engine == "sqlite" else connection.pg_version
        return [
            f"- date : {timezone.localtime():%Y-%m-%d %H:%M} (Europe/Paris)",
            f"- machine : {_cpu_model()}, "
            f"{os.cpu_count()} cœurs, {platform.system()} {platform.release()}",
            f"- logiciels : Python {platform.python_version()}, Django {django.get_version()}, "
            f"{engine} {version}, DEBUG={'oui' if _debug() else 'non'}",
            f"- données : {Organisation.objects.count()} organisations, "
            f"{User.objects.count()} comptes, {total} demandes, "
            f"{Demande.objects.filter(state__in=Demande.OPEN_STATES).count()} en cours",
            f"- {self.iterations} requêtes mesurées par page (après 3 de chauffe)",
        ]

    # --- the SLA clock --------------------------------------------------------

    def _clock(self, seconds: float) -> list[str]:
        from support.bench_business_time import run

        figures = run(seconds)
        per_second = f"{figures['calls_per_second_8h']:,}".replace(",", " ")
        one, thousand = figures["microseconds_per_call_1h"], figures["microseconds_per_call_1000h"]
        return [
            f"| add_business_time, 8 h (Open) | {per_second} appels/s "
            f"({figures['microseconds_per_call_8h']} µs) | ≥ 100 000 appels/s |",
            f"| coût 1 000 h / 1 h | {figures['cost_ratio_1000h_to_1h']} "
            f"({one} µs / {thousand} µs) | ≤ 2 |",
        ]

    # --- pages ------------------------------------------------------------------

    def _pages(self) -> list[str]:
        agent = User.objects.filter(role=Role.AGENT, is_active=True).order_by("pk").first()
        private = (
            Organisation.objects.filter(contract__formula=Formula.PRIVATE)
            .annotate(n=Count("demandes"))
            .order_by("-n")
            .first()
        )
        if agent is None or private is None:
            raise CommandError("Il faut un agent et un client Private (seed_bench).")
        admin = private.members.filter(role=Role.CLIENT_ADMIN, is_active=True).first()
        open_count = Demande.objects.filter(state__in=Demande.OPEN_STATES).count()
        deep_page = max(1, min(40, (open_count + 24) // 25))
        rng = random.Random(7)
        sample = list(Demande.objects.order_by("?").values_list("reference", flat=True)[:20])
        details = [reverse("support:detail", kwargs={"reference": r}) for r in sample]
        rng.shuffle(details)
        pages = [
            ("File des agents, page 1", agent, [reverse("support:queue")]),
            (
                f"File des agents, page {deep_page}",
                agent,
                [reverse("support:queue") + f"?page={deep_page}"],
            ),
            (
                f"Liste client (organisation, {private.n} demandes)",
                admin,
                [reverse("support:list") + "?scope=organisation"],
            ),
            ("Détail d'une demande (agent, 20 demandes)", agent, details),
            (
                f"Tableau de bord Private ({private.n} demandes)",
                admin,
                [reverse("support:dashboard")],
            ),
            (
                "Conformité, tous les clients (agent ; liste en cache 5 min)",
                agent,
                [reverse("support:compliance")],
            ),
        ]
        lines = []
        for label, user, urls in pages:
            lines.append(self._page(label, user, urls))
        return [*lines, self._compliance_cold()]

    def _compliance_cold(self) -> str:
        """The vendor compliance list computed without its cache."""
        from support.selectors_reports import clients_compliance

        timings, counts = [], set()
        for _ in range(max(5, self.iterations // 3)):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                rows = clients_compliance()
                timings.append((time.perf_counter() - began) * 1000)
            counts.add(len(captured))
        return (
            f"| Conformité, calcul sans cache ({len(rows)} clients) | p50 "
            f"{_percentile(timings, 50):.1f} ms, p95 {_percentile(timings, 95):.1f} ms, "
            f"{max(counts)} requêtes SQL | recalculé au plus toutes les 5 min |"
        )

    def _page(self, label: str, user, urls: list[str]) -> str:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for url in urls[:3]:
            client.get(url)  # warm-up: sessions, caches, template loading
        timings, cpu, counts, statuses = [], [], set(), set()
        for i in range(self.iterations):
            url = urls[i % len(urls)]
            with CaptureQueriesContext(connection) as captured:
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
            counts.add(len(captured))
            statuses.add(response.status_code)
        p50, p95 = _percentile(timings, 50), _percentile(timings, 95)
        queries = "–".join(str(n) for n in sorted({min(counts), max(counts)}))
        status = "" if statuses == {200} else f" — HTTP {sorted(statuses)}"
        verdict = "✓" if p95 < PAGE_TARGET_MS and statuses == {200} else "✗"
        return (
            f"| {label} | p50 {p50:.1f} ms, p95 {p95:.1f} ms (CPU p50 {_percentile(cpu, 50):.1f}, "
            f"p95 {_percentile(cpu, 95):.1f}), {queries} requêtes SQL{status} "
            f"| p95 < {PAGE_TARGET_MS} ms {verdict} |"
        )

    # --- the timer sweep ----------------------------------------------------------

    def _sweeps(self, total: int) -> list[str]:
        try:
            from support.services.timers import sweep_deadlines
        except ImportError:  # pragma: no cover — the sweep ships with the support services
            return ["| balayage des échéances | non mesuré : support.services.timers absent | |"]
        now = timezone.now()
        caught_up = sweep_deadlines(now=now)  # whatever fell due since the seed
        timings, counts = [], set()
        for _ in range(max(self.iterations, 20)):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                handled = sweep_deadlines(now=now)
                timings.append((time.perf_counter() - began) * 1000)
            counts.add(len(captured))
            assert handled == {"warned": 0, "breached": 0}, handled
        idle_p95 = _percentile(timings, 95)
        lines = [
            f"| balayage, rien d'échu (rattrapage préalable : {caught_up['warned']} alertes, "
            f"{caught_up['breached']} dépassements) | p50 {_percentile(timings, 50):.2f} ms, "
            f"p95 {idle_p95:.2f} ms, {max(counts)} requêtes SQL "
            f"| < {SWEEP_TARGET_MS} ms {'✓' if idle_p95 < SWEEP_TARGET_MS else '✗'} |"
        ]
        lines.append(self._sweep_one_percent(sweep_deadlines, total, now))
        return lines

    def _sweep_one_percent(self, sweep_deadlines, total: int, now) -> str:
        due = max(1, total // 100)
        result = {}
        try:
            with transaction.atomic():
                ids = list(
                    Demande.objects.filter(kind=Demande.Kind.SUPPORT)
                    .order_by("?")
                    .values_list("pk", flat=True)[:due]
                )
                Demande.objects.filter(pk__in=ids).update(
                    taken_in_charge_at=None,
                    take_in_charge_warn_at=now - timedelta(minutes=30),
                    take_in_charge_due_at=now - timedelta(minutes=1),
                    take_in_charge_warned_at=None,
                    take_in_charge_breached_at=None,
                )
                steps, handled, began = [], 0, time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    while True:
                        step_began = time.perf_counter()
                        done = sweep_deadlines(now=now)
                        steps.append((time.perf_counter() - step_began) * 1000)
                        if not done["warned"] and not done["breached"]:
                            break
                        handled += done["warned"] + done["breached"]
                result = {
                    "rows": len(ids),
                    "handled": handled,
                    "steps": len(steps) - 1,
                    "first": steps[0],
                    "total": (time.perf_counter() - began) * 1000,
                    "queries": len(captured),
                }
                raise Rollback
        except Rollback:
            pass
        return (
            f"| balayage, 1 % échu ({result['rows']} demandes : alerte + dépassement) "
            f"| {result['handled']} traitements en {result['steps']} passage(s), "
            f"{result['total']:.0f} ms au total ({result['total'] / max(1, result['handled']):.2f} "
            f"ms par traitement ; 1er passage {result['first']:.0f} ms), "
            f"{result['queries']} requêtes SQL | rattrape tout, sans doublon |"
        )


def _percentile(values: list[float], percent: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _debug() -> bool:
    from django.conf import settings

    return settings.DEBUG
