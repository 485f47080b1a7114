"""Reads on Demandes, scoped to who is asking.

Tenant scope lives here: clients see their organisation's Demandes only —
their own (or those they watch), or all of them with ``Right.SEE_ORG_DEMANDES``;
vendor staff see every Demande. Another organisation's Demande is a 404.
Every list is a queryset with its joins done, so a page costs a fixed number
of queries whatever its size.
"""

from __future__ import annotations

import json
import uuid
from functools import lru_cache, partial
from typing import Any

from django.core.cache import cache
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role, User
from portal.accounts.rights import Right
from portal.core.prepared import Param, PreparedQuery, PreparedRows
from portal.organisations.models import Organisation
from subscriptions.models import Contract, Formula
from support.business_time import SUPPORT_CALENDARS
from support.deadlines import SLA_FORMULAS
from support.models import Attachment, Comment, Demande, DemandeEvent, SupportCalendar

LIST_RELATED = ("organisation", "requester", "assignee", "product", "dossier")


def visible_demandes(user: User) -> QuerySet[Demande]:
    """Every Demande ``user`` may open."""
    scope = _page_scope(user)
    if scope is None:
        return Demande.objects.none()
    return _scoped(Demande.objects.all(), scope, user.organisation_id, user.pk, user.pk)


def _scoped(
    demandes: QuerySet[Demande],
    scope: str,
    organisation_id: Any = None,
    requester_pk: Any = None,
    follower_pk: Any = None,
) -> QuerySet[Demande]:
    """The tenant rule, written once (``visible_demandes``, the Demande page's
    prepared queries): staff see all; a client the organisation's Demandes, or
    without the right only those they filed or follow. The follower rule is an
    ``EXISTS``, not a join with ``DISTINCT`` (issue 11). The values are
    parameters so that a prepared query can stand for any person."""
    if scope == "all":
        return demandes
    demandes = demandes.filter(organisation_id=organisation_id)
    if scope == "mine":
        demandes = demandes.filter(Q(requester_id=requester_pk) | _watched_by(follower_pk))
    return demandes


def client_demandes(
    user: User, *, scope: str = "mine", state: str = "", kind: str = "", query: str = ""
) -> QuerySet[Demande]:
    """ "Mes demandes", or the organisation's with the right; newest first."""
    if not user.is_client or user.organisation_id is None:
        return Demande.objects.none()
    # Scoped here without visible_demandes' follower rule: "mine" is what I filed.
    demandes = Demande.objects.filter(organisation_id=user.organisation_id)
    if scope != "organisation" or not user.has_right(Right.SEE_ORG_DEMANDES):
        demandes = demandes.filter(requester=user)
    if state == "open":
        demandes = demandes.filter(state__in=Demande.OPEN_STATES)
    elif state in Demande.State.values:
        demandes = demandes.filter(state=state)
    if kind in Demande.Kind.values:
        demandes = demandes.filter(kind=kind)
    if query:
        demandes = demandes.filter(Q(reference__icontains=query) | Q(subject__icontains=query))
    # The Demandes waiting for the client's answer come first: the client acts on them.
    waiting_first = F("awaiting_client_since").desc(nulls_last=True)
    return demandes.select_related(*LIST_RELATED).order_by(waiting_first, "-registered_at", "-pk")


def agent_queue(
    *,
    state: str = "open",
    formula: str = "",
    organisation: Organisation | str | None = None,
    assignee: str = "",
    breached: bool = False,
    kind: str = "",
    agent: User | None = None,
) -> QuerySet[Demande]:
    """The agents' queue: Private first, FIFO among them (art. 12.9), then the
    others by registration. ``organisation`` is an Organisation or a search text
    (name or SIREN); ``assignee`` is "me", "none" or a user public id."""
    demandes = Demande.objects.all()
    if state == "open" or not state:
        demandes = demandes.filter(state__in=Demande.OPEN_STATES)
    elif state in Demande.State.values:
        demandes = demandes.filter(state=state)
    if formula:
        demandes = demandes.filter(formula=formula)
    if isinstance(organisation, str):
        if organisation.strip():
            text = organisation.strip()
            demandes = demandes.filter(
                Q(organisation__name__icontains=text) | Q(organisation__siren=text)
            )
    elif organisation is not None:
        demandes = demandes.filter(organisation=organisation)
    if assignee == "me" and agent is not None:
        demandes = demandes.filter(assignee=agent)
    elif assignee == "none":
        demandes = demandes.filter(assignee__isnull=True)
    elif assignee:
        agent_id = _uuid_or_none(assignee)
        demandes = demandes.filter(assignee__public_id=agent_id) if agent_id else demandes.none()
    if breached:
        demandes = demandes.filter(is_breached=True)
    if kind in Demande.Kind.values:
        demandes = demandes.filter(kind=kind)
    return demandes.select_related("organisation", "assignee").order_by(
        "queue_rank", "registered_at", "pk"
    )


