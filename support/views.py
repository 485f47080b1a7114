"""Support pages: clients' Demandes, the Demande page, the agents' workspace.

Thin: each view reads through support/selectors.py (which scopes to the
caller: another organisation's Demande is a 404) and writes through
support/services.
"""

import functools
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.selectors_training import panel_slots
from learning.services_kb import record_demande_filed
from portal.accounts.rights import Right
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.fragments import loaded_values, signature
from portal.core.permissions import client_required, right_required, staff_required
from subscriptions.models import Formula
from support import selectors, services
from support.deadlines import DEADLINES, business_duration, business_time_left, deadlines_of
from support.files import download_response
from support.filters import AgentQueueFilter, ClientDemandeFilter
from support.forms import (
    AssignForm,
    AttachmentsForm,
    CommentForm,
    DemandeForm,
    PhoneDemandeForm,
    QualifyForm,
    ReopenForm,
    RequalifyForm,
    ResolveForm,
    RespondForm,
)
from support.list_cache import VersionedList, demandes_version, list_key
from support.list_rows import CLIENT_FIELDS, QUEUE_FIELDS, client_rows, queue_rows
from support.models import Demande
from support.services import idempotency
from support.services.filing import support_refusal

PAGE_SIZE = 25


def _page(request, select, key: str, fields: tuple[str, ...], rows):
    """One page of the list ``select()`` returns: ``rows(values)`` gives what the
    table shows of the page's Demandes, read as ``values(*fields)``.

    The page is chosen on the list's keys alone (a subquery the list's index
    answers), and only its 25 rows are read, with the shown columns only
    (support/list_rows.py): sorting a few thousand whole rows, with their
    joins, to keep 25 cost ~10 ms of SQLite on 100,000 Demandes. The count
    and the rows are cached under the list's version (support/list_cache.py),
    and the list's query is built only when they are not.
    """
    queryset = SimpleLazyObject(select)

    def window(part: slice) -> list[dict]:
        keys = queryset.values_list("pk", flat=True)[part]
        ordered = Demande.objects.filter(pk__in=keys).order_by(*queryset.query.order_by)
        return list(ordered.values(*fields))

    listed = VersionedList(key, lambda: queryset.count(), window)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = rows(page.object_list)
    return page


def _filters_part(request, *values) -> dict:
    """The cache key's values of a list's filter form: the query string (the
    page number aside) and what else the form shows (issue 11)."""
    query = sorted((key, given) for key, given in request.GET.lists() if key != "page")
    return {"filters_shown": (query, *values)}


@client_required
def demande_list(request):
    """ "Mes demandes", and the organisation's with ``Right.SEE_ORG_DEMANDES``.

    Its table shows no clock: it is cached whole under the list's version, and
    the page's rows are read only when it is not (support/list_cache.py).
    """
    user = request.user
    can_see_org = user.has_right(Right.SEE_ORG_DEMANDES)
    filters = ClientDemandeFilter(request.GET, request=request, can_see_organisation=can_see_org)
    who = (user.pk, user.organisation_id, can_see_org)
    key = list_key("client", demandes_version(user.organisation_id), who, request.GET)
    context = {
        "filters": filters.form,
        "page": SimpleLazyObject(
            lambda: _page(request, lambda: filters.qs, key, CLIENT_FIELDS, client_rows)
        ),
        "table_key": f"list-table:{key}:{request.GET.get('page', '')}",
        "fragment_seconds": settings.CACHED_LISTS_SECONDS,
    }
    if request.htmx:
        return render(request, "support/fragment_client_table.html", context)
    context.update(
        _filters_part(request, can_see_org),
        organisation_scope=can_see_org and request.GET.get("scope") == "organisation",
        can_file=user.has_right(Right.FILE_DEMANDES),
        **selectors.hours_panel(user.organisation),
    )
    return render(request, "support/list.html", context)


