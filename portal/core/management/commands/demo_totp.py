"""Print the current TOTP code of the demo vendor staff (demo only)."""

from django.core.management.base import BaseCommand

from portal.core.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Affiche le code de double authentification actuel des comptes éditeur de démo."

    def handle(self, *args, **options):
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
