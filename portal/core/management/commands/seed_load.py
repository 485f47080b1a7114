"""The people of the load test (`make cluster-load`, loadtest/locustfile.py).

On top of ``seed_demo``: ``--clients`` client users spread over the demo
organisations whose contract includes support (Open, Private), each with the
default rights (file Demandes, art. 11) and an API token, and ``--agents``
support agents with MFA set up (mandatory for vendor staff) and an API token.
The tokens are written to ``--out`` as JSON for the locust scenario.
Idempotent: running it again adds nobody and renews the tokens.
"""

import json
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.accounts.rights import DEFAULT_USER_RIGHTS
from portal.accounts.services import create_api_token
from portal.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from portal.organisations.models import Organisation
from subscriptions.models import Formula

SUPPORTED_FORMULAS = (Formula.OPEN, Formula.PRIVATE)


class Command(BaseCommand):
    help = "Crée les utilisateurs et jetons du test de charge (après seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=40)
        parser.add_argument("--agents", type=int, default=4)
        parser.add_argument("--out", required=True, help="Fichier JSON des jetons.")

    @transaction.atomic
    def handle(self, *args, clients, agents, out, **options):
        organisations = [
            org
            for org in Organisation.objects.filter(contract__isnull=False).order_by("pk")
            if org.formula in SUPPORTED_FORMULAS
        ]
        if not organisations:
            raise CommandError("Aucune organisation Open ou Private : lancez seed_demo d'abord.")
        now = timezone.now()
        password = make_password(DEMO_PASSWORD)
        client_tokens = []
        for n in range(clients):
            organisation = organisations[n % len(organisations)]
            user = self._person(
                f"charge{n:03d}@{organisation.siren}.charge",
                organisation=organisation,
                role=Role.CLIENT_USER,
                rights=list(DEFAULT_USER_RIGHTS),
                password=password,
                now=now,
            )
            client_tokens.append(create_api_token(user=user, now=now).key)
        agent_tokens = []
        for n in range(agents):
            user = self._person(
                f"agent-charge{n:02d}@editeur.demo", role=Role.AGENT, password=password, now=now
            )
            self._mfa(user)
            agent_tokens.append(create_api_token(user=user, now=now).key)
        Path(out).write_text(json.dumps({"clients": client_tokens, "agents": agent_tokens}))
        self.stdout.write(
            f"seed_load : {clients} clients sur {len(organisations)} organisations, "
            f"{agents} agents ; jetons dans {out}"
        )

    def _person(self, email, *, role, password, now, organisation=None, rights=()) -> User:
        user, _ = User.objects.get_or_create(
            email=email,
            defaults={
                "organisation": organisation,
                "role": role,
                "rights": list(rights),
                "first_name": "Charge",
                "last_name": email.split("@")[0],
                "is_active": True,
                "activated_at": now,
                "password": password,
            },
        )
        return user

    def _mfa(self, user) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