def _uuid_or_none(value: str) -> uuid.UUID | None:
    """A malformed id in a filter matches nothing (never a 500 from the query)."""
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        return None


def _page_scope(user: User) -> str | None:
    """Which rule of ``visible_demandes`` applies to ``user``: None sees nothing."""
    if user.is_vendor_staff:
        return "all"
    if not user.is_client or user.organisation_id is None:
        return None
    return "organisation" if user.has_right(Right.SEE_ORG_DEMANDES) else "mine"


def _watched_by(user_pk: Any) -> Exists:
    through = Demande.watchers.through.objects
    return Exists(through.filter(demande_id=OuterRef("pk"), user_id=user_pk))


def _one_demande(
    scope: str,
    reference: str,
    watcher_pk: Any,
    organisation_id: Any = None,
    requester_pk: Any = None,
    follower_pk: Any = None,
) -> QuerySet[Demande]:
    """``visible_demandes`` for one reference, with ``watching`` annotated.

    The watcher rule is an ``EXISTS`` rather than a join and ``DISTINCT``, and
    the same subquery tells the page whether the person follows the Demande,
    so one query answers both (issue 11). ``watcher_pk`` and ``follower_pk``
    are the same person: two parameters, so that a prepared query can tell
    them apart.
    """
    demandes = Demande.objects.filter(reference=reference).annotate(
        watching=_watched_by(watcher_pk)
    )
    return _scoped(demandes, scope, organisation_id, requester_pk, follower_pk)


def _scope_values(scope: str, user: User, reference: str) -> tuple[Any, ...]:
    values = (reference, user.pk, user.organisation_id, user.pk, user.pk)
    return values[: {"all": 2, "organisation": 3, "mine": 5}[scope]]


def _one(demandes: QuerySet[Demande] | list[Demande]) -> Demande:
    # ``get`` drops the model's ordering (a unique reference needs none):
    # compiling an ORDER BY against a wide select costs more than the query.
    if isinstance(demandes, list):
        if len(demandes) != 1:
            raise Http404
        return demandes[0]
    try:
        return demandes.get()
    except Demande.DoesNotExist:
        raise Http404 from None


def get_demande(user: User, reference: str) -> Demande:
    """The Demande with this reference if ``user`` may see it, else 404.

    It carries ``watching``: whether ``user`` follows it.
    """
    scope = _page_scope(user)
    if scope is None:
        raise Http404
    return _one(_DEMANDE[scope].all(*_scope_values(scope, user, reference)))


def _demande_with_people(scope: str, *values: Any) -> QuerySet[Demande]:
    return _one_demande(scope, *values).select_related(*LIST_RELATED, "recorded_by")


#: The columns of the people named on a Demande's page (``User.__str__``,
#: the staff badge, the requester's contact details for agents).
PERSON_COLUMNS = ("first_name", "last_name", "email", "role", "phone")


def _person_columns(*relations: str) -> list[str]:
    return [f"{relation}__{column}" for relation in relations for column in PERSON_COLUMNS]


def _mark(model: type[Model]) -> Subquery:
    """``count.newest id`` of the Demande's rows of ``model``.

    Comments, files and history lines are only ever added (and removed with
    their Demande), so this changes whenever what the page lists of them does:
    a version read in the page's own query, with no counter to keep (issue 11).
    """
    rows = model._default_manager.filter(demande=OuterRef("pk")).order_by().values("demande")
    mark = Concat(Cast(Count("pk"), CharField()), Value("."), Cast(Max("pk"), CharField()))
    return Subquery(rows.annotate(mark=mark).values("mark"), output_field=CharField())


