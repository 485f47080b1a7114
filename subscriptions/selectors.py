"""Reads of the subscriptions app: entitlements, usage, invoices (art. 4, 14).

Other apps use :func:`named_users_ordered` and
:func:`storage_entitlement_bytes` (the document space's quota).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.dates import long_date
from portal.core.errors import DomainError, IllegalStateChange
from portal.documents import selectors as documents_selectors
from subscriptions import rules, terms
from subscriptions.models import Contract, ContractLine, Invoice, Overage, Product, Tariff

if TYPE_CHECKING:
    from portal.accounts.models import User
    from portal.organisations.models import Organisation

#: Document space per named user (art. 4: "5 GO par utilisateur abonné").
#: Read as binary gigabytes, 5 × 1024³ bytes: the larger of the two readings,
#: so the client always gets at least the 5 Go the booklet promises, whichever
#: unit they have in mind.
STORAGE_PER_NAMED_USER_BYTES = 5 * 1024**3


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def active_lines(contract: Contract, today: date | None = None) -> QuerySet[ContractLine]:
    """The contract's lines in force on ``today`` (ordered, not ended)."""
    today = _today(today)
    return (
        ContractLine.objects.filter(contract=contract, ordered_on__lte=today)
        .exclude(ended_on__lte=today)
        .select_related("product", "product__extends")
    )


def line_facts(lines: Iterable[ContractLine]) -> list[rules.LineFacts]:
    return [
        rules.LineFacts(
            product_code=line.product.code,
            product_name=line.product.name,
            kind=line.product.kind,
            quantity=line.quantity,
            extends_code=line.product.extends.code if line.product.extends is not None else "",
            extends_name=line.product.extends.name if line.product.extends is not None else "",
            storage_bytes=line.product.storage_bytes,
        )
        for line in lines
    ]


def _contract_of(organisation: Organisation) -> Contract | None:
    return Contract.objects.filter(organisation=organisation).first()


def named_users_ordered(organisation: Organisation, today: date | None = None) -> int:
    """Named users ordered on the organisation's contract (art. 3); 0 without a contract."""
    contract = _contract_of(organisation)
    if contract is None:
        return 0
    return rules.named_users(line_facts(active_lines(contract, today)))


def storage_entitlement_bytes(organisation: Organisation, today: date | None = None) -> int:
    """Document space of the organisation in bytes (art. 4).

    5 GiB (5 × 1024³ bytes, see :data:`STORAGE_PER_NAMED_USER_BYTES`) per
    named user ordered, pooled, plus the purchased storage extensions. An
    organisation without a contract or without lines is entitled to 0.
    """
    contract = _contract_of(organisation)
    if contract is None:
        return 0
    facts = line_facts(active_lines(contract, today))
    return STORAGE_PER_NAMED_USER_BYTES * rules.named_users(facts) + rules.extension_storage_bytes(
        facts
    )


# Prices ---------------------------------------------------------------------------------------