@right_required(Right.FILE_DEMANDES)
def demande_create(request):
    organisation = request.user.organisation
    # One-time token (issue 16): a double submit or a retry after an error files once.
    token = _filing_token(request)
    if request.method == "POST":
        already = idempotency.filed_with(user=request.user, key=f"form:{token}")
        if already is not None:
            messages.info(request, _confirmation(already))
            return redirect("support:detail", reference=already.reference)
    form = DemandeForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            demande, _filed_now = idempotency.file_once(
                user=request.user,
                key=f"form:{token}",
                filing=lambda: services.file_demande(
                    requester=request.user, draft=services.DemandeDraft.from_data(form.cleaned_data)
                ),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            # Knowledge base: this form's suggestions did not avoid the Demande (art. 12.11).
            record_demande_filed(
                session=request.POST.get("kb_session"), user=request.user, demande=demande
            )
            messages.success(request, _confirmation(demande))
            return redirect("support:detail", reference=demande.reference)
    return render(
        request,
        "support/create.html",
        {
            "form": form,
            "filing_token": token,
            "has_support": organisation.formula != Formula.CONNECT,
            "support_refusal": support_refusal(organisation, timezone.localdate()),
            **selectors.hours_panel(organisation),
        },
    )


def _filing_token(request) -> str:
    """The form's token if it sent a well-formed one, else a new one."""
    try:
        return str(uuid.UUID(request.POST.get("filing_token", "")))
    except ValueError:
        return str(uuid.uuid4())


def _confirmation(demande: Demande) -> str:
    text = _("Votre demande est enregistrée sous la référence %(ref)s.") % {
        "ref": demande.reference
    }
    if demande.take_in_charge_due_at:
        due = date_format(timezone.localtime(demande.take_in_charge_due_at), "l d/m/Y à H:i")
        text += " " + _("Elle sera prise en charge au plus tard le %(due)s.") % {"due": due}
    return text + " " + _("Un accusé de réception vous a été envoyé par e-mail.")


@login_required
def demande_detail(request, reference):
    demande = selectors.get_demande_for_page(request.user, reference)
    staff = request.user.is_vendor_staff
    now = timezone.now()
    # Read only if the page's cached lists are missing (templates/support/detail.html).
    detail = functools.cache(
        functools.partial(selectors.demande_detail, demande, user=request.user)
    )
    context = {
        "demande": demande,
        "events": SimpleLazyObject(lambda: detail()["events"]),
        "comments": SimpleLazyObject(lambda: detail()["comments"]),
        "attachments": SimpleLazyObject(lambda: detail()["attachments"]),
        "fragment_seconds": settings.CACHED_PARTS_SECONDS,
        "language": get_language(),
        "deadlines": SimpleLazyObject(lambda: deadlines_of(demande)),
        "time_left": business_time_left(demande, now),
        # Passed, even when no business time has run since (evening, weekend).
        "overdue": demande.is_overdue(now),
        "now": now,
        "staff": staff,
        "watching": demande.watching,
        # Built only if the cached part that shows them is missing.
        "comment_form": SimpleLazyObject(lambda: CommentForm(staff=staff)),
        "pending_key": (demande.pending_deadline() or ("",))[0],
        "reopen_form": SimpleLazyObject(lambda: ReopenForm(auto_id="reopen_%s")),
    }
    context["teleassistance_slots"] = panel_slots(demande)
    context["page_key"] = "" if staff else _client_page_key(request, demande, context)
    if staff:
        context.update(
            qualify_form=QualifyForm(),
            requalify_form=RequalifyForm(
                auto_id="requalify_%s",
                initial={
                    "qualification": demande.qualification,
                    "criticality": demande.criticality,
                },
            ),
            respond_form=RespondForm(),
            resolve_form=ResolveForm(),
            assign_form=AssignForm(initial={"assignee": demande.assignee}),
        )
    return render(request, "support/detail.html", context)


def _client_page_key(request, demande: Demande, context: dict) -> str:
    """Cache key of a client's Demande page: every input it shows is in it.

    The Demande and all that was read with it (people, organisation, the lists'
    version, whether the person follows it), its téléassistance slots, who
    looks (the requester or another) and what the clock changes: which délais
    have passed, the business time left as the page writes it;
    ``{% cached_part %}`` adds the language (issue 11).
    """
    now = context["now"]
    clock = (
        tuple(now > due for due in (d.due(demande) for d in DEADLINES) if due is not None),
        business_duration(context["time_left"]) if context["time_left"] is not None else None,
        context["overdue"],
    )
    digest = signature(
        loaded_values(demande),
        [loaded_values(slot) for slot in context["teleassistance_slots"]],
        request.user.pk == demande.requester_id,
        clock,
    )
    return f"demande-page:{demande.pk}:{digest}"


def _act(request, reference, form_class, action, success, **form_kwargs):
    """Run one service on a Demande from a POSTed form; errors come back as messages."""
    demande = selectors.get_demande(request.user, reference)
    form = form_class(request.POST, request.FILES or None, **form_kwargs)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            action(demande, form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, success)
    return redirect("support:detail", reference=demande.reference)


@login_required
@require_POST
def demande_comment(request, reference):
    staff = request.user.is_vendor_staff
    return _act(
        request,
        reference,
        CommentForm,
        lambda d, data: _comment_or_files(request.user, d, data),
        _("Votre message est ajouté."),
        staff=staff,
    )


def _comment_or_files(user, demande, data):
    """One form on the page: files alone are added as files, otherwise a message."""
    if not (data["body"] or "").strip():
        return services.add_attachments(demande=demande, actor=user, files=data["attachments"])
    return services.add_comment(
        demande=demande,
        author=user,
        body=data["body"],
        internal=data.get("internal", False),
        ask_client=data.get("ask_client", False),
        attachments=data["attachments"],
    )


@login_required
@require_POST
def demande_attach(request, reference):
    return _act(
        request,
        reference,
        AttachmentsForm,
        lambda d, data: services.add_attachments(
            demande=d, actor=request.user, files=data["attachments"]
        ),
        _("Fichiers ajoutés."),
    )


@login_required
@require_POST
def demande_reopen(request, reference):
    return _act(
        request,
        reference,
        ReopenForm,
        lambda d, data: services.reopen(demande=d, actor=request.user, reason=data["body"]),
        _("La demande est rouverte."),
    )


@login_required
@require_POST
def demande_close(request, reference):
    return _act(
        request,
        reference,
        _EmptyForm,
        lambda d, data: services.close(demande=d, actor=request.user),
        _("La demande est clôturée."),
    )


@login_required
@require_POST
def demande_watch(request, reference):
    """Follow (or stop following) a Demande's e-mails."""
    demande = selectors.get_demande(request.user, reference)
    watching = not demande.watching
    services.watch(demande=demande, user=request.user, watching=watching)
    if watching:
        messages.success(request, _("Vous suivez cette demande : vous recevrez ses e-mails."))
    else:
        messages.success(request, _("Vous ne suivez plus cette demande."))
    return redirect("support:detail", reference=demande.reference)


@login_required
def attachment_download(request, reference, public_id):
    attachment = selectors.get_attachment(request.user, reference, public_id)
    return download_response(attachment)


# --- Agents' workspace --------------------------------------------------------------


@staff_required
def queue(request):
    """Private first, FIFO among them (art. 12.9), then the others by registration.

    The table is cached whole under the list's version and the minute: the
    business time left is written in minutes and computed at the minute's
    start, so everyone reading the queue within a minute sees the same table,
    and a délai that runs out is shown as passed within the minute.
    """
    filters = AgentQueueFilter(request.GET, request=request)
    minute = timezone.now().replace(second=0, microsecond=0)
    # The queue shows every organisation's Demandes; "me" is the agent reading it.
    key = list_key("queue", demandes_version(), (request.user.pk,), request.GET)
    page = SimpleLazyObject(
        lambda: _page(
            request, lambda: filters.qs, key, QUEUE_FIELDS, lambda v: queue_rows(v, minute)
        )
    )
    context = {
        "filters": filters.form,
        "page": page,
        "table_key": f"list-table:{key}:{request.GET.get('page', '')}:{minute.isoformat()}",
        "fragment_seconds": settings.CACHED_LISTS_SECONDS,
    }
    if request.htmx:
        return render(request, "support/fragment_queue_table.html", context)
    context.update(_filters_part(request, filters.agents()))
    return render(request, "support/queue.html", context)


@staff_required
def phone_demande(request):
    """Record a call on behalf of a client user; the call time is the registration time."""
    form = PhoneDemandeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            demande = services.record_phone_demande(
                agent=request.user,
                requester=data["requester"],
                called_at=data["called_at"],
                draft=services.DemandeDraft.from_data(data),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _confirmation(demande))
            return redirect("support:detail", reference=demande.reference)
    return render(request, "support/phone.html", {"form": form})


@staff_required
@require_POST
def demande_take(request, reference):
    return _act(
        request,
        reference,
        _EmptyForm,
        lambda d, data: services.take_in_charge(demande=d, agent=request.user),
        _("Vous avez pris la demande en charge."),
    )


@staff_required
@require_POST
def demande_assign(request, reference):
    return _act(
        request,
        reference,
        AssignForm,
        lambda d, data: services.assign(demande=d, actor=request.user, assignee=data["assignee"]),
        _("Demande attribuée."),
    )


@staff_required
@require_POST
def demande_qualify(request, reference):
    return _act(
        request,
        reference,
        QualifyForm,
        lambda d, data: services.qualify(demande=d, agent=request.user, **data),
        _("Demande qualifiée."),
    )


@staff_required
@require_POST
def demande_requalify(request, reference):
    return _act(
        request,
        reference,
        RequalifyForm,
        lambda d, data: services.requalify(demande=d, agent=request.user, **data),
        _("Demande requalifiée : ses délais repartent de maintenant."),
    )


@staff_required
@require_POST
def demande_respond(request, reference):
    return _act(
        request,
        reference,
        RespondForm,
        lambda d, data: services.respond(demande=d, agent=request.user, **data),
        _("Réponse publiée."),
    )


@staff_required
@require_POST
def demande_resolve(request, reference):
    return _act(
        request,
        reference,
        ResolveForm,
        lambda d, data: services.resolve(demande=d, agent=request.user, **data),
        _("Demande résolue."),
    )


class _EmptyForm:
    """A POST with nothing to validate but the CSRF token."""

    def __init__(self, *args, **kwargs):
        self.cleaned_data = {}
        self.errors = {}

    def is_valid(self) -> bool:
        return True
