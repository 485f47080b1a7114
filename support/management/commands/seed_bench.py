"""Seed a throwaway database with a large, realistic support dataset for ``manage.py bench``.

``manage.py seed_bench --demandes 100000`` creates 1,000 client organisations
(Connect, Open and Private mixed), their users, a team of agents, and the
Demandes of about three years with their whole lifecycle: deadlines computed
on the real calendars (art. 12.2-12.3), milestones some in time and some late,
the marks the timer sweep would have left (so that nothing is due when it
finishes), immutable events and public replies. Everything goes through
``bulk_create`` in batches; no e-mail, no audit row, no Celery.

Only for an empty, disposable database (see the Makefile's ``bench`` target):
it refuses to run where Demandes already exist.
"""

import json
import operator
import random
import time as clock
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.accounts.rights import DEFAULT_USER_RIGHTS, Right
from portal.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, siren_with_key
from portal.core.models import NumberSequence
from portal.core.numbering import DEMANDE_REFERENCES
from portal.organisations.models import Organisation
from subscriptions.models import Contract, Formula
from support.business_time import PARIS
from support.deadlines import ACTION_PLAN, FIX, TAKE_IN_CHARGE, Deadline
from support.models import Comment, Demande, DemandeEvent, SupportCalendar

BATCH = 2_000
HISTORY_DAYS = 3 * 365
AGENTS = 20
#: Share of organisations per formula, and how many Demandes each files relative to the others.
FORMULA_MIX = (
    (Formula.CONNECT, 0.30, 0.3),
    (Formula.OPEN, 0.50, 1.0),
    (Formula.PRIVATE, 0.20, 3.0),
)
SUBJECTS = (
    "Le lettrage automatique ne se lance plus",
    "Écart entre la balance et le grand livre",
    "Import des relevés bancaires en erreur",
    "Déclaration de TVA : montant de la ligne 08 incorrect",
    "Impossible de clôturer l'exercice",
    "Export FEC refusé par le contrôle",
    "Lenteurs à l'ouverture du dossier",
    "Question sur le paramétrage des journaux",
    "Message « accès refusé » sur les immobilisations",
    "Édition des relances clients vide",
)
CATEGORY_SUBJECTS = {
    Demande.Category.BILLING: "Question sur la dernière facture",
    Demande.Category.CONTRACT: "Ajout d'un utilisateur nommé au contrat",
    Demande.Category.ACCOUNTS: "Compte administrateur bloqué",
    Demande.Category.RESTORATION: "Restauration de l'environnement à J-2",
}


@dataclass
class Client:
    organisation: Organisation
    formula: str
    weight: float
    users: list
    punctuality: float  # share of Demandes taken in charge within the délai