def tariff_in_force(product: Product, on: date) -> Tariff | None:
    """The tariff of ``product`` in force on ``on``: the latest one started by then."""
    return (
        Tariff.objects.filter(product=product, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def price_in_force(product: Product, on: date) -> Decimal:
    tariff = tariff_in_force(product, on)
    if tariff is None:
        raise DomainError(
            _("Aucun tarif de %(product)s n'est en vigueur le %(day)s.")
            % {"product": product.name, "day": long_date(on)},
            field="product",
        )
    return tariff.unit_price


def quarterly_amount(lines: Iterable[ContractLine]) -> Decimal:
    """What the lines cost per quarter, excluding tax (monthly unit prices × 3)."""
    return sum(
        (line.unit_price * line.quantity * terms.QUARTER_MONTHS for line in lines),
        Decimal("0.00"),
    )


# Usage (art. 4, 14) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    named_users_ordered: int
    named_users_active: int
    storage_entitlement: int
    storage_used: int

    @property
    def named_users_over(self) -> bool:
        return self.named_users_active > self.named_users_ordered

    @property
    def storage_over(self) -> bool:
        return self.storage_used > self.storage_entitlement


def active_named_users(organisation: Organisation) -> int:
    """Active accounts of the organisation's people, plus its active application
    accounts of the production service: each is a named user (art. 3, 11, 14)."""
    from portal.accounts.models import CLIENT_ROLES
    from portal.serviceaccounts.selectors import active_application_accounts

    people = organisation.members.filter(role__in=CLIENT_ROLES, is_active=True).count()
    return people + active_application_accounts(organisation)


def storage_used_bytes(organisation: Organisation) -> int:
    """Bytes stored in the organisation's document space (art. 4, 14)."""
    return documents_selectors.storage_used_bytes(organisation)


def usage(contract: Contract, today: date | None = None) -> Usage:
    facts = line_facts(active_lines(contract, today))
    users = rules.named_users(facts)
    return Usage(
        named_users_ordered=users,
        named_users_active=active_named_users(contract.organisation),
        storage_entitlement=STORAGE_PER_NAMED_USER_BYTES * users
        + rules.extension_storage_bytes(facts),
        storage_used=storage_used_bytes(contract.organisation),
    )


# Calendar ---------------------------------------------------------------------------------


def started_on(contract: Contract) -> date:
    """The first invoice date: the day the access codes were sent (art. 14). Only a
    started contract has billing periods, notices and invoices."""
    if contract.access_codes_sent_on is None:
        raise IllegalStateChange(
            _("Le contrat n'a pas encore commencé (codes d'accès non communiqués).")
        )
    return contract.access_codes_sent_on


def current_period_start(contract: Contract, today: date) -> date:
    """First day of the quarter billed that contains ``today`` (art. 14)."""
    first = started_on(contract)
    if today < first:
        return first
    dates = terms.invoices_between(first, terms.add_months(today, -4), today + timedelta(days=1))
    return dates[-1][1]


def next_invoice_date(contract: Contract, today: date) -> date | None:
    """The date of the next invoice still to come (today's included if not yet issued)."""
    first = contract.access_codes_sent_on
    if first is None:
        return None
    if contract.next_invoice_on is not None:
        return contract.next_invoice_on
    upcoming = terms.invoices_between(first, today + timedelta(days=1), terms.add_months(today, 4))
    if not upcoming or (contract.ends_on and upcoming[0][1] >= contract.ends_on):
        return None
    return upcoming[0][1]


# Scoped fetches (tenant scope lives here) ---------------------------------------------------


def contract_for(user: User) -> Contract:
    """The contract of the user's organisation, or 404."""
    if user.organisation_id is None:
        raise Http404
    contract = (
        Contract.objects.select_related("organisation")
        .filter(organisation_id=user.organisation_id)
        .first()
    )
    if contract is None:
        raise Http404
    return contract


def get_contract_for_vendor(public_id: UUID | str) -> Contract:
    """A contract by its organisation's public id (vendor staff pages), or 404."""
    contract = (
        Contract.objects.select_related("organisation")
        .filter(organisation__public_id=public_id)
        .first()
    )
    if contract is None:
        raise Http404
    return contract


def get_line(contract: Contract, public_id: UUID | str) -> ContractLine:
    line = ContractLine.objects.filter(contract=contract, public_id=public_id).first()
    if line is None:
        raise Http404
    return line


def get_open_overage(public_id: UUID | str) -> Overage:
    overage = Overage.objects.filter(public_id=public_id).select_related("contract").first()
    if overage is None:
        raise Http404
    return overage


def contract_lines(contract: Contract, today: date | None = None) -> QuerySet[ContractLine]:
    """Lines in force and lines to come, with their products (for display)."""
    lines = ContractLine.objects.filter(contract=contract)
    return _not_ended(lines, _today(today)).select_related("product")


def _not_ended(lines: QuerySet[ContractLine], today: date) -> QuerySet[ContractLine]:
    """Lines in force and lines to come, in the order they are shown."""
    return lines.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today)).order_by(
        "product__kind", "product__name", "ordered_on"
    )


#: What the API's list of lines shows of each line and its product.
API_LINE_VALUES = (
    "public_id",
    "product__code",
    "product__name",
    "product__kind",
    "product__unit",
    "quantity",
    "unit_price",
    "ordered_on",
    "ended_on",
)


