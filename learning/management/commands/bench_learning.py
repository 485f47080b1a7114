"""Measure the learning catalogue for a Private client (``make bench``).

Creates (once) a Private organisation holding two products and a catalogue of
``--items`` items (5,000 by default: every level, tracks and kinds, half of
them about a product the client holds), then measures the catalogue page
through Django's test client (middleware, session, templates included): p50
and p95 server time over ``--iterations`` requests after three warm-ups, and
the SQL query count of each page, at 1,000 items and at the full size, on the
first and on the last page, and a search. Target (issue 9): p95 under 100 ms,
query counts independent of the number of items.

Writes into the database it runs on: run it on the throwaway bench database
(``make bench``), never on real data.
"""

import gc
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning import search
from learning.models import TrainingItem
from learning.training_spec import TRAINING_SEARCH
from portal.accounts.models import Role, User
from portal.organisations.models import Organisation
from subscriptions.models import Contract, Product

TARGET_MS = 100
EMAIL = "bench-formation@private.bench"
LEVELS = [("cegid", "connect"), ("cegid", "open"), ("cegid", "private"), ("m365", "standard")]
KINDS = ["video", "module", "quiz", "document", "replay"]
WORDS = ["lettrage", "TVA", "clôture", "paie", "DSN", "immobilisations", "banque", "FEC"]


class Command(BaseCommand):
    help = "Mesure le catalogue de formation d'un client Private (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=5000)
        parser.add_argument("--iterations", type=int, default=30)

    def handle(self, *args, items: int, iterations: int, **options):
        self.iterations = iterations
        user, products = self._client()
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        lines = [
            "",
            "| catalogue de formation (Private) | résultat | objectif |",
            "| --- | --- | --- |",
        ]
        for size in sorted({min(1000, items), items}):
            self._fill(size, products)
            # The seeding just made thousands of objects: collect them now, so
            # that a garbage collection they cause is not timed as a request.
            gc.collect()
            url = reverse("learning:catalogue")
            last = (TrainingItem.objects.count() + 23) // 24
            lines.append(self._measure(client, f"{size} contenus, page 1", url))
            lines.append(
                self._measure(client, f"{size} contenus, page {last}", f"{url}?page={last}")
            )
        lines.append(
            self._measure(client, f"{items} contenus, recherche « lettrage »", f"{url}?q=lettrage")
        )
        self.stdout.write("\n".join(lines))

    def _client(self):
        organisation, _ = Organisation.objects.get_or_create(
            siren="732829320", defaults={"name": "Bench Formation Private"}
        )
        contract, _ = Contract.objects.get_or_create(
            organisation=organisation, defaults={"formula": "private"}
        )
        products = [
            Product.objects.get_or_create(code=code, defaults={"name": name, "kind": "production"})[
                0
            ]
            for code, name in (("bench-expert", "Bench Expert"), ("bench-paie", "Bench Paie"))
        ]
        contract.products.add(products[0])  # the second one is not held: its items are hidden
        user, _ = User.objects.get_or_create(
            email=EMAIL,
            defaults={"organisation": organisation, "role": Role.CLIENT_USER, "is_active": True},
        )
        return user, products

    @transaction.atomic
    def _fill(self, size: int, products) -> None:
        existing = TrainingItem.objects.count()
        if existing >= size:
            return
        now = timezone.now()
        new = [
            TrainingItem(
                kind=KINDS[n % len(KINDS)],
                track=LEVELS[n % len(LEVELS)][0],
                level=LEVELS[n % len(LEVELS)][1],
                title=f"{WORDS[n % len(WORDS)].capitalize()} — contenu {n}",
                summary=f"Tout sur {WORDS[(n * 3) % len(WORDS)]} et {WORDS[(n * 5) % len(WORDS)]}.",
                created_at=now,
            )
            for n in range(existing, size)
        ]
        created = TrainingItem.objects.bulk_create(new, batch_size=1000)
        through = TrainingItem.products.through
        through.objects.bulk_create(
            [
                through(trainingitem_id=item.pk, product_id=products[n % 2].pk)
                for n, item in enumerate(created)
                if item.track == "cegid"
            ],
            batch_size=1000,
        )
        for item in created:
            search.index(TRAINING_SEARCH, item)

    def _measure(self, client: Client, label: str, url: str) -> str:
        for _ in range(3):
            client.get(url)
        timings, cpu, queries = [], [], set()
        for _ in range(self.iterations):
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            queries.add(len(captured))
            assert response.status_code == 200, response.status_code
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[18]
        cpu_p95 = statistics.quantiles(cpu, n=20)[18]
        verdict = "✓" if p95 < TARGET_MS else "✗"
        count = "/".join(str(q) for q in sorted(queries))
        return (
            f"| {label} | p50 {p50:.1f} ms, p95 {p95:.1f} ms "
            f"(CPU p50 {statistics.median(cpu):.1f}, p95 {cpu_p95:.1f}), "
            f"{count} requêtes SQL "
            f"| p95 < {TARGET_MS} ms {verdict} |"
        )