def _demande_for_page(scope: str, *values: Any) -> QuerySet[Demande]:
    people = ("requester", "assignee", "recorded_by")
    own = [field.name for field in Demande._meta.concrete_fields]
    return (
        _one_demande(scope, *values)
        .annotate(
            events_mark=_mark(DemandeEvent),
            comments_mark=_mark(Comment),
            attachments_mark=_mark(Attachment),
        )
        .select_related("organisation", "product", "dossier", *people)
        .only(
            *own,
            "organisation__name",
            "product__name",
            "dossier__reference",
            "dossier__name",
            *_person_columns(*people),
        )
    )


def _ids(count: int) -> list[Param]:
    """Samples for prepared queries' parameters: ids no row has."""
    return [Param(-424_200 - n) for n in range(count)]


#: The page's queries, compiled once per process (portal/core/prepared.py):
#: compiling them cost more than running them (issue 11).
_PAGE_DEMANDE = {
    scope: PreparedQuery(partial(_demande_for_page, scope), Param("~reference~"), *_ids(count - 1))
    for scope, count in (("all", 2), ("organisation", 3), ("mine", 5))
}


#: ``get_demande``'s query, compiled once per process: with five people and the
#: organisation, product and dossier, compiling it cost ~5 ms of an API call.
_DEMANDE = {
    scope: PreparedQuery(
        partial(_demande_with_people, scope), Param("~reference~"), *_ids(count - 1)
    )
    for scope, count in (("all", 2), ("organisation", 3), ("mine", 5))
}


def get_demande_for_page(user: User, reference: str) -> Demande:
    """``get_demande`` for the Demande's page: the Demande's own columns and,
    of the people, organisation, product and dossier, only what the page shows,
    with ``page_version``: what the page's lists of comments, files and history
    depend on (their marks, and the state, which decides what may be added).

    A select of three whole ``User`` rows costs more to compile than to run
    (issue 11); anything else read later is loaded on access, never wrong.
    """
    scope = _page_scope(user)
    if scope is None:
        raise Http404
    demande = _one(_PAGE_DEMANDE[scope].all(*_scope_values(scope, user, reference)))
    demande.page_version = "|".join(  # type: ignore[attr-defined]
        str(part)
        for part in (
            demande.events_mark,  # type: ignore[attr-defined]
            demande.comments_mark,  # type: ignore[attr-defined]
            demande.attachments_mark,  # type: ignore[attr-defined]
            demande.state,
        )
    )
    return demande


def _events(demande_id: Any, *, staff: bool) -> QuerySet[DemandeEvent]:
    events = DemandeEvent.objects.filter(demande_id=demande_id)
    return events if staff else events.filter(is_public=True)


def _comments(demande_id: Any, *, staff: bool) -> QuerySet[Comment]:
    comments = Comment.objects.filter(demande_id=demande_id)
    if not staff:
        comments = comments.filter(is_internal=False)
    return comments.select_related("author").only(*COMMENT_COLUMNS, *_person_columns("author"))


def _attachments(demande_id: Any) -> QuerySet[Attachment]:
    return (
        Attachment.objects.filter(demande_id=demande_id)
        .select_related("uploaded_by")
        .only(*ATTACHMENT_COLUMNS, *_person_columns("uploaded_by"))
    )


_EVENTS = {staff: PreparedQuery(partial(_events, staff=staff), *_ids(1)) for staff in (True, False)}
_COMMENTS = {
    staff: PreparedQuery(partial(_comments, staff=staff), *_ids(1)) for staff in (True, False)
}
_ATTACHMENTS = PreparedQuery(_attachments, *_ids(1))


def demande_detail(demande: Demande, *, user: User) -> dict[str, list[Any]]:
    """Timeline, comments and files of a Demande; internal ones for staff only.

    Three prepared queries: the events (the page shows ``actor_label``, never
    the actor's row), the comments with their authors' names, and the files,
    read once for both the list of files and each comment's own files.
    """
    staff = user.is_vendor_staff
    comments = _COMMENTS[staff].all(demande.pk)
    attachments = _ATTACHMENTS.all(demande.pk)
    if not staff:
        # A client sees the files sent alone or with a public reply: those
        # whose comment is among the comments read above (never an internal note's).
        shown = {comment.pk for comment in comments}
        attachments = [a for a in attachments if a.comment_id is None or a.comment_id in shown]
    by_comment: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        attachment.demande = demande
        if attachment.comment_id is not None:
            by_comment.setdefault(attachment.comment_id, []).append(attachment)
    for comment in comments:
        # What prefetch_related("attachments") would leave: comment.attachments.all()
        # answers from it, in the template and in the API's serializer.
        comment._prefetched_objects_cache = {"attachments": by_comment.get(comment.pk, [])}  # type: ignore[attr-defined]
    return {
        "events": _EVENTS[staff].all(demande.pk),
        "comments": comments,
        "attachments": attachments,
    }


