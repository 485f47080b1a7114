"""What the load test must have kept (issue 11, "Load with nothing lost").

After ``loadtest/locustfile.py`` has run against the cluster, the locust side
knows which filings it was answered 201 for (reference and ``Idempotency-Key``)
and which documents it was answered 201 for. This module checks the database
and the media storage against that record:

- every Demande answered 201 is in the database once, under the key it was
  filed with, and the load users filed no other Demande (no ghost, no double);
- each has its acknowledgment (art. 12.2) in the outbox once, sent, and, when
  the e-mails are written as files, received once (its stable Message-ID);
- each support Demande has its take-in-charge deadline and warning set
  (art. 12.2, 12.10), a customer-service one has none;
- the document quotas are exact (art. 4): nothing left reserved, the used bytes
  equal to the documents' sizes, every stored file present with that size, and
  no file in storage that no document or backup refers to.

Each check returns the list of problems found (empty: it holds).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Sum

from portal.core.emails import message_id
from portal.core.models import OutboundEmail
from portal.documents.models import Document, DocumentBackup, StorageUsage
from support.models import Demande, FilingIdempotencyKey


@dataclass
class Report:
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_demandes(
    filed: list[dict], requesters, report: Report, sent_keys: list[str] | None = None
) -> list[Demande]:
    """Every 201 is one row under its key; the load users filed nothing else.

    ``sent_keys``: every key sent, answered or not. A filing whose answer never
    came (a request cut at the end of the run, a worker timeout) may have
    committed: it is in the database once under its key, which a client's retry
    would get back, so it is counted, not a problem. Without ``sent_keys`` every
    Demande must have been answered 201.
    """
    answered = Counter(item["reference"] for item in filed)
    keys = {item["key"]: item["reference"] for item in filed}
    rows = list(Demande.objects.filter(requester__in=requesters).order_by("pk"))
    in_db = Counter(d.reference for d in rows)
    report.figures.update(answered_201=len(filed), distinct_references=len(answered))
    report.figures["demandes_in_database"] = len(rows)
    stored_keys = dict(
        FilingIdempotencyKey.objects.filter(user__in=requesters).values_list(
            "key", "demande__reference"
        )
    )
    report.figures["idempotency_keys"] = len(stored_keys)
    for reference, times in in_db.items():
        if times > 1:
            report.problems.append(f"{reference} est {times} fois en base")
    missing = sorted(set(answered) - set(in_db))
    report.problems += [f"{ref} répondue 201 mais absente de la base" for ref in missing]
    unanswered = set(in_db) - set(answered)
    if sent_keys is not None:
        sent = set(sent_keys)
        known = {ref for key, ref in stored_keys.items() if key in sent}
        report.figures["filed_without_answer_seen"] = len(unanswered & known)
        unanswered -= known
    report.problems += [f"{ref} en base sans réponse 201 (fantôme)" for ref in sorted(unanswered)]
    for key, reference in keys.items():
        if stored_keys.get(key) != reference:
            report.problems.append(f"clé {key} : {stored_keys.get(key)} en base, {reference} reçue")
    references_by_key: dict[str, set[str]] = {}
    for item in filed:
        references_by_key.setdefault(item["key"], set()).add(item["reference"])
    for key, references in references_by_key.items():
        if len(references) > 1:  # a retry that filed a second Demande
            report.problems.append(f"clé {key} : plusieurs demandes {sorted(references)}")
    return rows


def check_acknowledgments(demandes: list[Demande], mail_dir: Path | None, report: Report) -> None:
    """One acknowledgment per Demande in the outbox, sent, received once."""
    keys = {f"support-ack-{d.pk}": d for d in demandes}
    emails = {e.dedup_key: e for e in OutboundEmail.objects.filter(dedup_key__in=keys)}
    received = _received_message_ids(mail_dir) if mail_dir else None
    sent = 0
    for key, demande in keys.items():
        email = emails.get(key)
        if email is None:
            report.problems.append(f"{demande.reference} : pas d'accusé de réception")
            continue
        if email.sent_at is None:
            report.problems.append(f"{demande.reference} : accusé de réception non envoyé")
            continue
        sent += 1
        if received is not None and received[message_id(email)] != 1:
            report.problems.append(
                f"{demande.reference} : accusé reçu {received[message_id(email)]} fois"
            )
    report.figures["acknowledgments_sent"] = sent
    if received is not None:
        report.figures["acknowledgments_received"] = sum(
            1 for e in emails.values() if e.sent_at and received[message_id(e)] == 1
        )


def _received_message_ids(mail_dir: Path) -> Counter:
    """Message-IDs of the e-mails written one file each (``OneFilePerMessageBackend``)."""
    seen = Counter()
    for path in mail_dir.glob("*.eml"):
        with path.open("rb") as stream:
            for raw in stream:
                if raw in (b"\n", b"\r\n"):  # end of the headers
                    break
                if raw.lower().startswith(b"message-id:"):
                    seen[raw.split(b":", 1)[1].strip().decode()] += 1
    return seen


def check_deadlines(demandes: list[Demande], report: Report) -> None:
    """art. 12.2, 12.10: a support Demande has its take-in-charge deadline at filing."""
    with_deadline = 0
    for d in demandes:
        if d.kind == Demande.Kind.SUPPORT:
            due, warn = d.take_in_charge_due_at, d.take_in_charge_warn_at
            if due is None or warn is None or not d.registered_at <= warn <= due:
                report.problems.append(f"{d.reference} : délai de prise en charge absent ou faux")
                continue
            with_deadline += 1
        elif d.take_in_charge_due_at is not None:
            report.problems.append(f"{d.reference} : délai sur une demande au service client")
    report.figures["support_demandes_with_deadline"] = with_deadline


def check_documents(organisations, uploaded: list[dict], storage, report: Report) -> None:
    """art. 4: the pooled counters equal what is stored; no file lost, none orphaned."""
    documents = Document.objects.filter(organisation__in=organisations)
    present = set(map(str, documents.values_list("public_id", flat=True)))
    lost = [item["id"] for item in uploaded if item["id"] not in present]
    report.problems += [f"document {pk} répondu 201 mais absent" for pk in lost]
    report.figures["documents_uploaded"] = len(uploaded)
    totals = dict(
        documents.values("organisation")
        .annotate(total=Sum("size"))
        .values_list("organisation", "total")
    )
    for usage in StorageUsage.objects.filter(organisation__in=organisations):
        total = totals.get(usage.organisation_id, 0) or 0
        if usage.bytes_reserved != 0 or usage.bytes_used != total:
            report.problems.append(
                f"quota de l'organisation {usage.organisation_id} : utilisé {usage.bytes_used}, "
                f"réservé {usage.bytes_reserved}, documents {total}"
            )
    referenced = set(documents.values_list("file", flat=True))
    referenced |= set(
        DocumentBackup.objects.filter(document__organisation__in=organisations).values_list(
            "file", flat=True
        )
    )
    for document in documents.only("file", "size", "public_id"):
        if not storage.exists(document.file.name):
            report.problems.append(f"document {document.public_id} : fichier absent")
        elif storage.size(document.file.name) != document.size:
            report.problems.append(f"document {document.public_id} : taille différente")
    orphans = 0
    for organisation in organisations:
        folder = f"documents/{organisation.public_id}"
        try:
            names = storage.listdir(folder)[1]
        except FileNotFoundError:  # a local folder never created (S3 lists an empty prefix)
            names = []
        orphans += sum(1 for name in names if f"{folder}/{name}" not in referenced)
    if orphans:
        report.problems.append(f"{orphans} fichier(s) orphelin(s) dans l'espace documentaire")
    report.figures["stored_documents"] = documents.count()
    report.figures["orphan_files"] = orphans
