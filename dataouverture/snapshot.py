"""Building an organisation's Data Access database (art. 17, 2.).

Every table is filled from querysets filtered on the one organisation: the
file never holds another organisation's row, whatever SQL later runs on it.
Private folders' documents and internal (vendor-only) events and notes are
left out, as they are on the pages. Instants are ISO 8601 text in UTC,
amounts in euros.

``TABLES`` is the documentation shown to clients: one entry per table or
view, with its columns.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings

#: name → (description, [(column, SQL type, description)])
TABLES: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "demandes": (
        "Les demandes au support et au service client (art. 12).",
        [
            ("reference", "TEXT", "Référence, ex. D-2026-000123"),
            ("nature", "TEXT", "support ou service_client"),
            ("categorie", "TEXT", "Catégorie (service client)"),
            ("canal", "TEXT", "web ou téléphone"),
            ("objet", "TEXT", "Objet"),
            ("etat", "TEXT", "État"),
            ("qualification", "TEXT", "anomalie ou autre"),
            ("criticite", "INTEGER", "1, 2 ou 3 (anomalies)"),
            ("formule", "TEXT", "Formule au dépôt"),
            ("demandeur", "TEXT", "E-mail du demandeur"),
            ("enregistree_le", "TEXT", "Enregistrement (UTC)"),
            ("prise_en_charge_le", "TEXT", "Prise en charge (UTC)"),
            ("qualifiee_le", "TEXT", "Qualification (UTC)"),
            ("plan_action_le", "TEXT", "Plan d'action (UTC)"),
            ("correctif_le", "TEXT", "Correctif ou contournement (UTC)"),
            ("resolue_le", "TEXT", "Résolution (UTC)"),
            ("cloturee_le", "TEXT", "Clôture (UTC)"),
            ("prise_en_charge_avant", "TEXT", "Échéance de prise en charge (UTC)"),
            ("plan_action_avant", "TEXT", "Échéance du plan d'action, criticité 1 (UTC)"),
            ("correctif_avant", "TEXT", "Échéance du correctif, criticité 2 (UTC)"),
            ("delai_depasse", "INTEGER", "1 si un délai a été dépassé"),
        ],
    ),
    "evenements": (
        "L'historique des demandes : chaque changement d'état, qui, quand (art. 12.2).",
        [
            ("demande", "TEXT", "Référence de la demande"),
            ("action", "TEXT", "Action"),
            ("auteur", "TEXT", "Auteur"),
            ("le", "TEXT", "Date (UTC)"),
        ],
    ),
    "reponses": (
        "Les messages échangés sur les demandes (hors notes internes de l'éditeur).",
        [
            ("demande", "TEXT", "Référence de la demande"),
            ("auteur", "TEXT", "E-mail de l'auteur"),
            ("message", "TEXT", "Texte"),
            ("le", "TEXT", "Date (UTC)"),
        ],
    ),
    "delais": (
        "Vue : les délais de prise en charge et leur respect (art. 12.2, cible 75 %).",
        [
            ("demande", "TEXT", "Référence"),
            ("enregistree_le", "TEXT", "Enregistrement (UTC)"),
            ("prise_en_charge_avant", "TEXT", "Échéance (UTC)"),
            ("prise_en_charge_le", "TEXT", "Prise en charge (UTC)"),
            ("respecte", "INTEGER", "1 respecté, 0 manqué, vide si en attente"),
        ],
    ),
    "factures": (
        "Les factures trimestrielles (art. 14).",
        [
            ("numero", "TEXT", "Numéro"),
            ("date", "TEXT", "Date de facture"),
            ("debut_periode", "TEXT", "Début de période"),
            ("fin_periode", "TEXT", "Premier jour après la période"),
            ("total_ht", "REAL", "Total HT (€)"),
            ("tva", "REAL", "TVA (€)"),
            ("total_ttc", "REAL", "Total TTC (€)"),
        ],
    ),
    "lignes_factures": (
        "Les lignes des factures.",
        [
            ("facture", "TEXT", "Numéro de facture"),
            ("code_produit", "TEXT", "Code produit"),
            ("designation", "TEXT", "Désignation"),
            ("quantite", "INTEGER", "Quantité"),
            ("prix_unitaire", "REAL", "Prix unitaire mensuel HT (€)"),
            ("mois", "INTEGER", "Nombre de mois"),
            ("montant", "REAL", "Montant HT (€)"),
        ],
    ),
    "documents": (
        "Les documents du dossier partagé (métadonnées, pas le contenu).",
        [
            ("nom", "TEXT", "Nom"),
            ("dossier", "TEXT", "Dossier"),
            ("taille", "INTEGER", "Taille (octets)"),
            ("format", "TEXT", "Format"),
            ("depose_par", "TEXT", "E-mail du déposant"),
            ("depose_le", "TEXT", "Dépôt (UTC)"),
            ("modifie_le", "TEXT", "Dernière modification (UTC)"),
        ],
    ),
    "utilisateurs": (
        "Les comptes du portail de l'organisation (art. 11).",
        [
            ("email", "TEXT", "E-mail"),
            ("prenom", "TEXT", "Prénom"),
            ("nom", "TEXT", "Nom"),
            ("role", "TEXT", "client_user ou client_admin"),
            ("actif", "INTEGER", "1 si actif"),
            ("cree_le", "TEXT", "Création (UTC)"),
            ("active_le", "TEXT", "Activation (UTC)"),
            ("desactive_le", "TEXT", "Désactivation (UTC)"),
        ],
    ),
    "journal_audit": (
        "Le journal d'audit de l'organisation (hors événements internes de l'éditeur).",
        [
            ("le", "TEXT", "Date (UTC)"),
            ("auteur", "TEXT", "Auteur"),
            ("action", "TEXT", "Code de l'action"),
            ("objet", "TEXT", "Objet"),
        ],
    ),
}

#: So that queries joining events and replies to their Demande stay fast.
INDEXES = [
    'CREATE INDEX demandes_reference ON demandes ("reference")',
    'CREATE INDEX evenements_demande ON evenements ("demande")',
    'CREATE INDEX reponses_demande ON reponses ("demande")',
    'CREATE INDEX lignes_factures_facture ON lignes_factures ("facture")',
]

VIEWS = {
    "delais": (
        "SELECT reference AS demande, enregistree_le, prise_en_charge_avant, prise_en_charge_le, "
        "CASE WHEN prise_en_charge_avant IS NULL THEN NULL "
        "WHEN prise_en_charge_le IS NOT NULL AND prise_en_charge_le <= prise_en_charge_avant "
        "THEN 1 WHEN prise_en_charge_le IS NULL AND prise_en_charge_avant > "
        "strftime('%Y-%m-%dT%H:%M:%S', 'now') THEN NULL ELSE 0 END AS respecte "
        "FROM demandes WHERE nature = 'support'"
    ),
}


def _value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _sources(organisation):
    """name → iterable of row tuples, every queryset filtered on the organisation."""
    from portal.accounts.models import User
    from portal.audit.models import AuditEvent
    from portal.documents.models import Document
    from subscriptions.models import Invoice, InvoiceLine
    from support.models import Comment, Demande, DemandeEvent

    org = organisation.pk
    chunk = 5_000
    return {
        "demandes": Demande.objects.filter(organisation_id=org)
        .order_by("pk")
        .values_list(
            "reference",
            "kind",
            "category",
            "channel",
            "subject",
            "state",
            "qualification",
            "criticality",
            "formula",
            "requester__email",
            "registered_at",
            "taken_in_charge_at",
            "qualified_at",
            "action_plan_at",
            "fix_at",
            "resolved_at",
            "closed_at",
            "take_in_charge_due_at",
            "action_plan_due_at",
            "fix_due_at",
            "is_breached",
        )
        .iterator(chunk),
        "evenements": DemandeEvent.objects.filter(demande__organisation_id=org, is_public=True)
        .order_by("pk")
        .values_list("demande__reference", "action", "actor_label", "created_at")
        .iterator(chunk),
        "reponses": Comment.objects.filter(demande__organisation_id=org, is_internal=False)
        .order_by("pk")
        .values_list("demande__reference", "author__email", "body", "created_at")
        .iterator(chunk),
        "factures": Invoice.objects.filter(contract__organisation_id=org)
        .order_by("pk")
        .values_list(
            "number",
            "issued_on",
            "period_start",
            "period_end",
            "total_excl_tax",
            "vat_amount",
            "total_incl_tax",
        )
        .iterator(chunk),
        "lignes_factures": InvoiceLine.objects.filter(invoice__contract__organisation_id=org)
        .order_by("pk")
        .values_list(
            "invoice__number",
            "product_code",
            "label",
            "quantity",
            "unit_price",
            "months",
            "amount",
        )
        .iterator(chunk),
        "documents": Document.objects.filter(organisation_id=org, folder__owner__isnull=True)
        .order_by("pk")
        .values_list(
            "name",
            "folder__name",
            "size",
            "kind",
            "uploaded_by__email",
            "created_at",
            "updated_at",
        )
        .iterator(chunk),
        "utilisateurs": User.objects.filter(organisation_id=org)
        .order_by("pk")
        .values_list(
            "email",
            "first_name",
            "last_name",
            "role",
            "is_active",
            "date_joined",
            "activated_at",
            "deactivated_at",
        )
        .iterator(chunk),
        "journal_audit": AuditEvent.objects.filter(organisation_id=org, internal=False)
        .order_by("pk")
        .values_list("created_at", "actor_label", "action", "target_label")
        .iterator(chunk),
    }


def snapshot_dir(organisation) -> Path:
    root = Path(getattr(settings, "DATA_ACCESS_ROOT", settings.MEDIA_ROOT))
    return root / "data-access" / str(organisation.public_id)


def build(organisation) -> tuple[str, dict[str, int]]:
    """Write a new snapshot file and return ``(path, row counts)``.

    Written to a temporary file then renamed: a query running on the
    previous snapshot is never disturbed, and a crash leaves no half file.
    """
    folder = snapshot_dir(organisation)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    os.close(handle)
    counts = {}
    try:
        connection = sqlite3.connect(temporary)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        for name, rows in _sources(organisation).items():
            counts[name] = _fill(connection, name, rows)
        for index in INDEXES:
            connection.execute(index)
        for name, select in VIEWS.items():
            connection.execute(f'CREATE VIEW "{name}" AS {select}')  # noqa: S608 - constants
        connection.commit()
        connection.close()
        final = folder / f"snapshot-{os.path.basename(temporary)[:-4]}.sqlite3"
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return str(final), counts


def _fill(connection, name: str, rows) -> int:
    columns = TABLES[name][1]
    spec = ", ".join(f'"{column}" {kind}' for column, kind, _doc in columns)
    connection.execute(f'CREATE TABLE "{name}" ({spec})')
    marks = ", ".join("?" for _column in columns)
    insert = f'INSERT INTO "{name}" VALUES ({marks})'  # noqa: S608 - constants
    count = 0
    batch = []
    for row in rows:
        batch.append(tuple(_value(value) for value in row))
        if len(batch) >= 5_000:
            connection.executemany(insert, batch)
            count += len(batch)
            batch = []
    if batch:
        connection.executemany(insert, batch)
        count += len(batch)
    return count
