"""Writes of the subscriptions app: orders, access codes, notices, invoices, overages.

Every function is keyword-only, runs in one transaction, checks the state,
raises :class:`~portal.core.errors.DomainError` with a French message, and
writes an audit row. The calendar comes from :mod:`subscriptions.terms`, the
order rules from :mod:`subscriptions.rules`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.core.dates import long_date
from portal.core.emails import queue_email
from portal.core.errors import DomainError, IllegalStateChange
from portal.core.numbering import INVOICE_NUMBERS, next_number
from subscriptions import legal, rules, selectors, signals, terms
from subscriptions.audit_actions import SubscriptionAction
from subscriptions.models import (
    Contract,
    ContractLine,
    Invoice,
    InvoiceLine,
    Overage,
    Product,
)

if TYPE_CHECKING:
    from portal.accounts.models import User


def _day(value: date) -> str:
    return long_date(value)


def _local_today(now: datetime | None) -> tuple[datetime, date]:
    now = now or timezone.now()
    return now, timezone.localdate(now)


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().select_related("organisation").get(pk=contract.pk)


def _require_vendor_admin(actor: User | None) -> None:
    """The contract is the vendor's record (art. 14-17): only its administrators order,
    end lines, record access codes, notices and overages. Views check it too; the
    service is the rule whoever calls it (README, "Authorization is checked in the
    service")."""
    if actor is None or not actor.is_active or not actor.is_vendor_admin:
        raise DomainError(_("Seuls les administrateurs de l'éditeur modifient un contrat."))


def _require_running(contract: Contract, today: date) -> None:
    if contract.status_on(today) == Contract.Status.ENDED and contract.ends_on is not None:
        raise IllegalStateChange(
            _("Le contrat a pris fin le %(day)s au soir : il ne peut plus être modifié.")
            % {"day": _day(contract.ends_on - timedelta(days=1))}
        )


# Orders and amendments (art. 3, 15, 16, 17) -------------------------------------------------


def _check_rules(facts: list[rules.LineFacts]) -> None:
    problems = rules.contract_problems(facts)
    if problems:
        raise DomainError(" ".join(problems), field="quantity")


def _add_lines(
    *,
    contract: Contract,
    items: Iterable[tuple[Product, int]],
    actor: User,
    now: datetime,
    today: date,
    action: SubscriptionAction,
) -> list[ContractLine]:
    """Create the lines of an order after checking the rules on the resulting contract."""
    items = [(product, int(quantity)) for product, quantity in items if int(quantity) != 0]
    if not items:
        raise DomainError(_("La commande ne contient aucune quantité."), field="quantity")
    for product, quantity in items:
        if quantity < 0:
            raise DomainError(_("Une quantité commandée doit être positive."), field="quantity")
        if not product.is_active:
            raise DomainError(
                _("%(product)s n'est plus commercialisé.") % {"product": product.name},
                field="product",
            )
    current = list(selectors.active_lines(contract, today))
    prices = {product.pk: selectors.price_in_force(product, today) for product, _quantity in items}
    new_lines = [
        ContractLine(
            contract=contract,
            product=product,
            quantity=quantity,
            unit_price=prices[product.pk],
            ordered_on=today,
        )
        for product, quantity in items
    ]
    _check_rules(selectors.line_facts([*current, *new_lines]))
    before = selectors.quarterly_amount(current)
    ContractLine.objects.bulk_create(new_lines)
    contract.products.add(*{product for product, _quantity in items})
    for line in new_lines:
        signals.contract_line_started.send(ContractLine, line=line, actor=actor, now=now)
    after = selectors.quarterly_amount([*current, *new_lines])
    record(
        actor=actor,
        action=action,
        organisation=contract.organisation,
        target=contract,
        data={
            "lines": [
                {
                    "product": line.product.code,
                    "quantity": line.quantity,
                    "unit_price": str(line.unit_price),
                }
                for line in new_lines
            ],
            "quarterly_before": str(before),
            "quarterly_after": str(after),
        },
        now=now,
    )
    return new_lines


def order_lines(
    *,
    contract: Contract,
    items: Iterable[tuple[Product, int]],
    actor: User,
    now: datetime | None = None,
) -> list[ContractLine]:
    """Record a first or additional sale: one line per product, at the tariff in force.

    The rules are checked on the whole contract as it would be after the
    order (art. 16, 17). Ordering mid-term changes no date of the contract
    (art. 15): the term stays anchored on the first invoice.
    """
    _require_vendor_admin(actor)
    now, today = _local_today(now)
    with transaction.atomic():
        contract = _lock(contract)
        _require_running(contract, today)
        return _add_lines(
            contract=contract,
            items=items,
            actor=actor,
            now=now,
            today=today,
            action=SubscriptionAction.ORDER,
        )


def end_line(*, line: ContractLine, actor: User, now: datetime | None = None) -> ContractLine:
    """Stop billing a line from today, if the contract stays valid without it."""
    _require_vendor_admin(actor)
    now, today = _local_today(now)
    with transaction.atomic():
        contract = _lock(line.contract)
        line = ContractLine.objects.select_for_update().select_related("product").get(pk=line.pk)
        if line.ended_on is not None:
            raise IllegalStateChange(_("Cette ligne est déjà arrêtée."))
        remaining = [
            other for other in selectors.active_lines(contract, today) if other.pk != line.pk
        ]
        _check_rules(selectors.line_facts(remaining))
        line.ended_on = today
        line.save(update_fields=["ended_on"])
        signals.contract_line_ended.send(ContractLine, line=line, actor=actor, now=now)
        record(
            actor=actor,
            action="subscriptions.end_line",
            organisation=contract.organisation,
            target=contract,
            data={"product": line.product.code, "quantity": line.quantity, "ended_on": str(today)},
            now=now,
        )
    return line


def change_lines(
    *, contract: Contract, quantities: dict[str, int], actor: User, now: datetime | None = None
) -> list[ContractLine]:
    """End or reduce several lines at once, validated as a whole (art. 16, 17).

    ``quantities`` maps a line's public id to its new quantity (0 ends it).
    The rules are checked on the contract as it would be after *all* the
    changes: Cegid Expert 10 + 2 with the pack 10 + 2 may drop both "2" lines
    together, or the pack altogether, where ending them one by one would
    always break art. 17 on the way. A reduced line is ended today and
    replaced by a line of the new quantity at the same unit price; increases
    are additional sales, made by an order at the tariff in force.
    """
    _require_vendor_admin(actor)
    now, today = _local_today(now)
    with transaction.atomic():
        contract = _lock(contract)
        _require_running(contract, today)
        current = list(selectors.active_lines(contract, today))
        changed = _changed_lines(current, quantities)
        replacements = [
            ContractLine(
                contract=contract,
                product=line.product,
                quantity=quantity,
                unit_price=line.unit_price,
                ordered_on=today,
            )
            for line, quantity in changed.items()
            if quantity
        ]
        kept = [line for line in current if line not in changed]
        _check_rules(selectors.line_facts([*kept, *replacements]))
        ContractLine.objects.filter(pk__in=[line.pk for line in changed]).update(ended_on=today)
        ContractLine.objects.bulk_create(replacements)
        # The hooks run once the contract is in its final state, so that a pack
        # reduced (not dropped) still finds its replacement line (art. 17). A
        # replacement starts nothing that was not already held.
        for line in changed:
            line.ended_on = today
            signals.contract_line_ended.send(ContractLine, line=line, actor=actor, now=now)
        record(
            actor=actor,
            action="subscriptions.change_lines",
            organisation=contract.organisation,
            target=contract,
            data={
                "lines": [
                    {"product": line.product.code, "from": line.quantity, "to": quantity}
                    for line, quantity in changed.items()
                ],
                "quarterly_before": str(selectors.quarterly_amount(current)),
                "quarterly_after": str(selectors.quarterly_amount([*kept, *replacements])),
            },
            now=now,
        )
    return replacements


def _changed_lines(current: list[ContractLine], quantities: dict[str, int]) -> dict:
    """{line: new quantity} for the lines whose quantity goes down (0 = ended)."""
    by_id = {str(line.public_id): line for line in current}
    changed = {}
    for public_id, quantity in quantities.items():
        line = by_id.get(str(public_id))
        if line is None:
            raise DomainError(_("Cette ligne ne figure pas au contrat en cours."), field="lines")
        if quantity is None or int(quantity) < 0:
            raise DomainError(_("Une quantité ne peut pas être négative."), field="lines")
        if int(quantity) > line.quantity:
            raise DomainError(
                _(
                    "%(product)s : pour augmenter la quantité, enregistrez une commande "
                    "(vente additionnelle au tarif en vigueur)."
                )
                % {"product": line.product.name},
                field="lines",
            )
        if int(quantity) != line.quantity:
            changed[line] = int(quantity)
    if not changed:
        raise DomainError(_("Aucune quantité n'a été modifiée."), field="lines")
    return changed


# Access codes and notice (art. 14, 15) -----------------------------------------------------


def set_access_codes_sent(
    *, contract: Contract, sent_on: date, actor: User, now: datetime | None = None
) -> Contract:
    """Record the day the access codes were communicated: the first invoice date (art. 14).

    It can be corrected only while no invoice has been issued: every date of
    the contract derives from it. A contract without a support start date
    gets this one.
    """
    _require_vendor_admin(actor)
    now, today = _local_today(now)
    with transaction.atomic():
        contract = _lock(contract)
        if sent_on > today:
            raise DomainError(
                _("La date de communication des codes d'accès ne peut pas être dans le futur."),
                field="sent_on",
            )
        if contract.invoices.exists():
            raise IllegalStateChange(
                _("Une facture a déjà été émise : la date des codes d'accès ne peut plus changer.")
            )
        if not selectors.active_lines(contract, sent_on).exists():
            raise DomainError(
                _("Le contrat n'a aucune ligne commandée à cette date : rien ne serait facturé."),
                field="sent_on",
            )
        previous = contract.access_codes_sent_on
        contract.access_codes_sent_on = sent_on
        contract.next_invoice_on = sent_on
        fields = ["access_codes_sent_on", "next_invoice_on"]
        if contract.support_started_on is None:
            # The service, support included, starts with the access codes.
            contract.support_started_on = sent_on
            fields.append("support_started_on")
        contract.save(update_fields=fields)
        record(
            actor=actor,
            action="subscriptions.access_codes_sent",
            organisation=contract.organisation,
            target=contract,
            data={"before": str(previous or ""), "after": str(sent_on)},
            now=now,
        )
    return contract


def notice_outcome(contract: Contract, received_on: date) -> dict:
    """What a letter received on ``received_on`` does (art. 15), for pages and messages.

    ``late``: it arrived after the current period's deadline (``missed_deadline``);
    ``last_day``: the contract's last day once it is recorded.
    """
    first = selectors.started_on(contract)
    renewals = terms.renewals_at(first, received_on)
    missed_deadline = terms.notice_deadline(first, renewals)
    late = received_on > missed_deadline
    end = terms.period_end(first, renewals + 1 if late else renewals)
    return {"late": late, "missed_deadline": missed_deadline, "last_day": end - timedelta(days=1)}


def record_notice(
    *, contract: Contract, party: str, received_on: date, actor: User, now: datetime | None = None
) -> Contract:
    """Record a registered letter of non-renewal (art. 15).

    In time, it ends the contract at the end of the period during which it
    was received. After that period's notice deadline the contract is renewed
    (tacit renewal, art. 15): the letter is recorded for the next period,
    which it ends, and the audit row says it arrived late.
    """
    _require_vendor_admin(actor)
    now, today = _local_today(now)
    with transaction.atomic():
        contract = _lock(contract)
        first = contract.access_codes_sent_on
        if first is None:
            raise IllegalStateChange(
                _(
                    "Le contrat n'a pas encore commencé (codes d'accès non communiqués) : "
                    "il n'y a pas de période à ne pas renouveler."
                )
            )
        if contract.ends_on is not None:
            raise IllegalStateChange(
                _(
                    "Un non-renouvellement est déjà enregistré : le contrat prend fin le "
                    "%(day)s au soir."
                )
                % {"day": _day(contract.ends_on - timedelta(days=1))}
            )
        if party not in Contract.Party.values:
            raise DomainError(_("Indiquez qui envoie la lettre recommandée."), field="party")
        if received_on > today:
            raise DomainError(
                _("La date de réception ne peut pas être dans le futur."), field="received_on"
            )
        renewals = terms.renewals_at(first, received_on)
        missed_deadline = terms.notice_deadline(first, renewals)
        late = received_on > missed_deadline
        if late:
            renewals += 1  # art. 15: too late for this period, so it ends the next one
        deadline = terms.notice_deadline(first, renewals)
        contract.notice_party = party
        contract.notice_received_on = received_on
        contract.ends_on = terms.period_end(first, renewals)
        fields = ["notice_party", "notice_received_on", "ends_on"]
        if contract.next_invoice_on and contract.next_invoice_on >= contract.ends_on:
            contract.next_invoice_on = None
            fields.append("next_invoice_on")
        contract.save(update_fields=fields)
        record(
            actor=actor,
            action="subscriptions.notice",
            organisation=contract.organisation,
            target=contract,
            data={
                "party": party,
                "received_on": str(received_on),
                "deadline": str(deadline),
                "ends_on": str(contract.ends_on),
                "late": late,
                "missed_deadline": str(missed_deadline) if late else "",
            },
            now=now,
        )
    return contract


# Invoices (art. 14) ---------------------------------------------------------------------------


def _next_number(issued_on: date) -> str:
    """The next invoice number of the year, without gaps (``portal/core/numbering.py``)."""
    return f"F-{issued_on.year}-{next_number(INVOICE_NUMBERS, issued_on.year):06d}"


def _issue(contract: Contract, sequence: int) -> Invoice:
    first = selectors.started_on(contract)
    start, end = terms.billing_period(first, sequence)
    lines = list(selectors.active_lines(contract, start))
    organisation = contract.organisation
    invoice = Invoice(
        contract=contract,
        sequence=sequence,
        number=_next_number(start),
        issued_on=start,
        period_start=start,
        period_end=end,
        customer_name=organisation.name,
        customer_address=legal.organisation_address(organisation),
        legal_snapshot=legal.snapshot(organisation),
        vat_rate=Decimal(Invoice.VAT_RATE),
        total_excl_tax=Decimal("0.00"),
        vat_amount=Decimal("0.00"),
        total_incl_tax=Decimal("0.00"),
    )
    copies = [
        InvoiceLine(
            product_code=line.product.code,
            label=line.product.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            months=terms.QUARTER_MONTHS,
            amount=line.unit_price * line.quantity * terms.QUARTER_MONTHS,
        )
        for line in lines
    ]
    invoice.total_excl_tax = sum((copy.amount for copy in copies), Decimal("0.00"))
    invoice.vat_amount = (invoice.total_excl_tax * invoice.vat_rate / 100).quantize(Decimal("0.01"))
    invoice.total_incl_tax = invoice.total_excl_tax + invoice.vat_amount
    invoice.save()
    for copy in copies:
        copy.invoice = invoice
    InvoiceLine.objects.bulk_create(copies)
    return invoice


def issue_all_due_invoices(
    *, now: datetime | None = None, max_invoices: int = 100_000
) -> list[Invoice]:
    """Issue every due invoice of every contract, oldest due date first (art. 14).

    One due date at a time across all contracts, so that after downtime the
    numbers still follow the invoice dates (chronological numbering).
    """
    now, today = _local_today(now)
    issued = []
    for _round in range(max_invoices):
        due = (
            Contract.objects.filter(next_invoice_on__lte=today)
            .order_by("next_invoice_on", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if due is None:
            break
        issued += issue_due_invoices(contract_id=due, now=now, limit=1)
    return issued


def issue_due_invoices(
    *, contract_id: int, now: datetime | None = None, limit: int | None = None
) -> list[Invoice]:
    """Issue every invoice of the contract dated today or earlier and not yet issued.

    Catches up after downtime: all missed quarters are issued, oldest first,
    each dated on its own due date (art. 14, terme à échoir). Each invoice is
    claimed by a conditional UPDATE of the contract's ``next_invoice_on``
    timer, and the (contract, sequence) unique constraint is the last guard:
    running the job twice never issues an invoice twice. ``limit`` bounds the
    number of due dates handled in this call.
    """
    now, today = _local_today(now)
    issued = []
    with transaction.atomic():
        contract = _lock(Contract(pk=contract_id))
        first = contract.access_codes_sent_on
        if first is None:
            return []
        handled = 0
        while (due := contract.next_invoice_on) is not None and due <= today:
            if limit is not None and handled >= limit:
                break
            handled += 1
            sequence = _sequence_of(first, due)
            following = terms.invoice_date(first, sequence + 1)
            ended = contract.ends_on is not None and following >= contract.ends_on
            next_due = None if ended else following
            claimed = Contract.objects.filter(pk=contract.pk, next_invoice_on=due).update(
                next_invoice_on=next_due
            )
            if not claimed:
                break
            contract.next_invoice_on = next_due
            if Invoice.objects.filter(contract=contract, sequence=sequence).exists():
                continue
            try:
                with transaction.atomic():
                    invoice = _issue(contract, sequence)
            except IntegrityError:
                continue  # issued concurrently: the unique constraint held
            issued.append(invoice)
            record(
                actor=None,
                action="subscriptions.invoice_issued",
                organisation=contract.organisation,
                target=invoice,
                data={"sequence": sequence, "total_excl_tax": str(invoice.total_excl_tax)},
                now=now,
            )
    return issued


def _sequence_of(first: date, due: date) -> int:
    """The index n of the invoice dated ``due`` (it is always an invoice date)."""
    months = (due.year - first.year) * 12 + due.month - first.month
    sequence = max(0, months // terms.QUARTER_MONTHS)
    while terms.invoice_date(first, sequence) < due:
        sequence += 1
    return sequence


# Overage (art. 14) ----------------------------------------------------------------------------


def detect_overages(*, contract_id: int, now: datetime | None = None) -> list[Overage]:
    """Record usage above what was ordered, once per kind and billing period (art. 14).

    Active named users above those ordered; storage used above the
    entitlement. A re-detection in the same period updates the measured
    value; an open overage that is no longer true is marked resolved.
    """
    now, today = _local_today(now)
    found = []
    with transaction.atomic():
        contract = _lock(Contract(pk=contract_id))
        if contract.status_on(today) in (Contract.Status.PENDING, Contract.Status.ENDED):
            return []
        usage = selectors.usage(contract, today)
        period_start = selectors.current_period_start(contract, today)
        measures = {
            Overage.Kind.NAMED_USERS: (usage.named_users_ordered, usage.named_users_active),
            Overage.Kind.STORAGE: (usage.storage_entitlement, usage.storage_used),
        }
        for kind, (ordered, measured) in measures.items():
            overage = (
                Overage.objects.select_for_update()
                .filter(contract=contract, kind=kind, period_start=period_start)
                .first()
            )
            if measured <= ordered:
                if overage and overage.status == Overage.Status.OPEN:
                    overage.status = Overage.Status.RESOLVED
                    overage.save(update_fields=["status"])
                continue
            if overage is None:
                overage = Overage.objects.create(
                    contract=contract,
                    kind=kind,
                    period_start=period_start,
                    ordered=ordered,
                    measured=measured,
                    detected_at=now,
                )
                record(
                    actor=None,
                    action="subscriptions.overage_detected",
                    organisation=contract.organisation,
                    target=contract,
                    data={"kind": kind, "ordered": ordered, "measured": measured},
                    now=now,
                )
                _tell_client_admins(overage, now)
            elif overage.status != Overage.Status.CONFIRMED and (
                overage.measured != measured or overage.ordered != ordered
            ):
                overage.ordered, overage.measured = ordered, measured
                overage.status = Overage.Status.OPEN
                overage.save(update_fields=["ordered", "measured", "status"])
            found.append(overage)
    return found


def _tell_client_admins(overage: Overage, now: datetime) -> None:
    """The client administrators learn of the overage by e-mail, once (art. 14)."""
    from portal.accounts.models import Role

    organisation = overage.contract.organisation
    admins = organisation.members.filter(role=Role.CLIENT_ADMIN, is_active=True)
    recipients = list(admins.values_list("email", flat=True))
    if recipients:
        queue_email(
            to=recipients,
            template="subscriptions/email/overage",
            context={"overage": overage, "organisation": organisation},
            kind="subscriptions.overage",
            dedup_key=f"subscriptions-overage-{overage.public_id}",
            now=now,
        )


def confirm_overage(*, overage: Overage, actor: User, now: datetime | None = None) -> Overage:
    """Update the subscription price at the tariff in force (art. 14).

    Orders what is missing, as an additional sale billed from the next
    invoice: named users (with the Microsoft 365 seats and packs the rules
    then require, art. 16, 17) or storage extensions. The quarterly amount
    before and after is kept on the record and in the audit trail.
    """
    _require_vendor_admin(actor)
    now, today = _local_today(now)
    with transaction.atomic():
        contract = _lock(overage.contract)
        overage = Overage.objects.select_for_update().get(pk=overage.pk)
        if overage.status != Overage.Status.OPEN:
            raise IllegalStateChange(_("Ce dépassement n'est plus à confirmer."))
        _require_running(contract, today)
        current = list(selectors.active_lines(contract, today))
        facts = selectors.line_facts(current)
        if overage.kind == Overage.Kind.NAMED_USERS:
            items = _named_user_items(current, facts, overage.measured)
        else:
            items = _storage_items(current, facts, overage.measured)
        before = selectors.quarterly_amount(current)
        new_lines = _add_lines(
            contract=contract,
            items=items,
            actor=actor,
            now=now,
            today=today,
            action=SubscriptionAction.OVERAGE,
        )
        after = selectors.quarterly_amount([*current, *new_lines])
        overage.status = Overage.Status.CONFIRMED
        overage.confirmed_at = now
        overage.confirmed_by = actor
        overage.quarterly_before = before
        overage.quarterly_after = after
        overage.save(
            update_fields=[
                "status",
                "confirmed_at",
                "confirmed_by",
                "quarterly_before",
                "quarterly_after",
            ]
        )
        record(
            actor=actor,
            action="subscriptions.overage_confirmed",
            organisation=contract.organisation,
            target=contract,
            data={
                "kind": overage.kind,
                "ordered": overage.ordered,
                "measured": overage.measured,
                "before": str(before),
                "after": str(after),
            },
            now=now,
        )
    return overage


def _named_user_items(
    current: Sequence[ContractLine], facts: list[rules.LineFacts], wanted_users: int
) -> list[tuple[Product, int]]:
    missing = wanted_users - rules.named_users(facts)
    if missing <= 0:
        raise IllegalStateChange(_("Les utilisateurs nommés commandés couvrent déjà cet usage."))
    totals = rules.quantities_by_product(facts)
    production = [line.product for line in current if line.product.kind == Product.Kind.PRODUCTION]
    if not production:
        raise DomainError(_("Le contrat ne comporte aucun produit de production à compléter."))
    main = max(production, key=lambda product: totals[product.code])
    items = [(main, missing)]
    # Art. 17: the packs extending the production product follow its quantity.
    packs = {line.product for line in current if line.product.extends_id == main.pk}
    items += [(pack, missing) for pack in packs]
    # Art. 16: a Microsoft 365 seat for every named user.
    seats_missing = wanted_users - rules.m365_seats(facts)
    if seats_missing > 0:
        m365 = next(
            (line.product for line in current if line.product.kind == Product.Kind.M365), None
        )
        m365 = m365 or Product.objects.filter(kind=Product.Kind.M365, is_active=True).first()
        if m365 is None:
            raise DomainError(_("Aucun produit Microsoft 365 pour Cegid n'est au catalogue."))
        items.append((m365, seats_missing))
    return items


def _storage_items(
    current: Sequence[ContractLine], facts: list[rules.LineFacts], used_bytes: int
) -> list[tuple[Product, int]]:
    entitlement = selectors.STORAGE_PER_NAMED_USER_BYTES * rules.named_users(
        facts
    ) + rules.extension_storage_bytes(facts)
    missing = used_bytes - entitlement
    if missing <= 0:
        raise IllegalStateChange(_("L'espace de stockage commandé couvre déjà cet usage."))
    held = [
        line.product
        for line in current
        if line.product.kind == Product.Kind.STORAGE and line.product.is_active
    ]
    extension = max(held, key=lambda product: product.storage_bytes, default=None)
    extension = extension or (
        Product.objects.filter(kind=Product.Kind.STORAGE, is_active=True, storage_bytes__gt=0)
        .order_by("storage_bytes")
        .first()
    )
    if extension is None:
        raise DomainError(_("Aucune extension de stockage n'est au catalogue."))
    return [(extension, math.ceil(missing / extension.storage_bytes))]
