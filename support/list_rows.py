"""What the list pages show of each Demande of a page, computed once in Python.

The lists (the agents' queue, the client's "Mes demandes") choose their page on
the keys alone and read the page's rows with the shown columns only, as plain
values (support/views.py ``_page``: no model instance per row and per joined
row, and values the list's cache can keep). Here they become the texts the
tables print — labels from a dict per language
instead of ``get_FOO_display`` (which re-hashes every choice's lazy label, ~10
gettext calls a row), the Demande's link from one reversed URL. The templates
then print the fields as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from portal.accounts.models import User
from portal.core import dates
from subscriptions.models import Formula
from support.deadlines import DEADLINES, business_duration, business_time_left
from support.models import Demande

#: The Demande's own columns the queue's time left is computed from.
_CLOCK_FIELDS = (
    "state",
    "formula",
    "calendar_name",
    "calendar_spec",
    *(deadline.due_at for deadline in DEADLINES),
    *(deadline.met_at for deadline in DEADLINES),
)
#: ``Model.from_db`` takes the values in the order of the model's fields.
_INSTANCE_FIELDS = tuple(
    field.attname
    for field in Demande._meta.concrete_fields
    if field.attname in {"id", "reference", *_CLOCK_FIELDS}
)
_ROW_KEYS = tuple("pk" if name == "id" else name for name in _INSTANCE_FIELDS)
QUEUE_FIELDS = (
    "pk",
    "reference",
    "subject",
    "kind",
    "criticality",
    "is_breached",
    *_CLOCK_FIELDS,
    "organisation__name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__email",
)
CLIENT_FIELDS = (
    "pk",
    "reference",
    "subject",
    "kind",
    "category",
    "state",
    "criticality",
    "registered_at",
    "awaiting_client_since",
    "take_in_charge_due_at",
    "requester__first_name",
    "requester__last_name",
    "requester__email",
)


class QueueRow(NamedTuple):
    """One line of the queue; ``demande`` holds the columns its deadlines need."""

    demande: Demande
    left: object  # timedelta | None: business time to the running deadline
    overdue: bool
    url: str
    reference: str
    organisation: str
    formula: str
    subject: str
    customer_service: bool
    state: str
    criticality: int | None
    left_text: str
    breached: bool
    late: bool  # overdue or already marked breached: the cell is shown in red
    assignee: str


class ClientRow(NamedTuple):
    url: str
    reference: str
    subject: str
    nature: str
    requester: str
    registered_iso: str
    registered_text: str
    awaits_client: bool
    state: str
    criticality: int | None
    take_in_charge_due_text: str


@lru_cache(maxsize=32)
def _labels(choices: type, language: str | None) -> dict:
    """value → label of ``choices`` in ``language`` (the active one when computed)."""
    return {value: str(label) for value, label in choices.choices}


def _detail_url() -> str:
    return reverse("support:detail", args=["REFERENCE"])


def queue_rows(values: Iterable[dict], now: datetime) -> list[QueueRow]:
    """The queue's lines for a page of Demandes read as ``values(*QUEUE_FIELDS)``."""
    language = get_language()
    states, formulas = _labels(Demande.State, language), _labels(Formula, language)
    url = _detail_url()
    rows = []
    for row in values:
        # A deferred-fields instance, as the ORM builds them (``Demande(**kw)`` looks
        # up every other field's default: several times slower).
        demande = Demande.from_db(None, _INSTANCE_FIELDS, [row[f] for f in _ROW_KEYS])
        left, overdue = business_time_left(demande, now), demande.is_overdue(now)
        rows.append(
            QueueRow(
                demande=demande,
                left=left,
                overdue=overdue,
                url=url.replace("REFERENCE", row["reference"]),
                reference=row["reference"],
                organisation=row["organisation__name"],
                formula=formulas.get(row["formula"], row["formula"]),
                subject=row["subject"],
                customer_service=row["kind"] == Demande.Kind.CUSTOMER_SERVICE,
                state=states.get(row["state"], row["state"]),
                criticality=row["criticality"],
                left_text=business_duration(left),
                breached=row["is_breached"],
                late=overdue or row["is_breached"],
                assignee=User.name_of(
                    row["assignee__first_name"],
                    row["assignee__last_name"],
                    row["assignee__email"],
                )
                or "—",
            )
        )
    return rows


def _short(moment: datetime | None) -> str:
    """``{{ moment|short_date_time }}``."""
    return dates.short_date_time(timezone.localtime(moment)) if moment else ""


def client_rows(values: Iterable[dict]) -> list[ClientRow]:
    """The client table's lines for a page of Demandes read as ``values(*CLIENT_FIELDS)``."""
    language = get_language()
    states = _labels(Demande.State, language)
    kinds, categories = _labels(Demande.Kind, language), _labels(Demande.Category, language)
    url = _detail_url()
    rows = []
    for row in values:
        nature = kinds.get(row["kind"], row["kind"])
        if row["category"]:
            nature = f"{nature} · {categories.get(row['category'], row['category'])}"
        registered_at = timezone.localtime(row["registered_at"])
        rows.append(
            ClientRow(
                url=url.replace("REFERENCE", row["reference"]),
                reference=row["reference"],
                subject=row["subject"],
                nature=nature,
                requester=User.name_of(
                    row["requester__first_name"],
                    row["requester__last_name"],
                    row["requester__email"],
                ),
                registered_iso=registered_at.isoformat(),
                registered_text=dates.short_date_time(registered_at),
                awaits_client=row["awaiting_client_since"] is not None
                and row["state"] in Demande.OPEN_STATES,
                state=states.get(row["state"], row["state"]),
                criticality=row["criticality"],
                take_in_charge_due_text=_short(row["take_in_charge_due_at"]) or "—",
            )
        )
    return rows