COMMENT_COLUMNS = ("public_id", "demande", "author", "body", "is_internal", "created_at")
ATTACHMENT_COLUMNS = (
    "public_id",
    "demande",
    "comment",
    "uploaded_by",
    "file",
    "original_name",
    "content_type",
    "size",
    "created_at",
)


def get_attachment(user: User, reference: str, public_id: uuid.UUID | str) -> Attachment:
    demande = get_demande(user, reference)
    attachments = Attachment.objects.filter(demande=demande, public_id=public_id)
    if not user.is_vendor_staff:
        attachments = attachments.filter(Q(comment__isnull=True) | Q(comment__is_internal=False))
    attachment = attachments.first()
    if attachment is None:
        raise Http404
    return attachment


def support_agents() -> QuerySet[User]:
    """Staff who may be given a Demande."""
    # Staff have no organisation (a constraint of User): saying so lets the
    # database read the (organisation, role, is_active) index instead of
    # scanning every client account (~2 ms on 7,000 accounts).
    return User.objects.filter(
        organisation__isnull=True, role__in=[Role.AGENT, Role.VENDOR_ADMIN], is_active=True
    ).order_by("first_name", "last_name")


#: Compiled once (portal/core/prepared.py): the queue's filters show the agents on every view.
_AGENT_NAMES = PreparedRows(
    lambda: support_agents().values_list("public_id", "first_name", "last_name", "email")
)


def support_agent_names() -> list[tuple]:
    """``(public_id, first_name, last_name, email)`` of each agent, by name."""
    return _AGENT_NAMES.rows()


