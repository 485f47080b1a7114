"""Bench of Data Access (art. 17, 2.): snapshot of a large organisation, 100,000-row CSV.

Creates its own organisation (10,000 Demandes, 60,000 public events by
default) with ``bulk_create`` in the current database, then times
``snapshot.build`` and the writing of a 100,000-row CSV through the sandbox.
Targets: snapshot under 10 s, CSV under 5 s. Run by ``make bench``.
"""

import os
import tempfile
import time
import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dataouverture import sandbox, snapshot, writers
from portal.accounts.models import Role, User
from portal.core.demo import siren_with_key
from portal.organisations.models import Organisation
from support.models import Demande, DemandeEvent

EXPORT_SQL = (
    "SELECT d.reference, d.objet, d.etat, e.action, e.auteur, e.le "
    "FROM evenements e JOIN demandes d ON d.reference = e.demande "
    "UNION ALL SELECT d.reference, d.objet, d.etat, e.action, e.auteur, e.le "
    "FROM evenements e JOIN demandes d ON d.reference = e.demande LIMIT 100000"
)


class Command(BaseCommand):
    help = "Mesure la construction de la base Data Access et un export CSV de 100 000 lignes."

    def add_arguments(self, parser):
        parser.add_argument("--demandes", type=int, default=10_000)
        parser.add_argument("--events-per-demande", type=int, default=6)

    def handle(self, *args, demandes: int, events_per_demande: int, **options):
        organisation = self._seed(demandes, events_per_demande)
        started, cpu = time.perf_counter(), time.process_time()
        path, counts = snapshot.build(organisation)
        build = (time.perf_counter() - started, time.process_time() - cpu)
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "export.csv")
            started, cpu = time.perf_counter(), time.process_time()
            limits = sandbox.Limits(seconds=60, rows=1_000_000)
            columns, batches = sandbox.iterate(path, EXPORT_SQL, limits, batch=10_000)
            rows = writers.write("csv", target, columns, batches, max_rows=1_000_000)
            export = (time.perf_counter() - started, time.process_time() - cpu)
        os.unlink(path)
        self.stdout.write(
            "\n".join(
                [
                    "| mesure Data Ouverture | résultat | objectif |",
                    "| --- | --- | --- |",
                    f"| base Data Access ({counts['demandes']} demandes, "
                    f"{counts['evenements']} événements) | {build[0]:.2f} s (CPU {build[1]:.2f} s)"
                    f" | < 10 s {'✓' if build[0] < 10 else '✗'} |",
                    f"| export CSV de {rows} lignes | {export[0]:.2f} s (CPU {export[1]:.2f} s)"
                    f" | < 5 s {'✓' if export[0] < 5 else '✗'} |",
                ]
            )
        )

    @transaction.atomic
    def _seed(self, demandes: int, per_demande: int) -> Organisation:
        tag = uuid.uuid4().hex[:8]
        organisation = Organisation.objects.create(
            name=f"Bench Data Ouverture {tag}",
            siren=siren_with_key(f"{int(tag, 16) % 10**8:08d}"),
        )
        requester = User.objects.create_user(
            f"bench-{tag}@dataouverture.test",
            organisation=organisation,
            role=Role.CLIENT_USER,
            is_active=True,
        )
        now = timezone.now()
        rows = [
            Demande(
                reference=f"B-{tag}-{n:06d}",
                organisation=organisation,
                requester=requester,
                kind=Demande.Kind.SUPPORT,
                subject=f"Question de bench n° {n}",
                formula="open",
                registered_at=now - timedelta(minutes=n),
                updated_at=now,
                take_in_charge_due_at=now - timedelta(minutes=n) + timedelta(hours=8),
            )
            for n in range(demandes)
        ]
        Demande.objects.bulk_create(rows, batch_size=2_000)
        ids = Demande.objects.filter(organisation=organisation).values_list("pk", flat=True)
        events = [
            DemandeEvent(
                demande_id=pk,
                actor_label=requester.email,
                action="registered",
                created_at=now,
            )
            for pk in ids
            for _n in range(per_demande)
        ]
        DemandeEvent.objects.bulk_create(events, batch_size=5_000)
        return organisation
