from django.core.management.base import BaseCommand

from portal.core.demo import DEMO_PASSWORD
from portal.core.management.commands.seed_demo import ORGANISATIONS, STAFF


class Command(BaseCommand):
    help = "Affiche les identifiants de démonstration."

    def handle(self, *args, **options):
        self.stdout.write("Identifiants de démonstration (e-mail / mot de passe) :")
        for email, _first, _last, role in STAFF:
            self.stdout.write(
                f"  {email} / {DEMO_PASSWORD}   ({role.label} — code MFA : make totp)"
            )
        for _base, name, _kind, formula, _start, _city, people in ORGANISATIONS:
            for email, _first, _last, role in people:
                self.stdout.write(
                    f"  {email} / {DEMO_PASSWORD}   ({role.label}, {name}, {formula.label})"
                )
