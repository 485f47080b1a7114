"""After the load test: was anything lost or done twice? (portal/core/loadcheck.py)

    manage.py loadcheck --filed var/locust-filed.json --mail-dir $EMAIL_FILE_PATH

Waits (``--wait`` seconds at most) for the workers to send the acknowledgments,
prints the figures, and exits non-zero with the list of problems if any.
"""

import json
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import User
from portal.core import loadcheck
from portal.core.models import OutboundEmail
from portal.organisations.models import Organisation

LOAD_EMAIL_SUFFIX = ".charge"  # the client users of seed_load


class Command(BaseCommand):
    help = "Vérifie, après le test de charge, que rien n'a été perdu ni fait deux fois."

    def add_arguments(self, parser):
        parser.add_argument("--filed", required=True, help="JSON écrit par le scénario locust.")
        parser.add_argument("--mail-dir", help="Dossier des e-mails écrits un fichier chacun.")
        parser.add_argument("--wait", type=float, default=90, help="Attente des envois (s).")

    def handle(self, *args, filed, mail_dir, wait, **options):
        record = json.loads(Path(filed).read_text())
        requesters = User.objects.filter(email__endswith=LOAD_EMAIL_SUFFIX)
        self._wait_for_outbox(wait)
        report = loadcheck.Report()
        demandes = loadcheck.check_demandes(
            record["filed"], requesters, report, sent_keys=record.get("sent_keys")
        )
        loadcheck.check_acknowledgments(demandes, Path(mail_dir) if mail_dir else None, report)
        loadcheck.check_deadlines(demandes, report)
        organisations = Organisation.objects.filter(
            pk__in=requesters.values("organisation")
        ).order_by("pk")
        loadcheck.check_documents(organisations, record["uploaded"], default_storage, report)
        for name, value in report.figures.items():
            self.stdout.write(f"  {name}: {value}")
        if not report.ok:
            for problem in report.problems[:50]:
                self.stderr.write(f"  ✗ {problem}")
            raise CommandError(f"loadcheck : {len(report.problems)} problème(s).")
        self.stdout.write("loadcheck : rien de perdu, rien en double.")

    def _wait_for_outbox(self, wait: float) -> None:
        """The workers send after commit, the sweep every 30 s: let them finish."""
        deadline = time.monotonic() + wait
        while OutboundEmail.objects.filter(sent_at__isnull=True).exists():
            if time.monotonic() > deadline:
                return
            time.sleep(1)
