"""Writes on Demandes (art. 12.2-12.3): one function per business operation.

Each runs in a transaction, checks the state with a conditional UPDATE (so two
agents acting at once get one winner and one clear refusal), writes an
immutable ``DemandeEvent`` and an audit row, and queues e-mails through the
outbox (sent after commit). Views, the API and tasks call these functions only.
"""

from support.services.filing import (
    DemandeDraft,
    file_customer_service_request,
    file_demande,
    record_phone_demande,
)
from support.services.timers import sweep_deadlines
from support.services.workflow import (
    add_attachments,
    add_comment,
    assign,
    close,
    qualify,
    reopen,
    requalify,
    resolve,
    respond,
    take_in_charge,
    watch,
)

__all__ = [
    "DemandeDraft",
    "add_attachments",
    "add_comment",
    "assign",
    "close",
    "file_customer_service_request",
    "file_demande",
    "qualify",
    "record_phone_demande",
    "reopen",
    "requalify",
    "resolve",
    "respond",
    "sweep_deadlines",
    "take_in_charge",
    "watch",
]
