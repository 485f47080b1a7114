"""Reads on accounts, always scoped to the caller's organisation."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from portal.accounts.models import Role, User
from portal.core.errors import DomainError
from portal.core.prepared import Param, PreparedQuery, PreparedRows
from portal.organisations.models import Organisation


def members_of(
    organisation: Organisation | int, *, query: str = "", role: str = "", status: str = ""
) -> QuerySet[User]:
    """The organisation's people (given as the row or its id), pseudonymised ones aside."""
    members = User.objects.filter(organisation=organisation, pseudonymised_at__isnull=True)
    if query:
        members = members.filter(
            Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    if role:
        members = members.filter(role=role)
    if status == User.Status.ACTIVE:
        members = members.filter(is_active=True)
    elif status == User.Status.INVITED:
        members = members.filter(is_active=False, activated_at__isnull=True)
    elif status == User.Status.DEACTIVATED:
        members = members.filter(is_active=False, activated_at__isnull=False)
    return members.order_by("last_name", "first_name", "email")


#: The columns the API's list of members shows (portal/accounts/api.py ``user_items``).
LISTED_MEMBER_COLUMNS = (
    "public_id", "email", "first_name", "last_name", "role", "rights", "is_active", "activated_at"
)  # fmt: skip
_ABSENT = Param(-424_242)
#: The members' count, compiled once (portal/core/prepared.py).
_MEMBER_COUNT = PreparedRows(
    lambda organisation_id: (
        members_of(organisation_id)
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("n")
    ),
    _ABSENT,
)


@lru_cache(maxsize=64)
def _member_window(low: int, high: int) -> PreparedQuery[User]:
    """A page of members: LIMIT and OFFSET are written into the SQL, so one
    prepared query per window (the API's pages are few)."""
    return PreparedQuery(
        lambda organisation_id: members_of(organisation_id).only(*LISTED_MEMBER_COLUMNS)[low:high],
        _ABSENT,
    )


class ListedMembers:
    """An organisation's members (``members_of``, unfiltered) for Django's
    Paginator, with the listed columns: its count and pages are queries
    compiled once, where the ORM compiled both on every call (issue 11)."""

    ordered = True

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id

    def count(self) -> int:
        rows = _MEMBER_COUNT.rows(self.organisation_id)
        return rows[0][0] if rows else 0

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[User]:
        return _member_window(window.start, window.stop).all(self.organisation_id)


def member_counts(organisation: Organisation) -> dict[str, int]:
    """Active members, pending invitations and active administrators, in one query."""
    return User.objects.filter(organisation=organisation, pseudonymised_at__isnull=True).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        invited=Count("pk", filter=Q(is_active=False, activated_at__isnull=True)),
        admins=Count("pk", filter=Q(role=Role.CLIENT_ADMIN, is_active=True)),
    )


def get_member(actor: User, public_id: UUID | str) -> User:
    """A member of the actor's organisation, or 404 — never another organisation's."""
    if actor.organisation_id is None:
        raise Http404
    member = User.objects.filter(
        organisation_id=actor.organisation_id, public_id=public_id, pseudonymised_at__isnull=True
    ).first()
    if member is None:
        raise Http404
    return member


def staff() -> QuerySet[User]:
    return User.objects.filter(role__in=[Role.AGENT, Role.VENDOR_ADMIN])


@dataclass(frozen=True)
class InviteOverage:
    """What one more invitation costs past the named users ordered (art. 14)."""

    ordered: int
    after_invitation: int
    monthly_amount: Decimal
    quarterly_amount: Decimal

    @property
    def extra_users(self) -> int:
        return self.after_invitation - self.ordered


def overage_if_invited(organisation: Organisation, *, today: date) -> InviteOverage | None:
    """None when one more person stays within the named users ordered; else the
    figures of the overage at the tariff in force (art. 14), counting the people
    already invited, who become named users when they accept."""
    from subscriptions import selectors as subscriptions
    from subscriptions.models import Contract
    from subscriptions.services import _named_user_items
    from subscriptions.terms import QUARTER_MONTHS

    contract = Contract.objects.filter(organisation=organisation).first()
    if contract is None or contract.access_codes_sent_on is None:
        return None
    counts = member_counts(organisation)
    after = counts["active"] + counts["invited"] + 1
    lines = list(subscriptions.active_lines(contract, today))
    facts = subscriptions.line_facts(lines)
    ordered = subscriptions.named_users_ordered(organisation, today)
    if after <= ordered:
        return None
    try:
        items = _named_user_items(lines, facts, after)
        monthly = sum(
            (
                subscriptions.price_in_force(product, today) * quantity
                for product, quantity in items
            ),
            Decimal("0.00"),
        )
    except DomainError:
        monthly = Decimal("0.00")
    return InviteOverage(ordered, after, monthly, monthly * QUARTER_MONTHS)
