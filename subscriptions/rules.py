"""Order rules of a contract (art. 3, 16, 17), as pure functions.

No Django models here: the services describe a contract's resulting lines as
:class:`LineFacts` and ask for the problems. Every order and every amendment
is checked on the totals the contract would have *after* it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

PRODUCTION = "production"
PACK = "pack"
M365 = "m365"
STORAGE = "storage"


@dataclass(frozen=True)
class LineFacts:
    """What the rules need to know of one contract line."""

    product_code: str
    product_name: str
    kind: str
    quantity: int
    extends_code: str = ""
    extends_name: str = ""
    storage_bytes: int = 0


def quantities_by_product(lines: Iterable[LineFacts]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.product_code] += line.quantity
    return dict(totals)


def named_users(lines: Iterable[LineFacts]) -> int:
    """Named users ordered (art. 3): the quantity of the production product.

    Cegid Expert is sold per named user. Should a contract hold several
    production products, a person using both is one named user: the largest
    quantity counts, not the sum.
    """
    lines = list(lines)
    totals = quantities_by_product(line for line in lines if line.kind == PRODUCTION)
    return max(totals.values(), default=0)


def m365_seats(lines: Iterable[LineFacts]) -> int:
    return sum(line.quantity for line in lines if line.kind == M365)


def extension_storage_bytes(lines: Iterable[LineFacts]) -> int:
    """Storage added by purchased extensions (art. 4)."""
    return sum(line.quantity * line.storage_bytes for line in lines if line.kind == STORAGE)


def pack_problem(*, pack_name: str, pack_quantity: int, product_name: str, product_quantity: int):
    """Art. 17: a pack is ordered in the quantity of the production product it extends."""
    if pack_quantity == product_quantity:
        return None
    return (
        f"La quantité du {pack_name} ({pack_quantity}) doit être égale à celle de "
        f"{product_name} ({product_quantity}), en première vente comme en vente "
        f"additionnelle (article 17)."
    )


def _count(number: int, singular: str, plural: str) -> str:
    """ "1 licence", "2 licences" (French: 0 and 1 take the singular)."""
    return f"{number} {singular if number <= 1 else plural}"


def m365_problem(*, seats: int, users: int):
    """Art. 16: Microsoft 365 for Cegid is mandatory for every user of the service."""
    if seats >= users:
        return None
    return (
        f"L'abonnement Microsoft 365 pour Cegid doit couvrir tous les utilisateurs : "
        f"{_count(seats, 'licence', 'licences')} pour "
        f"{_count(users, 'utilisateur nommé', 'utilisateurs nommés')}, il en manque "
        f"{users - seats} (article 16)."
    )


def contract_problems(lines: Iterable[LineFacts]) -> list[str]:
    """Return one readable French reason per rule the lines break; empty when valid."""
    lines = list(lines)
    totals = quantities_by_product(lines)
    problems = []
    packs = {line.product_code: line for line in lines if line.kind == PACK and line.extends_code}
    for code, pack in sorted(packs.items()):
        problem = pack_problem(
            pack_name=pack.product_name,
            pack_quantity=totals.get(code, 0),
            product_name=pack.extends_name,
            product_quantity=totals.get(pack.extends_code, 0),
        )
        if problem:
            problems.append(problem)
    problem = m365_problem(seats=m365_seats(lines), users=named_users(lines))
    if problem:
        problems.append(problem)
    return problems
