"""Gapless yearly numbering, the one algorithm for every numbered record.

Demande references (art. 12.2: the acknowledgment gives the client a
reference at once) and invoice numbers (French invoicing rules: one
unbroken, chronological series) both take the next number of a named
sequence for a year, inside the transaction that stores the numbered row:

- a conditional ``UPDATE … SET last_number = last_number + 1`` locks the
  counter row until commit (a row lock on PostgreSQL, the database write lock
  on SQLite), so two transactions never get the same number;
- a rollback undoes the increment, so a failed filing gives its number back
  and the series has no gap;
- the first number of a year creates the row in a savepoint; when another
  transaction created it first, the increment is simply retried.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from portal.core.models import NumberSequence

#: Sequence names (``NumberSequence.name``).
DEMANDE_REFERENCES = "demande"
INVOICE_NUMBERS = "invoice"


def next_number(sequence: str, year: int) -> int:
    """The next number of ``sequence`` in ``year`` (1, 2, 3…), without gaps.

    Must be called inside the transaction that saves the numbered row: the
    counter stays locked until that transaction ends.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that uses the number")
    counter = NumberSequence.objects.filter(name=sequence, year=year)
    if not counter.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                NumberSequence.objects.create(name=sequence, year=year, last_number=1)
            return 1
        except IntegrityError:  # another transaction created the year's row first
            counter.update(last_number=F("last_number") + 1)
    return counter.values_list("last_number", flat=True).get()