def api_contract_lines(user: User, today: date | None = None) -> list[dict]:
    """``contract_lines(contract_for(user))`` as values, in one query when the contract
    has lines, two when it has none (the API's list, issue 11): the lines are found
    through the user's organisation (one contract each); without a contract it is
    still a 404."""
    if user.organisation_id is None:
        raise Http404
    mine = ContractLine.objects.filter(contract__organisation_id=user.organisation_id)
    lines = list(_not_ended(mine, _today(today)).values(*API_LINE_VALUES))
    if not lines and not Contract.objects.filter(organisation_id=user.organisation_id).exists():
        raise Http404
    return lines


def invoices_of(contract: Contract) -> QuerySet[Invoice]:
    return Invoice.objects.filter(contract=contract).order_by("-issued_on", "-sequence")


def get_invoice(user: User, public_id: UUID | str) -> Invoice:
    """An invoice the user may read: their organisation's, or any for vendor staff; else 404."""
    invoices = Invoice.objects.select_related("contract__organisation").prefetch_related("lines")
    if not user.is_vendor_staff:
        if user.organisation_id is None:
            raise Http404
        invoices = invoices.filter(contract__organisation_id=user.organisation_id)
    invoice = invoices.filter(public_id=public_id).first()
    if invoice is None:
        raise Http404
    return invoice


def open_overages(contract: Contract | None = None) -> QuerySet[Overage]:
    overages = Overage.objects.filter(status=Overage.Status.OPEN).select_related(
        "contract__organisation"
    )
    if contract is not None:
        overages = overages.filter(contract=contract)
    return overages.order_by("-detected_at")


def overages_of(contract: Contract) -> QuerySet[Overage]:
    return Overage.objects.filter(contract=contract).order_by("-detected_at")


# Vendor lists ---------------------------------------------------------------------------------


def contracts_for_vendor(search: str = "") -> QuerySet[Contract]:
    """Every contract, by organisation name; ``search`` filters on that name."""
    contracts = Contract.objects.select_related("organisation").order_by("organisation__name")
    if search:
        contracts = contracts.filter(organisation__name__icontains=search)
    return contracts


def home_card_contract(user: User) -> Contract | None:
    """The contract shown on the client home card, with its open overages counted (one query)."""
    if user.organisation_id is None:
        return None
    return (
        Contract.objects.filter(organisation_id=user.organisation_id)
        .annotate(open_overages=Count("overages", filter=Q(overages__status=Overage.Status.OPEN)))
        .first()
    )


def notice_deadlines_within(today: date, days: int = 90) -> list[tuple[Contract, date, date]]:
    """``(contract, deadline, last day of the period)`` for deadlines in ``[today, today + days]``.

    Running contracts without notice only (art. 15).

    The deadline derives from the first invoice date, so it is computed per
    contract in Python, over one query.
    """
    horizon = today + timedelta(days=days)
    found = []
    contracts = Contract.objects.select_related("organisation").filter(
        access_codes_sent_on__isnull=False, ends_on__isnull=True
    )
    for contract in contracts:
        notice = contract.upcoming_notice(today)
        if notice is None:
            continue
        deadline, last_day = notice
        if deadline <= horizon:
            found.append((contract, deadline, last_day))
    return sorted(found, key=lambda pair: pair[1])


def running_contract_ids(today: date) -> list[int]:
    return list(
        Contract.objects.filter(access_codes_sent_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .values_list("pk", flat=True)
    )


def _running(today: date) -> QuerySet[Contract]:
    """Contracts not ended on ``today`` (art. 15): pending ones included, since
    their organisations already use the portal."""
    return Contract.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))


def held_product_ids(organisation: Organisation, today: date | None = None) -> list[int]:
    """Products the organisation holds on a running contract (learning, art. 13.1)."""
    return list(
        _running(_today(today))
        .filter(organisation=organisation)
        .values_list("products", flat=True)
        .exclude(products__isnull=True)
    )


def organisations_holding(
    product: Product, *, formulas: Iterable[str], today: date | None = None
) -> QuerySet[Organisation]:
    """Organisations on one of ``formulas`` holding ``product`` on a running contract."""
    from portal.organisations.models import Organisation

    contracts = _running(_today(today)).filter(formula__in=formulas, products=product)
    return Organisation.objects.filter(contract__in=contracts)
