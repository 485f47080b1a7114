"""Calendar arithmetic of a subscription: billing dates and term (art. 14, 15).

Pure functions on ``datetime.date``; no Django. Every date is derived from the
date of the first invoice, which is the day the access codes were
communicated to the client (art. 14).

Month arithmetic is always anchored on that first date and clamps to the last
day of the target month: a first invoice on 31 January gives 30 April, then
31 July (first date + 3k months), never 30 July (which chaining 30 April +
3 months would give).
"""

from datetime import date

# Month arithmetic is the portal's (restore points, reports use it too); re-exported here.
from portal.core.dates import add_months as add_months

QUARTER_MONTHS = 3  # art. 14: billed quarterly, in advance (terme à échoir)
INITIAL_TERM_MONTHS = 36  # art. 15: 36 months of billing from the first invoice
RENEWAL_MONTHS = 12  # art. 15: then tacit renewal by periods of one year
NOTICE_MONTHS = 3  # art. 15: notice 3 billing months before the end of the period


def invoice_date(first_invoice: date, n: int) -> date:
    """Return the date of the n-th quarterly invoice, ``n = 0`` being the first (art. 14).

    Always ``add_months(first_invoice, 3 * n)``: anchored on the first invoice,
    never chained from the previous one.
    """
    _require_non_negative(n, "n")
    return add_months(first_invoice, QUARTER_MONTHS * n)


def billing_period(first_invoice: date, n: int) -> tuple[date, date]:
    """Return the quarter ``[start, end)`` billed by the n-th invoice (art. 14).

    Billing is in advance (terme à échoir): invoice n covers the days from its
    own date up to, but excluding, the date of invoice n + 1.
    """
    return invoice_date(first_invoice, n), invoice_date(first_invoice, n + 1)


def invoices_between(first_invoice: date, start: date, end: date) -> list[tuple[int, date]]:
    """Return ``(n, invoice_date)`` for every invoice dated in ``[start, end)`` (art. 14).

    Invoices are numbered from 0 (the first invoice). The schedule is not
    bounded by the term: to stop at the end of the contract, pass
    ``min(end, period_end(...))`` as ``end``.
    """
    if end <= start:
        return []
    # Start from a lower bound on the first index that can fall in range,
    # so that far-away ranges cost nothing.
    months_before_start = (start.year - first_invoice.year) * 12 + start.month - first_invoice.month
    n = max(0, months_before_start // QUARTER_MONTHS - 1)
    invoices = []
    while (day := invoice_date(first_invoice, n)) < end:
        if day >= start:
            invoices.append((n, day))
        n += 1
    return invoices


def period_end(first_invoice: date, renewals: int = 0) -> date:
    """Return the first day *after* the current period of the subscription (art. 15).

    The initial term is 36 months of billing from the first invoice; each
    tacit renewal adds one year. With ``renewals = 0`` this is the day after
    the initial term.
    """
    _require_non_negative(renewals, "renewals")
    return add_months(first_invoice, INITIAL_TERM_MONTHS + RENEWAL_MONTHS * renewals)


def notice_deadline(first_invoice: date, renewals: int = 0) -> date:
    """Return the last day on which a notice of non-renewal is still in time (art. 15).

    The registered letter must be sent 3 billing months before the end of the
    current period; the date is anchored on the first invoice, like every
    other date of the subscription.
    """
    _require_non_negative(renewals, "renewals")
    months = INITIAL_TERM_MONTHS + RENEWAL_MONTHS * renewals - NOTICE_MONTHS
    return add_months(first_invoice, months)


def renewals_at(first_invoice: date, today: date) -> int:
    """Return how many tacit renewals have taken effect on ``today`` (art. 15).

    Assumes no notice of non-renewal was given: this is the ``renewals``
    argument of :func:`period_end` and :func:`notice_deadline` for the period
    that contains ``today``. The k-th renewal takes effect on
    ``period_end(first_invoice, k - 1)``; before that day (and before the
    first invoice) the answer is 0.
    """
    initial_end = period_end(first_invoice)
    if today < initial_end:
        return 0
    # Lower-bound estimate from whole years, then step to the exact count.
    renewals = max(0, (today.year - initial_end.year) - 1)
    while period_end(first_invoice, renewals) <= today:
        renewals += 1
    return renewals


def _require_non_negative(value: int, name: str) -> None:
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
