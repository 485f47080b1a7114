"""Sessions, tokens and query counts for ``make loadtest`` (issue 11).

On the database of ``seed_bench``, picks three people — a client user of the
busiest Private organisation (on one of their Demandes), an agent (TOTP set
up, so the MFA check passes as after the TOTP step) and that organisation's
administrator — signs each in with ``Client.force_login`` (a real session row,
as a login writes it) and gives the administrator an API token. It then
requests every page of the load test once through Django's test client and
counts its SQL queries. The result, a JSON object the load tool reads (cookie
or ``Authorization`` header, URL, query count of each page), goes to stdout or
``--output``.

Writes: the three sessions and the token (nothing else). Run only on a
throwaway database (``var/bench``).
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from portal.accounts.models import Role, User
from portal.organisations.models import Organisation
from subscriptions.models import Formula
from support.models import Comment, Demande

#: Pages under load: (key, label, who, how light). The light ones must answer
#: at p95 < 10 ms at one connection, and serve at least 400 requests/s (issue 11).
PAGES = (
    ("demande", "Demande (client)", "client", True),
    ("agent_home", "Accueil agent", "agent", True),
    ("queue", "File des agents", "agent", False),
    ("client_list", "Liste client (organisation)", "admin", False),
    ("dashboard", "Tableau de bord Private", "admin", False),
    ("api_demandes", "API : demandes", "token", False),
    ("api_users", "API : utilisateurs", "token", False),
    ("api_contract_lines", "API : lignes du contrat", "token", False),
    ("api_incidents", "API : incidents", "token", False),
)


class Command(BaseCommand):
    help = "Prépare les sessions, le jeton et les URL de « make loadtest »."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Écrire le JSON dans ce fichier.")
        parser.add_argument(
            "--host", default="127.0.0.1", help="Hôte des requêtes (ALLOWED_HOSTS)."
        )

    def handle(self, *args, output=None, host: str, **options):
        people = self._people()
        urls = self._urls(people)
        sessions = {role: _session_key(people[role]) for role in ("client", "agent", "admin")}
        token, _created = Token.objects.get_or_create(user=people["admin"])
        pages = []
        for key, label, who, light in PAGES:
            pages.append(
                {
                    "key": key,
                    "label": label,
                    "who": who,
                    "light": light,
                    "url": urls[key],
                    "headers": _headers(who, sessions, token.key),
                    "queries": _count_queries(people, who, urls[key], host),
                }
            )
        result = {
            "demandes": Demande.objects.count(),
            "organisation": people["admin"].organisation.name,
            "organisation_demandes": people["demandes"],
            "pages": pages,
        }
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)

    def _people(self) -> dict:
        private = (
            Organisation.objects.filter(contract__formula=Formula.PRIVATE)
            .annotate(n=Count("demandes"))
            .order_by("-n", "pk")
            .first()
        )
        agent = User.objects.filter(role=Role.AGENT, is_active=True).order_by("pk").first()
        if private is None or agent is None:
            raise CommandError("Il faut un client Private et un agent : lancez « seed_bench ».")
        admin = private.members.filter(role=Role.CLIENT_ADMIN, is_active=True).order_by("pk")
        # A Demande with replies: the page shows a timeline, not an empty shell.
        replied = Comment.objects.filter(
            demande__organisation=private, demande__requester__role=Role.CLIENT_USER
        )
        comment = replied.select_related("demande__requester").order_by("-pk").first()
        if not admin.exists() or comment is None:
            raise CommandError("Le client Private n'a ni administrateur ni demande avec réponse.")
        return {
            "client": comment.demande.requester,
            "agent": agent,
            "admin": admin.first(),
            "demande": comment.demande,
            "demandes": private.n,
        }

    def _urls(self, people: dict) -> dict:
        return {
            "demande": reverse("support:detail", kwargs={"reference": people["demande"].reference}),
            "agent_home": reverse("home"),
            "queue": reverse("support:queue"),
            "client_list": reverse("support:list") + "?scope=organisation",
            "dashboard": reverse("support:dashboard"),
            "api_demandes": reverse("api:demande-list") + "?scope=organisation",
            "api_users": reverse("api:user-list"),
            "api_contract_lines": reverse("api:contract-line-list"),
            "api_incidents": reverse("api:incident-list"),
        }


def _session_key(user: User) -> str:
    """A signed-in session, as after the login (and the TOTP step for staff)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _headers(who: str, sessions: dict, token: str) -> dict:
    if who == "token":
        return {"Authorization": f"Token {token}"}
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[who]}"}


def _count_queries(people: dict, who: str, url: str, host: str) -> int:
    """SQL queries of one request, after a first one (session activity, caches)."""
    client = Client(HTTP_HOST=host)
    headers = {}
    if who == "token":
        token = Token.objects.get(user=people["admin"])
        headers["Authorization"] = f"Token {token.key}"
    else:
        client.force_login(people[who])
    first = client.get(url, headers=headers)
    if first.status_code != 200:
        raise CommandError(f"{url} : HTTP {first.status_code} au lieu de 200.")
    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers)
    return len(captured)
