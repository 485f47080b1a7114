"""Reads of the subscriptions app: entitlements, usage, invoices (art. 4, 14).

Other apps use :func:`named_users_ordered` and
:func:`storage_entitlement_bytes` (the document space's quota).
"""

from datetime import date

from django.utils import timezone

from subscriptions import rules
from subscriptions.models import ContractLine

#: Document space per named user (art. 4: "5 GO par utilisateur abonné").
#: Read as binary gigabytes, 5 × 1024³ bytes: the larger of the two readings,
#: so the client always gets at least the 5 Go the booklet promises, whichever
#: unit they have in mind.
STORAGE_PER_NAMED_USER_BYTES = 5 * 1024**3


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def active_lines(contract, today: date | None = None):
    """The contract's lines in force on ``today`` (ordered, not ended)."""
    today = _today(today)
    return (
        ContractLine.objects.filter(contract=contract, ordered_on__lte=today)
        .exclude(ended_on__lte=today)
        .select_related("product", "product__extends")
    )


def line_facts(lines) -> list[rules.LineFacts]:
    return [
        rules.LineFacts(
            product_code=line.product.code,
            product_name=line.product.name,
            kind=line.product.kind,
            quantity=line.quantity,
            extends_code=line.product.extends.code if line.product.extends_id else "",
            extends_name=line.product.extends.name if line.product.extends_id else "",
            storage_bytes=line.product.storage_bytes,
        )
        for line in lines
    ]


def _contract_of(organisation):
    from subscriptions.models import Contract

    return Contract.objects.filter(organisation=organisation).first()


def named_users_ordered(organisation, today: date | None = None) -> int:
    """Named users ordered on the organisation's contract (art. 3); 0 without a contract."""
    contract = _contract_of(organisation)
    if contract is None:
        return 0
    return rules.named_users(line_facts(active_lines(contract, today)))


def storage_entitlement_bytes(organisation, today: date | None = None) -> int:
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
