"""Print the current TOTP code of the demo vendor staff (demo only)."""

from django.core.management.base import BaseCommand

from portal.core.demo import current_totp_code


class Command(BaseCommand):
    help = "Affiche le code de double authentification actuel des comptes éditeur de démo."

    def handle(self, *args, **options):
        self.stdout.write(current_totp_code())
