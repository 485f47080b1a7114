"""Reads of the learning catalogue, webassistances and téléassistance slots.

The access rule (``learning/access.py``) is translated here, once, into a
queryset filter (:func:`access_filters`) so that lists, counts, search and
pages are filtered in SQL; ``tests/learning/test_training_access_query.py``
checks that it agrees with :func:`learning.access.decide` on every case.
Direct URLs go through :func:`get_item`, which is a 404 unless the item is
*allowed* (a locked or hidden item does not exist for that client).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from learning import access
from learning.models import (
    DiscussionPost,
    Progress,
    TeleassistanceSlot,
    TrainingItem,
    Webassistance,
    WebassistanceSeat,
)
from portal.accounts.models import User
from portal.core.prepared import Param, PreparedQuery
from portal.organisations.models import Organisation
from subscriptions.models import Formula
from subscriptions.selectors import held_product_ids
from support.models import Demande


@dataclass(frozen=True)
class Audience:
    """What the access rule needs to know of an organisation."""

    formula: str
    product_ids: frozenset

    def decide(self, item: TrainingItem, product_ids: Iterable[int]) -> access.Decision:
        return access.decide(self.formula, self.product_ids, item.access_item(product_ids))


def audience_of(user: User, today: date | None = None) -> Audience | None:
    """The formula and products held of ``user``'s organisation (None for staff)."""
    organisation = user.organisation if user.is_client else None
    if organisation is None:
        return None
    return Audience(organisation.formula, frozenset(held_product_ids(organisation, today)))


def _not_held_product(product_ids: Iterable[int]) -> Exists:
    through = TrainingItem.products.through
    return Exists(
        through.objects.filter(trainingitem_id=OuterRef("pk")).exclude(
            product_id__in=list(product_ids)
        )
    )


def access_filters(audience: Audience) -> tuple[Q, Q]:
    """``(listed, allowed)``: the access rule as two Q objects.

    ``listed`` keeps what lists show (allowed or locked; a Cegid item about a
    product not held is hidden); ``allowed`` what the client may open.
    """
    hidden = Q(track=access.CEGID) & Q(_not_held_product(audience.product_ids))
    listed = ~hidden
    return listed, listed & reachable_filter(audience)


def reachable_filter(audience: Audience) -> Q:
    """The levels the formula reaches, whatever the products (art. 13.1, 13.2)."""
    reachable = Q()
    for track in (access.CEGID, access.M365):
        reachable |= Q(track=track, level__in=access.levels_for(audience.formula, track))
    return reachable


def catalogue(user: User, *, track: str = "", kind: str = "") -> QuerySet[TrainingItem]:
    """Published items ``user`` may see listed, with ``is_allowed``; staff see all."""
    items = TrainingItem.objects.filter(is_published=True)
    if track:
        items = items.filter(track=track)
    if kind:
        items = items.filter(kind=kind)
    if user.is_vendor_staff:
        return items.annotate(is_allowed=Value(True, output_field=BooleanField()))
    audience = audience_of(user)
    if audience is None:
        return items.none()
    listed, _allowed = access_filters(audience)
    # Rows already pass ``listed``: the level alone decides (one subquery per row, not two).
    return items.filter(listed).annotate(
        is_allowed=Case(When(reachable_filter(audience), then=Value(True)), default=Value(False))
    )


def with_progress(items: QuerySet[TrainingItem], user: User) -> QuerySet[TrainingItem]:
    """Annotate each item with the user's progress (one subquery per column)."""
    mine = Progress.objects.filter(user=user, item=OuterRef("pk"))
    return items.annotate(
        started=Exists(mine),
        completed=Exists(mine.filter(completed_at__isnull=False)),
    )


def allowed_items(user: User) -> QuerySet[TrainingItem]:
    """Items ``user`` may open (staff: every item, published or not)."""
    if user.is_vendor_staff:
        return TrainingItem.objects.all()
    return catalogue(user).filter(is_allowed=True)  # type: ignore[misc]  # an annotation


def get_item(user: User, public_id: UUID | str) -> TrainingItem:
    """The item if ``user`` may open it; otherwise 404, locked or hidden alike."""
    item = allowed_items(user).filter(public_id=public_id).first()
    if item is None:
        raise Http404
    return item


def progress_of(user: User, item: TrainingItem) -> Progress | None:
    return Progress.objects.filter(user=user, item=item).first()


def posts_of(item: TrainingItem, user: User) -> QuerySet[DiscussionPost]:
    posts = DiscussionPost.objects.filter(item=item).select_related(
        "author", "author__organisation"
    )
    if not user.is_vendor_staff:
        posts = posts.filter(hidden_at__isnull=True)
    return posts


def get_post(public_id: UUID | str) -> DiscussionPost:
    post = DiscussionPost.objects.filter(public_id=public_id).select_related("item").first()
    if post is None:
        raise Http404
    return post