class Command(BaseCommand):
    help = "Remplit une base jetable d'un grand jeu de demandes pour « manage.py bench »."
    requires_system_checks: list = []  # data only: no need to import every URLconf

    def add_arguments(self, parser):
        parser.add_argument("--demandes", type=int, default=100_000)
        parser.add_argument("--organisations", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=20261127)

    def handle(self, *args, demandes: int, organisations: int, seed: int, **options):
        if Demande.objects.exists():
            raise CommandError(
                "Cette base contient déjà des demandes : seed_bench ne remplit qu'une base jetable "
                "(voir « make bench »)."
            )
        if organisations < 1 or demandes < 0:
            raise CommandError("--organisations doit être ≥ 1 et --demandes ≥ 0.")
        began = clock.perf_counter()
        if connection.vendor == "sqlite":
            # A bigger page cache for this connection: the random UUID and reference
            # indexes otherwise thrash the default 2 MB while loading.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.password = make_password(DEMO_PASSWORD)  # one hash for everybody: fast
        calendars = {
            row.formula: row for row in SupportCalendar.objects.filter(contract__isnull=True)
        }
        if set(calendars) != {"open", "private"}:
            raise CommandError("Calendriers du support par défaut absents : lancez migrate.")
        self.calendars = {
            f: (row.name, row.spec, row.business_calendar()) for f, row in calendars.items()
        }
        with transaction.atomic():
            self.agents = self._staff()
            clients = self._clients(organisations)
        with _indexes_deferred(Demande, DemandeEvent, Comment):
            created = self._demandes(clients, demandes)
        self.stdout.write(
            f"seed_bench : {organisations} organisations, "
            f"{sum(len(c.users) for c in clients)} utilisateurs, {created['demandes']} demandes, "
            f"{created['events']} événements, {created['comments']} réponses "
            f"en {clock.perf_counter() - began:.1f} s"
        )

    # --- people ---------------------------------------------------------------

    def _staff(self) -> list[User]:
        from allauth.mfa.totp.internal.auth import TOTP

        staff = [
            User(
                email=f"agent{i}@editeur.bench",
                first_name="Agent",
                last_name=f"{i:02d}",
                role=Role.AGENT,
                is_active=True,
                activated_at=self.now,
                password=self.password,
            )
            for i in range(1, AGENTS + 1)
        ]
        staff.append(
            User(
                email="admin@editeur.bench",
                first_name="Admin",
                last_name="Éditeur",
                role=Role.VENDOR_ADMIN,
                is_active=True,
                activated_at=self.now,
                password=self.password,
            )
        )
        User.objects.bulk_create(staff)
        for user in staff:  # vendor staff must have MFA set up to use the portal
            TOTP.activate(user, DEMO_TOTP_SECRET)
        return staff[:AGENTS]

    def _clients(self, count: int) -> list[Client]:
        rng = self.rng
        # One client of each formula at least, then the mix.
        formulas = [0.0, 0.3, 0.9][:count] + [rng.random() for _ in range(count - 3)]
        organisations = [
            Organisation(
                name=f"Client banc d'essai {i:04d}",
                siren=siren_with_key(f"{90_000_000 + i:08d}"),
                city="Lyon",
                kind=(
                    Organisation.Kind.ACCOUNTING_FIRM
                    if rng.random() < 0.05
                    else Organisation.Kind.CLIENT
                ),
            )
            for i in range(count)
        ]
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        contracts, clients, users = [], [], []
        first_start = date(2018, 1, 1).toordinal()
        last_start = (self.now.date() - timedelta(days=60)).toordinal()
        for organisation, draw in zip(organisations, formulas, strict=True):
            formula, weight = self._formula(draw)
            started = date.fromordinal(rng.randint(first_start, last_start))
            organisation.contract = Contract(
                organisation=organisation,
                formula=formula,
                support_started_on=None if formula == Formula.CONNECT else started,
                access_codes_sent_on=started,
            )
            contracts.append(organisation.contract)
            people = [self._user(organisation, 0, Role.CLIENT_ADMIN)]
            people += [
                self._user(organisation, n, Role.CLIENT_USER) for n in range(1, rng.randint(2, 8))
            ]
            users += people
            # most clients are served well; a few are not (they show under 75 %)
            punctuality = rng.choice((0.97, 0.95, 0.92, 0.9, 0.85, 0.8, 0.6))
            clients.append(Client(organisation, formula, weight, people, punctuality))
        Contract.objects.bulk_create(contracts, batch_size=BATCH)
        User.objects.bulk_create(users, batch_size=BATCH)
        return clients

    def _formula(self, draw: float) -> tuple[str, float]:
        for formula, share, weight in FORMULA_MIX:
            if draw < share:
                return formula, weight
            draw -= share
        return FORMULA_MIX[-1][0], FORMULA_MIX[-1][2]

    def _user(self, organisation, n: int, role: str) -> User:
        rights = list(DEFAULT_USER_RIGHTS)
        if self.rng.random() < 0.3:
            rights += [Right.SEE_ORG_DEMANDES, Right.SEE_DASHBOARDS]
        return User(
            email=f"u{n}.{organisation.siren}@client.bench",
            first_name="Utilisateur",
            last_name=f"{n}",
            organisation=organisation,
            role=role,
            rights=[] if role == Role.CLIENT_ADMIN else rights,
            is_active=True,
            activated_at=self.now,
            password=self.password,
        )

    # --- Demandes -------------------------------------------------------------

    def _demandes(self, clients: list[Client], total: int) -> dict[str, int]:
        rng = self.rng
        chosen = rng.choices(clients, weights=[c.weight for c in clients], k=total)
        # Registration instants first, sorted, so that references follow registration order.
        plan = sorted(((self._registration(c), c) for c in chosen), key=lambda item: item[0])
        counters: dict[int, int] = {}
        created = {"demandes": 0, "events": 0, "comments": 0}
        ids = {model: _next_id(model) for model in (Demande, DemandeEvent, Comment)}
        for start in range(0, len(plan), BATCH):
            batch = [
                self._demande(at, client, counters) for at, client in plan[start : start + BATCH]
            ]
            events, comments = [], []
            for demande, history in batch:
                demande.id = ids[Demande]
                ids[Demande] += 1
                for action, at, actor, public, data in history:
                    events.append(
                        {
                            "id": ids[DemandeEvent],
                            "demande_id": demande.id,
                            "actor_id": actor.pk if actor else None,
                            "actor_label": _label(actor),
                            "action": action,
                            "is_public": public,
                            "data": data,
                            "created_at": at,
                        }
                    )
                    ids[DemandeEvent] += 1
                    if action == DemandeEvent.Action.COMMENTED:
                        comments.append(
                            {
                                "id": ids[Comment],
                                "public_id": uuid.uuid4(),
                                "demande_id": demande.id,
                                "author_id": actor.pk,
                                "body": data["text"],
                                "is_internal": False,
                                "created_at": at,
                            }
                        )
                        ids[Comment] += 1
            with transaction.atomic():
                fast_insert(Demande, [vars(demande) for demande, _ in batch])
                fast_insert(DemandeEvent, events)
                fast_insert(Comment, comments)
            created["demandes"] += len(batch)
            created["events"] += len(events)
            created["comments"] += len(comments)
        _reset_sequences(Demande, DemandeEvent, Comment)
        NumberSequence.objects.bulk_create(
            [
                NumberSequence(name=DEMANDE_REFERENCES, year=year, last_number=n)
                for year, n in counters.items()
            ]
        )
        return created

    def _registration(self, client: Client) -> datetime:
        """An instant in the last three years, after the client's support started.

        More recent Demandes than old ones (the service grows); most filed during
        the working day, some in the evening or at weekends.
        """
        rng = self.rng
        earliest = self.now - timedelta(days=HISTORY_DAYS)
        started = client.organisation.contract.support_started_on
        if started is not None:
            earliest = max(earliest, datetime.combine(started, time(9), tzinfo=PARIS))
        span = (self.now - earliest).total_seconds()
        local = (earliest + timedelta(seconds=span * rng.random() ** 0.8)).astimezone(PARIS)
        if rng.random() < 0.85:
            if local.weekday() >= 5:
                local -= timedelta(days=local.weekday() - 4)
            minute = rng.randint(8 * 60, 18 * 60 + 30)
            local = local.replace(hour=minute // 60, minute=minute % 60)
        return min(max(local, earliest), self.now - timedelta(minutes=1))

    def _demande(self, registered_at: datetime, client: Client, counters: dict) -> tuple:
        rng = self.rng
        year = registered_at.astimezone(PARIS).year
        counters[year] = counters.get(year, 0) + 1
        requester = rng.choice(client.users)
        support = client.formula != Formula.CONNECT and rng.random() < 0.85
        demande = Demande(
            reference=f"D-{year}-{counters[year]:06d}",
            organisation=client.organisation,
            requester=requester,
            kind=Demande.Kind.SUPPORT if support else Demande.Kind.CUSTOMER_SERVICE,
            channel=Demande.Channel.PHONE if rng.random() < 0.1 else Demande.Channel.WEB,
            formula=client.formula,
            queue_rank=0 if client.formula == Formula.PRIVATE else 1,  # art. 12.9
            registered_at=registered_at,
            updated_at=registered_at,
            context="Contexte, messages d'erreur et enchaînement des menus décrits par le client.",
        )
        if support:
            demande.subject = rng.choice(SUBJECTS)
            history = self._support_lifecycle(demande, client)
        else:
            # The four historical categories (service-account instructions
            # come from their own app, not from this seed).
            demande.category = rng.choice(list(CATEGORY_SUBJECTS))
            demande.subject = CATEGORY_SUBJECTS[demande.category]
            history = self._service_lifecycle(demande)
        return demande, [
            (DemandeEvent.Action.REGISTERED, registered_at, requester, True, {}),
            *history,
        ]

    def _age_done(self, at: datetime | None, days: float) -> bool:
        """Whether a step that happens ``days`` after ``at`` has happened by now."""
        return at is not None and at + timedelta(days=days) <= self.now

    def _support_lifecycle(self, demande: Demande, client: Client) -> list:
        rng, now = self.rng, self.now
        name, spec, calendar = self.calendars[client.formula]
        demande.calendar_name, demande.calendar_spec = name, spec
        delay = timedelta(hours=TAKE_IN_CHARGE.delays[client.formula])
        self._schedule(demande, TAKE_IN_CHARGE, calendar, demande.registered_at)
        in_time = rng.random() < client.punctuality
        share = rng.uniform(0.02, 1.0) if in_time else rng.uniform(1.05, 3.0)
        taken = calendar.add_business_time(demande.registered_at, delay * share)
        history = []
        agent = rng.choice(self.agents)
        if taken > now:
            self._marks(demande, TAKE_IN_CHARGE, None)
            return history
        demande.taken_in_charge_at, demande.assignee, demande.state = (
            taken,
            agent,
            Demande.State.TAKEN_IN_CHARGE,
        )
        self._marks(demande, TAKE_IN_CHARGE, taken)
        history.append((DemandeEvent.Action.TAKEN_IN_CHARGE, taken, agent, True, {}))
        qualified = taken + timedelta(hours=rng.uniform(0.2, 30))
        if qualified > now:
            return history
        demande.qualified_at, demande.state = qualified, Demande.State.QUALIFIED
        if rng.random() < 0.6:
            demande.qualification = Demande.Qualification.ANOMALIE
            demande.criticality = rng.choices((1, 2, 3), weights=(1, 4, 5))[0]
        else:
            demande.qualification = Demande.Qualification.OTHER
        history.append(
            (
                DemandeEvent.Action.QUALIFIED,
                qualified,
                agent,
                True,
                {"criticality": demande.criticality},
            )
        )
        answered = self._answer(demande, calendar, qualified, agent, history)
        if answered is None:
            return history
        self._comments(demande, qualified, agent, history)
        resolved = answered + timedelta(days=rng.uniform(0.1, 10))
        if resolved > now:
            return history
        demande.resolved_at, demande.state = resolved, Demande.State.RESOLVED
        history.append((DemandeEvent.Action.RESOLVED, resolved, agent, True, {}))
        closed = resolved + timedelta(days=rng.uniform(1, 15))
        if closed <= now and rng.random() < 0.995:
            demande.closed_at, demande.state = closed, Demande.State.CLOSED
            history.append((DemandeEvent.Action.CLOSED, closed, None, True, {}))
        demande.updated_at = max(at for _, at, *_ in history)
        return history

    def _answer(self, demande, calendar, qualified, agent, history):
        """art. 12.3: crit. 1 → action plan in 12 h ouvrées; crit. 2 → fix in 6 jours ouvrés."""
        rng = self.rng
        if demande.criticality == 1:
            self._schedule(demande, ACTION_PLAN, calendar, qualified)
            delay = timedelta(hours=ACTION_PLAN.delays[demande.formula])
            at = calendar.add_business_time(qualified, delay * rng.uniform(0.1, 1.3))
            done = at if at <= self.now else None
            self._marks(demande, ACTION_PLAN, done)
            if done is None:
                return None
            demande.action_plan_at, demande.state = at, Demande.State.ACTION_PLAN
            history.append((DemandeEvent.Action.ACTION_PLAN, at, agent, True, {}))
            return at
        if demande.criticality == 2:
            due = self._schedule(demande, FIX, calendar, qualified)
            at = qualified + (due - qualified) * rng.uniform(0.1, 1.2)
            done = at if at <= self.now else None
            self._marks(demande, FIX, done)
            if done is None:
                return None
            demande.fix_at = at
            demande.state = Demande.State.FIX if rng.random() < 0.6 else Demande.State.WORKAROUND
            history.append(
                (
                    DemandeEvent.Action.FIX
                    if demande.state == Demande.State.FIX
                    else DemandeEvent.Action.WORKAROUND,
                    at,
                    agent,
                    True,
                    {},
                )
            )
            return at
        at = qualified + timedelta(days=rng.uniform(0.1, 20))
        return at if at <= self.now else None

    def _schedule(self, demande: Demande, deadline: Deadline, calendar, start) -> datetime:
        """Store the deadline and warning instant as the services do; returns the deadline."""
        for column, instant in deadline.schedule(calendar, start, demande.formula).items():
            setattr(demande, column, instant)
        return deadline.due(demande)

    def _marks(self, demande: Demande, deadline: Deadline, done: datetime | None) -> None:
        """What the sweep would have written: warned and breached marks, never left due."""
        due = deadline.due(demande)
        warn = getattr(demande, deadline.warn_at)
        if warn <= self.now and (done is None or done > warn):
            setattr(demande, deadline.warned_at, warn)
        if due <= self.now and (done is None or done > due):
            setattr(demande, deadline.breached_at, due)
            demande.is_breached = True

    def _comments(self, demande, after, agent, history) -> None:
        for _ in range(self.rng.choice((0, 0, 1, 2))):
            after += timedelta(hours=self.rng.uniform(0.5, 48))
            if after > self.now:
                return
            author = agent if self.rng.random() < 0.5 else demande.requester
            history.append(
                (
                    DemandeEvent.Action.COMMENTED,
                    after,
                    author,
                    True,
                    {"text": "Merci, voici les précisions demandées."},
                )
            )

    def _service_lifecycle(self, demande: Demande) -> list:
        rng, now = self.rng, self.now
        agent = rng.choice(self.agents)
        taken = demande.registered_at + timedelta(hours=rng.uniform(0.1, 48))
        if taken > now:
            return []
        demande.taken_in_charge_at, demande.assignee, demande.state = (
            taken,
            agent,
            Demande.State.TAKEN_IN_CHARGE,
        )
        history = [(DemandeEvent.Action.TAKEN_IN_CHARGE, taken, agent, True, {})]
        resolved = taken + timedelta(days=rng.uniform(0.1, 5))
        if resolved > now:
            return history
        demande.resolved_at, demande.state = resolved, Demande.State.RESOLVED
        history.append((DemandeEvent.Action.RESOLVED, resolved, agent, True, {}))
        closed = resolved + timedelta(days=rng.uniform(1, 10))
        if closed <= now:
            demande.closed_at, demande.state = closed, Demande.State.CLOSED
            history.append((DemandeEvent.Action.CLOSED, closed, None, True, {}))
        demande.updated_at = history[-1][1]
        return history


@contextmanager
def _indexes_deferred(*models_):
    """Load first, index after: building an index once is cheaper than maintaining
    it row by row (the model's named indexes only; unique constraints stay).

    Not inside a transaction (tests): SQLite cannot change its schema there.
    """
    if connection.in_atomic_block:
        yield
        return
    with connection.schema_editor() as editor:
        for model in models_:
            for index in model._meta.indexes:
                editor.remove_index(model, index)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            for model in models_:
                for index in model._meta.indexes:
                    editor.add_index(model, index)


def _next_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def fast_insert(model, rows: list[dict]) -> None:
    """INSERT rows (dicts keyed by attname) with one ``executemany``: bulk_create's
    per-value compilation costs more than the database itself at this volume.

    Values go through the backend's own adapters (aware datetimes to UTC on
    SQLite, JSON, UUID); a missing column takes the field's default.
    """
    if not rows:
        return
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — names from the model, values bound
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    names = [f.attname for f in fields]
    constants = {f.attname: f.get_default() for f in fields if not _has_factory(f)}
    factories = [(f.attname, f.default) for f in fields if _has_factory(f)]
    adapters = [(i, adapt) for i, f in enumerate(fields) if (adapt := _adapter(f)) is not None]
    pick = operator.itemgetter(*names)
    values = []
    for row in rows:
        merged = {**constants, **row}
        for name, factory in factories:
            if name not in merged:
                merged[name] = factory()
        value = list(pick(merged))
        for i, adapt in adapters:
            if value[i] is not None:
                value[i] = adapt(value[i])
        values.append(value)
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _adapter(field):
    """How a Python value of ``field`` goes to the database (None: as it is)."""
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        if sqlite:  # what Django stores on SQLite: naive UTC text, as str(datetime) gives
            return lambda v: str(v.astimezone(UTC).replace(tzinfo=None))
        return None
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return json.dumps if sqlite else lambda v: field.get_db_prep_save(v, connection)
    if isinstance(field, models.UUIDField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def _has_factory(field) -> bool:
    return field.has_default() and callable(field.default)


def _reset_sequences(*models_) -> None:
    """PostgreSQL: move the id sequences past the ids given explicitly (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _label(actor) -> str:
    if actor is None:
        return "système"
    suffix = " (support)" if actor.role in (Role.AGENT, Role.VENDOR_ADMIN) else ""
    return f"{actor.first_name} {actor.last_name}{suffix}"
