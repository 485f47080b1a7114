"""Demo data of the Météo: services, a planned maintenance next Sunday, a past
incident, releases. Idempotent (called by ``manage.py seed_demo``)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal.accounts.models import Role, User
from portal.status import services
from portal.status.models import Incident, Maintenance, Release, Service
from portal.status.rules import PARIS, is_public_holiday
from subscriptions.models import Product

SERVICES = [
    # (code, name, description, product codes, position)
    (
        "cegid-expert-production",
        "Cegid Expert — production",
        "L'environnement de production de Cegid Expert.",
        ["cegid-expert"],
        1,
    ),
    (
        "cegid-expert-test",
        "Cegid Expert — environnement de test",
        "L'environnement de test et de formation.",
        ["cegid-expert"],
        2,
    ),
    ("module-paie", "Module Paie", "Le module de paie.", ["module-paie"], 3),
    ("portail-documents", "Espace documentaire", "L'espace documents du portail.", ["m365"], 4),
]


def _next_sunday(now) -> date:
    """The first Sunday whose 02:00 is at least 48 h away (art. 5 notice)."""
    day = timezone.localdate(now)
    day += timedelta(days=(6 - day.weekday()) % 7)
    while datetime.combine(day, time(2, 0), tzinfo=PARIS) - now < timedelta(hours=48):
        day += timedelta(days=7)
    return day


def _first_tuesday_of_last_month(today: date) -> date:
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


def _not_a_holiday(day: date) -> date:
    """The same weekday a week later while ``day`` is a public holiday (1 May, 1 Nov,
    Ascension Thursday…): demo outages must fall in the PRT (art. 6) to count."""
    while is_public_holiday(day):
        day += timedelta(days=7)
    return day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def seed() -> None:
    now = timezone.now()
    staff = User.objects.filter(role=Role.VENDOR_ADMIN).order_by("pk").first()
    catalogue = {p.code: p for p in Product.objects.all()}
    by_code = {}
    for code, name, description, products, position in SERVICES:
        service, _ = Service.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )
        service.products.add(*[catalogue[p] for p in products if p in catalogue])
        by_code[code] = service
    production = by_code["cegid-expert-production"]

    if not Maintenance.objects.filter(start__gt=now, kind=Maintenance.Kind.PLANNED).exists():
        sunday = _next_sunday(now)
        services.announce_maintenance(
            actor=staff,
            kind=Maintenance.Kind.PLANNED,
            services=[production, by_code["cegid-expert-test"]],
            title="Montée de version de la base de données",
            description="Le service sera inaccessible pendant l'intervention.",
            start=_at(sunday, 2),
            end=_at(sunday, 6),
            now=now,
        )

    tuesday = _not_a_holiday(_first_tuesday_of_last_month(timezone.localdate(now)))
    if not Incident.objects.filter(title="Connexions impossibles").exists():
        services.record_incident(
            actor=staff,
            title="Connexions impossibles",
            description="Un certificat expiré empêchait la connexion ; il a été renouvelé.",
            environment=Incident.Environment.PRODUCTION,
            cause=Incident.Cause.COUNTED,
            services=[production],
            start=_at(tuesday, 10),
            end=_at(tuesday, 11, 30),
            now=now,
        )
        services.record_incident(
            actor=staff,
            title="Correctif de sécurité urgent",
            environment=Incident.Environment.PRODUCTION,
            cause=Incident.Cause.URGENT_MAINTENANCE,
            services=[production],
            start=_at(tuesday + timedelta(days=2), 14),
            end=_at(tuesday + timedelta(days=2), 14, 45),
            now=now,
        )

    if not Incident.objects.filter(title="Panne du stockage").exists():
        # Two months ago, a month under the 99 % commitment (vendor staff's list).
        thursday = _not_a_holiday(_first_tuesday_of_last_month(tuesday) + timedelta(days=2))
        services.record_incident(
            actor=staff,
            title="Panne du stockage",
            description="Une baie de stockage défaillante a été remplacée.",
            environment=Incident.Environment.PRODUCTION,
            cause=Incident.Cause.COUNTED,
            services=[production],
            start=_at(thursday, 9),
            end=_at(thursday, 13, 30),
            now=now,
        )

    if not Release.objects.exists():
        today = timezone.localdate(now)
        past = services.publish_release(
            actor=staff,
            kind=Release.Kind.NEW_VERSION,
            services=[production],
            version="2026.2",
            title="Nouveaux états de TVA",
            release_date=today - timedelta(days=20),
            notes="Déclarations de TVA 2026, nouveaux contrôles de cohérence.",
            links=[("Notes de version (PDF)", "https://www.cegid.com/")],
            now=now - timedelta(days=60),
        )
        Release.objects.filter(pk=past.pk).update(notified_at=now)
        services.publish_release(
            actor=staff,
            kind=Release.Kind.PATCH,
            services=[production],
            version="2026.2.1",
            title="Correctif de l'export FEC",
            release_date=today - timedelta(days=5),
            notes="L'export FEC respecte à nouveau l'ordre des écritures.",
            now=now,
        )
        services.publish_release(
            actor=staff,
            kind=Release.Kind.NEW_VERSION,
            services=[production, by_code["module-paie"]],
            version="2027.1",
            title="Facturation électronique",
            release_date=today + timedelta(days=30),
            notes="Émission et réception des factures électroniques.",
            needs_implementation_services=True,
            implementation_notes="Paramétrage de la plateforme agréée et formation d'une "
            "demi-journée pour les utilisateurs.",
            now=now,
        )