def team_progress(organisation: Organisation) -> QuerySet[Progress]:
    """Who of the organisation started or completed what (client administrators)."""
    return (
        Progress.objects.filter(user__organisation=organisation)
        .select_related("user", "item")
        .order_by("user__last_name", "user__first_name", "item__title")
    )


# Webassistance (art. 12.8).

#: A session stays in the list this long after it starts (late joiners find the link).
LISTED_AFTER_START = timedelta(hours=4)


def webassistance_allowed(audience: Audience | None, session: Webassistance) -> bool:
    """Open and Private clients holding the session's product (art. 12.8)."""
    if audience is None:
        return False
    decision = access.decide(
        audience.formula,
        audience.product_ids,
        access.Item(access.CEGID, access.OPEN, frozenset({session.product_id})),
    )
    return decision.allowed


def _webassistance_q(audience: Audience) -> Q:
    if not access.includes(audience.formula, access.OPEN):
        return Q(pk__in=[])
    return Q(product_id__in=list(audience.product_ids))


def webassistances(
    user: User, *, now: datetime | None = None, upcoming: bool = True
) -> QuerySet[Webassistance]:
    now = now or timezone.now()
    sessions = Webassistance.objects.select_related("product", "replay")
    if upcoming:
        sessions = sessions.filter(starts_at__gte=now - LISTED_AFTER_START)
    if user.is_vendor_staff:
        return sessions
    audience = audience_of(user)
    if audience is None:
        return sessions.none()
    mine = WebassistanceSeat.objects.filter(session=OuterRef("pk"), user=user)
    return (
        sessions.filter(_webassistance_q(audience))
        .filter(cancelled_at__isnull=True)
        .annotate(
            my_registered=Exists(mine.filter(status=WebassistanceSeat.Status.REGISTERED)),
            my_waiting=Exists(mine.filter(status=WebassistanceSeat.Status.WAITING)),
        )
    )


def get_webassistance(user: User, public_id: UUID | str) -> Webassistance:
    session = (
        Webassistance.objects.select_related("product", "replay")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise Http404
    if user.is_vendor_staff:
        return session
    if not webassistance_allowed(audience_of(user), session):
        raise Http404
    return session


def seat_of(session: Webassistance, user: User) -> WebassistanceSeat | None:
    return WebassistanceSeat.objects.filter(session=session, user=user).first()


def seat_counts(session: Webassistance) -> dict[str, int]:
    counts = dict.fromkeys(WebassistanceSeat.Status.values, 0)
    for status in WebassistanceSeat.objects.filter(session=session).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    return counts


def invitees(session: Webassistance) -> QuerySet[User]:
    """Users of Open and Private clients holding the session's product (art. 12.8)."""
    from portal.accounts.models import User
    from subscriptions.selectors import organisations_holding

    # The access rule's own answer: the formulas that include Open (art. 12.8).
    formulas = [f for f in access.FORMULAS if access.includes(f, access.OPEN)]
    return User.objects.filter(
        is_active=True,
        organisation__in=organisations_holding(session.product, formulas=formulas),
    ).order_by("email")


def due_reminders(now: datetime, limit: int = 100) -> list[int]:
    return list(
        Webassistance.objects.filter(
            reminder_due_at__lte=now, reminded_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("reminder_due_at")
        .values_list("pk", flat=True)[:limit]
    )


# Téléassistance (art. 12.8).


#: Read on every support Demande's page: compiled once (portal/core/prepared.py, issue 11).
_SLOTS = PreparedQuery(
    lambda demande_id: TeleassistanceSlot.objects.filter(demande_id=demande_id), Param(-424_300)
)


def slots_of(demande: Demande) -> list[TeleassistanceSlot]:
    """The Demande's slots, first one first."""
    return _SLOTS.all(demande.pk)


#: The formulas whose support Demandes may have téléassistance (art. 12.8).
TELEASSISTANCE_FORMULAS = (Formula.OPEN, Formula.PRIVATE)


def teleassistance_eligible(demande: Demande) -> bool:
    """Téléassistance is for support Demandes on Open and Private (art. 12.8)."""
    return demande.kind == Demande.Kind.SUPPORT and demande.formula in TELEASSISTANCE_FORMULAS


def panel_slots(demande: Demande) -> list[TeleassistanceSlot]:
    """The slots the Demande page's téléassistance panel lists (none if not eligible)."""
    return slots_of(demande) if teleassistance_eligible(demande) else []


def get_slot(user: User, public_id: UUID | str) -> TeleassistanceSlot:
    """The slot if ``user`` may see its Demande (support's own scope), else 404."""
    from support.selectors import visible_demandes

    slot = (
        TeleassistanceSlot.objects.filter(public_id=public_id, demande__in=visible_demandes(user))
        .select_related("demande", "demande__organisation", "demande__requester")
        .first()
    )
    if slot is None:
        raise Http404
    return slot
