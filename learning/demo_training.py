"""Demo learning content, webassistances and a téléassistance slot. Idempotent.

Run by ``manage.py seed_demo`` after the cast and the other apps' demo data:
items at every level for each demo product and both Microsoft 365 tiers, a
module with a quiz, two upcoming webassistances (one nearly full), a replay,
and one téléassistance slot proposed on a demo support Demande.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from learning import services_teleassistance, services_webassistance
from learning.catalogue_search import index_item
from learning.models import (
    Chapter,
    Choice,
    Question,
    TeleassistanceSlot,
    TrainingItem,
    Webassistance,
    WebassistanceSeat,
)
from portal.accounts.models import User
from subscriptions.models import Product
from support.business_time import PARIS, is_working_day
from support.models import Demande

#: product code: (level, kind, title, summary) for each Cegid level (art. 13.1).
CEGID_ITEMS = {
    "cegid-expert": [
        ("connect", "video", "Découvrir Cegid Expert", "La navigation, les dossiers et les menus."),
        ("open", "module", "Maîtriser le lettrage", "Lettrage manuel et automatique, pas à pas."),
        ("private", "document", "Approfondir la clôture", "Le guide de la clôture annuelle."),
    ],
    "module-paie": [
        ("connect", "video", "Premiers pas dans la paie", "Créer un salarié et son contrat."),
        ("open", "module", "Maîtriser la DSN", "Préparer, contrôler et déposer la DSN."),
        ("private", "video", "Approfondir les régularisations", "Rappels et régularisations."),
    ],
}
M365_ITEMS = [
    ("standard", "video", "Outlook au quotidien", "Messagerie, agenda et contacts."),
    ("premium", "module", "Teams et SharePoint avancés", "Partager et coéditer vos dossiers."),
]
CHAPTERS = [
    ("Ouvrir le lettrage", "Menu **Traitements > Lettrage**, choisissez le compte."),
    ("Lettrer automatiquement", "Cochez *Lettrage automatique* puis **Lancer**."),
    ("Contrôler", "Vérifiez le solde des comptes lettrés dans la balance."),
]


def _item(code, level, kind, title, summary, *, track="cegid", products=()):
    item, created = TrainingItem.objects.get_or_create(
        title=title,
        defaults={"track": track, "level": level, "kind": kind, "summary": summary},
    )
    if created:
        item.products.set(products)
        if kind == "video":
            item.video_url = "https://videos.example.test/" + item.public_id.hex
            item.save(update_fields=["video_url"])
        if kind == "module":
            for position, (chapter_title, body) in enumerate(CHAPTERS, start=1):
                Chapter.objects.create(item=item, position=position, title=chapter_title, body=body)
            _quiz(item)
        index_item(item)
    return item


def _quiz(item) -> None:
    question = Question.objects.create(item=item, position=1, text="Où lance-t-on le lettrage ?")
    Choice.objects.create(question=question, text="Traitements > Lettrage", is_correct=True)
    Choice.objects.create(question=question, text="Paramètres > Société")
    second = Question.objects.create(item=item, position=2, text="Que vérifie-t-on ensuite ?")
    Choice.objects.create(question=second, text="Le solde des comptes lettrés", is_correct=True)
    Choice.objects.create(question=second, text="La date du jour")


def _next_working_day(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)


def _webassistances(products, staff) -> None:
    expert = products["cegid-expert"]
    if Webassistance.objects.filter(topic__startswith="Démo ·").exists():
        return
    now = timezone.now()
    past = Webassistance.objects.create(
        topic="Démo · Nouveautés de la version 2026",
        product=expert,
        starts_at=now - timedelta(days=10),
        duration_minutes=60,
        trainer="Hugo Marchal",
        capacity=30,
        meeting_url="https://visio.example.test/nouveautes",
        created_at=now - timedelta(days=20),
        reminded_at=now - timedelta(days=11),
    )
    services_webassistance.attach_replay(
        actor=staff, session=past, video_url="https://videos.example.test/replay-2026", now=now
    )
    services_webassistance.schedule(
        actor=staff,
        topic="Démo · Réussir sa clôture annuelle",
        product=expert,
        starts_at=_next_working_day(7, 10),
        duration_minutes=90,
        trainer="Inès Roussel",
        capacity=20,
        meeting_url="https://visio.example.test/cloture",
    )
    nearly_full = services_webassistance.schedule(
        actor=staff,
        topic="Démo · Le lettrage automatique",
        product=expert,
        starts_at=_next_working_day(10, 14),
        duration_minutes=60,
        trainer="Hugo Marchal",
        capacity=3,
        meeting_url="https://visio.example.test/lettrage",
    )
    for email in ("compta@durand.demo", "user@lefevre.demo"):
        user = User.objects.filter(email=email).first()
        if user is not None:
            WebassistanceSeat.objects.get_or_create(
                session=nearly_full,
                user=user,
                defaults={"status": "registered", "requested_at": now, "updated_at": now},
            )


def _teleassistance(agent) -> None:
    if TeleassistanceSlot.objects.exists():
        return
    demande = (
        Demande.objects.filter(
            kind=Demande.Kind.SUPPORT,
            state__in=Demande.OPEN_STATES,
            formula__in=("open", "private"),
        )
        .order_by("registered_at")
        .first()
    )
    if demande is None:
        return
    now = timezone.now()
    for days in range(1, 15):
        start = _next_working_day(days, 10)
        if services_teleassistance.slot_problem(
            demande, start, start + timedelta(hours=1), now=now
        ):
            continue
        services_teleassistance.propose_slots(
            agent=agent, demande=demande, slots=[(start, start + timedelta(hours=1))], now=now
        )
        return


@transaction.atomic
def seed() -> None:
    products = {p.code: p for p in Product.objects.filter(code__in=[*CEGID_ITEMS, "m365"])}
    staff = User.objects.filter(email="admin@editeur.demo").first()
    agent = User.objects.filter(email="agent1@editeur.demo").first()
    if staff is None or agent is None or "cegid-expert" not in products:
        return
    for code, rows in CEGID_ITEMS.items():
        if code in products:
            for level, kind, title, summary in rows:
                _item(code, level, kind, title, summary, products=[products[code]])
    for tier, kind, title, summary in M365_ITEMS:
        _item("m365", tier, kind, title, summary, track="m365")
    _webassistances(products, staff)
    _teleassistance(agent)