def client_requesters(query: str = "") -> QuerySet[User]:
    """Active client people an agent may record a phone Demande for."""
    people = User.objects.filter(
        role__in=[Role.CLIENT_USER, Role.CLIENT_ADMIN], is_active=True
    ).select_related("organisation")
    if query:
        people = people.filter(
            Q(email__icontains=query)
            | Q(last_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return people.order_by("organisation__name", "last_name", "email")


def calendars() -> QuerySet[SupportCalendar]:
    return SupportCalendar.objects.select_related("contract__organisation").order_by(
        "contract", "formula"
    )


WEEKDAYS = (
    _("Lundi"),
    _("Mardi"),
    _("Mercredi"),
    _("Jeudi"),
    _("Vendredi"),
    _("Samedi"),
    _("Dimanche"),
)


#: Names of the built-in calendars, used when no calendar row is stored.
DEFAULT_CALENDAR_NAMES: dict[str, str] = {
    Formula.OPEN: "Horaires du support — Cegid Open",
    Formula.PRIVATE: "Horaires étendus — Cegid Private",
}


def _contract_with_calendar(organisation_id: Any) -> QuerySet[Contract]:
    return Contract.objects.filter(organisation_id=organisation_id).select_related(
        "support_calendar"
    )


def _default_calendar(formula: str) -> QuerySet[SupportCalendar]:
    return SupportCalendar.objects.filter(formula=formula, contract__isnull=True).order_by("name")


#: Compiled once (portal/core/prepared.py): the client's list shows the hours on
#: every view, and building these two queries cost more than running them (issue 11).
_CONTRACT_WITH_CALENDAR = PreparedQuery(_contract_with_calendar, *_ids(1))
_DEFAULT_CALENDAR = PreparedQuery(_default_calendar, Param("~formula~"))


def calendar_for(organisation: Organisation) -> SupportCalendar | None:
    """The support calendar that applies to ``organisation`` now, or None (Connect).

    The contract's own calendar if it has one, else the formula's default.
    """
    return _formula_and_calendar(organisation)[1]


def _formula_and_calendar(organisation: Organisation) -> tuple[str, SupportCalendar | None]:
    contract = _CONTRACT_WITH_CALENDAR.first(organisation.pk)
    formula = contract.formula if contract else Formula.CONNECT  # as Organisation.formula
    if formula not in SLA_FORMULAS:
        return formula, None
    calendar = getattr(contract, "support_calendar", None) or _DEFAULT_CALENDAR.first(formula)
    if calendar is None:
        # A support Demande always has a deadline (art. 12.2): if the seeded row
        # is missing, fall back on the booklet's hours (DOMAIN.md), unsaved.
        calendar = SupportCalendar(
            name=DEFAULT_CALENDAR_NAMES[formula],
            formula=formula,
            spec=SUPPORT_CALENDARS[formula].to_spec(),
        )
    return formula, calendar


def hours_panel(organisation: Organisation) -> dict[str, Any]:
    """The opening hours that run the organisation's SLA clock, day by day
    (art. 12.2), for templates/support/_hours.html, from one read of the contract.

    On Open, the phone line answers from 14:00 while the clock restarts at
    14:30: art. 12.6 gives 14:00 for the phone line, art. 12.2 14:30 for the
    support hours that run the délai (DOMAIN.md); the pages say both.
    """
    formula, calendar = _formula_and_calendar(organisation)
    return {
        "support_hours": _hours_of(calendar),
        "phone_line_opens_earlier": formula == Formula.OPEN,
    }


def _hours_of(calendar: SupportCalendar | None) -> list[tuple[str, str]]:
    """``[("lundi", "09:00 – 12:30 et 14:30 – 17:30"), …]``: the days the support works."""
    if calendar is None:
        return []
    spec_json = json.dumps(calendar.spec, sort_keys=True)
    return list(_hours_text(calendar.formula, spec_json, get_language()))


@lru_cache(maxsize=256)
def _hours_text(formula: str, spec_json: str, _language: str | None) -> tuple[tuple[str, str], ...]:
    # Keyed by the calendar's formula, hours and the language: parsing them again
    # on each view of the client's list cost a millisecond (issue 11).
    calendar = SupportCalendar(formula=formula, spec=json.loads(spec_json))
    spec = calendar.business_calendar().to_spec()
    rows = []
    for weekday, name in enumerate(WEEKDAYS):
        intervals = spec.get(str(weekday)) or []
        if intervals:
            text = f" {gettext('et')} ".join(f"{start} – {end}" for start, end in intervals)
            rows.append((str(name), text))  # "09:00 – 12:30": the portal's one time format
    return tuple(rows)


#: The agents' home figures count every open Demande (a scan of thousands of
#: rows, ~5 ms): each agent's are kept this long, the queue itself being exact.
STAFF_HOME_COUNTS_SECONDS = 10


def home_counts(user: User) -> dict[str, int]:
    """Figures for the home cards, in one aggregate query on indexed columns.

    Staff: waiting, breached and their own open Demandes; client people: their
    own open Demandes and those resolved awaiting their confirmation — and,
    with the right to see the organisation's Demandes (administrators), the
    organisation's open Demandes too (``org_open``). Staff figures are cached
    for ``STAFF_HOME_COUNTS_SECONDS`` per person (issue 11: the agent's home
    page must stay light); the queue they link to is always read live.
    """
    if user.is_vendor_staff:
        key = f"support:home-counts:staff:{user.pk}"
        counts = cache.get(key)
        if counts is None:
            counts = Demande.objects.filter(state__in=Demande.OPEN_STATES).aggregate(
                waiting=Count("pk", filter=Q(state=Demande.State.REGISTERED)),
                breached=Count("pk", filter=Q(is_breached=True)),
                mine=Count("pk", filter=Q(assignee=user)),
            )
            cache.set(key, counts, STAFF_HOME_COUNTS_SECONDS)
        return counts
    if user.is_client and user.organisation_id and user.has_right(Right.SEE_ORG_DEMANDES):
        mine = Q(requester=user)
        return Demande.objects.filter(organisation_id=user.organisation_id).aggregate(
            org_open=Count("pk", filter=Q(state__in=Demande.OPEN_STATES)),
            open=Count("pk", filter=mine & Q(state__in=Demande.OPEN_STATES)),
            resolved=Count("pk", filter=mine & Q(state=Demande.State.RESOLVED)),
        )
    return (
        visible_demandes(user)
        .filter(requester=user)
        .aggregate(
            open=Count("pk", filter=Q(state__in=Demande.OPEN_STATES)),
            resolved=Count("pk", filter=Q(state=Demande.State.RESOLVED)),
        )
    )
