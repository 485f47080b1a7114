"""The gate of every Data Ouverture service: does the running contract hold the pack?

Art. 17: the pack is an option of Cegid Expert, ordered in the same quantity
as Cegid Expert. It is checked on every use (page, credential, scheduled
run), not only when a contract line changes, so that its withdrawal holds
even if a hook was missed.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from subscriptions.models import Contract, Product
from subscriptions.selectors import active_lines

#: The catalogue code of the pack (the demo catalogue and the contract rules use it).
PACK_CODE = "data-ouverture"


@dataclass(frozen=True)
class PackStatus:
    held: bool
    #: The quantity an order must have (that of the production product it extends).
    required_quantity: int
    product_name: str = "Pack Data Ouverture"

    def __bool__(self) -> bool:
        return self.held


def pack_product() -> Product | None:
    return Product.objects.filter(code=PACK_CODE).select_related("extends").first()


def pack_status(organisation, today: date | None = None) -> PackStatus:
    """Held when the contract has started, has not ended and has a pack line in force."""
    today = today or timezone.localdate()
    contract = Contract.objects.filter(organisation=organisation).first()
    product = pack_product()
    name = product.name if product else "Pack Data Ouverture"
    if contract is None:
        return PackStatus(False, 0, name)
    lines = list(active_lines(contract, today))
    extends = product.extends_id if product else None
    required = sum(line.quantity for line in lines if line.product_id == extends)
    status = contract.status_on(today)
    running = status not in (Contract.Status.PENDING, Contract.Status.ENDED)
    held = running and any(line.product.code == PACK_CODE for line in lines)
    return PackStatus(held, required, name)


def has_pack(organisation, today: date | None = None) -> bool:
    return pack_status(organisation, today).held
