"""Demo Demandes in various states for the demo organisations. Idempotent
(called by ``manage.py seed_demo`` after the cast): nothing is added once the
demo organisations have Demandes."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from portal.accounts.models import User
from portal.organisations.models import Dossier
from support import services
from support.business_time import PARIS, is_working_day
from support.models import Demande


def _working_day_at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    """10:00-ish on the jour ouvré ``days_ago`` working days before today (Paris)."""
    day = timezone.localdate()
    counted = 0
    while counted < days_ago or not is_working_day(day):
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _people():
    emails = [
        "user@durand.demo",
        "compta@durand.demo",
        "user@lefevre.demo",
        "admin@martin.demo",
        "user@fides.demo",
        "agent1@editeur.demo",
        "agent2@editeur.demo",
    ]
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    return people if len(people) == len(emails) else None


def seed() -> None:
    people = _people()
    if people is None:
        return
    clients = [people[email] for email in people if not email.endswith("@editeur.demo")]
    if Demande.objects.filter(organisation__in=[c.organisation_id for c in clients]).exists():
        return
    karim, julie = people["user@durand.demo"], people["compta@durand.demo"]
    nadia, paul = people["user@lefevre.demo"], people["admin@martin.demo"]
    thomas = people["user@fides.demo"]
    hugo, ines = people["agent1@editeur.demo"], people["agent2@editeur.demo"]
    now = timezone.now()

    def file(requester, subject, at, **fields):
        draft = services.DemandeDraft(subject=subject, **fields)
        return services.file_demande(requester=requester, draft=draft, now=min(at, now))

    # Transports Durand (Open): one waiting, one crit. 2 under way, one resolved.
    file(
        karim,
        "Le lettrage automatique ne se lance plus",
        now - timedelta(minutes=40),
        context="Depuis la mise à jour de ce matin, sur le dossier principal.",
        error_messages="Erreur 500 : traitement interrompu",
        menu_sequence="Comptabilité > Lettrage > Automatique",
    )
    fec = file(
        karim,
        "Export FEC refusé par l'outil de contrôle",
        _working_day_at(3, 10),
        error_messages="Ligne 1204 : date de pièce invalide",
        menu_sequence="Outils > Exports légaux > FEC",
    )
    services.take_in_charge(demande=fec, agent=hugo, now=_working_day_at(3, 11))
    services.qualify(
        demande=fec,
        agent=hugo,
        qualification="anomalie",
        criticality=2,
        now=_working_day_at(3, 15),
    )
    question = file(julie, "Comment rouvrir un exercice clôturé ?", _working_day_at(8, 9, 30))
    services.take_in_charge(demande=question, agent=ines, now=_working_day_at(8, 10))
    services.qualify(
        demande=question, agent=ines, qualification="other", now=_working_day_at(8, 10)
    )
    services.resolve(
        demande=question,
        agent=ines,
        message="Menu Exercices > Réouverture, avec le droit « Clôture ».",
        now=_working_day_at(8, 11),
    )
    billing = services.file_customer_service_request(
        requester=julie,
        subject="Facture du trimestre reçue en double",
        description="Deux factures identiques pour le 3e trimestre.",
        category="billing",
        now=_working_day_at(1, 14, 30),
    )
    services.take_in_charge(demande=billing, agent=ines, now=_working_day_at(1, 15))

    # Groupe Lefèvre (Private): crit. 1 with its action plan, and one left waiting.
    paie = file(nadia, "Paie bloquée au calcul des cotisations", _working_day_at(2, 9, 15))
    services.take_in_charge(demande=paie, agent=hugo, now=_working_day_at(2, 9, 40))
    services.qualify(
        demande=paie,
        agent=hugo,
        qualification="anomalie",
        criticality=1,
        now=_working_day_at(2, 10),
    )
    services.respond(
        demande=paie,
        agent=hugo,
        response="action_plan",
        message="Correctif en recette ; contournement : saisir le taux manuellement.",
        now=_working_day_at(2, 16),
    )
    file(nadia, "Écran de saisie très lent l'après-midi", _working_day_at(4, 14, 45))

    # Boulangerie Martin (Connect): customer service only.
    services.file_customer_service_request(
        requester=paul,
        subject="Changer l'adresse de facturation",
        description="Nous avons déménagé au 12 rue des Lilas, Lyon.",
        category="accounts",
        now=_working_day_at(1, 11),
    )

    # Cabinet Fidès Expertise: a Demande about a client's dossier, assigned.
    dossier = Dossier.objects.filter(organisation=thomas.organisation, reference="CLI-001").first()
    tva = file(
        thomas,
        "Déclaration de TVA du Garage du Centre incomplète",
        now - timedelta(hours=2),
        dossier=dossier,
        context="La ligne 08 reste vide.",
    )
    services.assign(demande=tva, actor=ines, assignee=ines, now=now - timedelta(hours=1))

    services.sweep_deadlines(now=now)
