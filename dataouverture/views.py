"""The Data Ouverture pages (art. 17), for the client's administrators.

Without the pack, each page says what the pack brings and how to order it
(in the quantity of Cegid Expert, art. 17) instead of the service.
"""

import os
from datetime import timedelta

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dataouverture import rules, selectors, snapshot
from dataouverture.forms import (
    CredentialForm,
    ExchangeTargetForm,
    PreviewForm,
    QueryForm,
    RotateForm,
)
from dataouverture.models import QueryExport
from dataouverture.pack import pack_status
from dataouverture.services import credentials as credential_services
from dataouverture.services import dataaccess, exchange, ordering
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import client_admin_required


def _pack_context(user) -> dict:
    return {"pack": pack_status(user.organisation), "order_url": reverse("subscriptions:mine")}


@client_admin_required
def index(request):
    return render(request, "dataouverture/index.html", _pack_context(request.user))


# Credentials ----------------------------------------------------------------------------------


def _credentials_page(request, *, form=None, issued=None, status=200):
    context = {
        **_pack_context(request.user),
        "credentials": selectors.credentials_for(request.user),
        "form": form or CredentialForm(),
        "rotate_form": RotateForm(),
        "issued": issued,
        "import_scopes": rules.IMPORT_SCOPES,
        "now": timezone.now(),
    }
    return render(request, "dataouverture/credentials.html", context, status=status)


@client_admin_required
def credentials(request):
    if request.method != "POST":
        return _credentials_page(request)
    form = CredentialForm(request.POST)
    if not form.is_valid():
        return _credentials_page(request, form=form, status=400)
    try:
        issued = credential_services.create_credential(
            actor=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
            ip_ranges=form.cleaned_data["ip_ranges"],
            rate_per_minute=form.cleaned_data["rate_per_minute"],
        )
    except DomainError as error:
        field = {"expires_at": "expires_on"}.get(error.field, error.field)
        form.add_error(field if field in form.fields else None, str(error.message))
        return _credentials_page(request, form=form, status=400)
    return _credentials_page(request, issued=issued)


@require_POST
@client_admin_required
def rotate_credential(request, public_id):
    credential = selectors.get_credential(request.user, public_id)
    form = RotateForm(request.POST)
    hours = form.cleaned_data["overlap_hours"] if form.is_valid() else 24
    try:
        issued = credential_services.rotate_credential(
            actor=request.user, credential=credential, overlap=timedelta(hours=hours)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("dataouverture:credentials")
    return _credentials_page(request, issued=issued)


@require_POST
@client_admin_required
def revoke_credential(request, public_id):
    credential = selectors.get_credential(request.user, public_id)
    try:
        credential_services.revoke_credential(actor=request.user, credential=credential)
        messages.success(request, _("Clé « %(name)s » révoquée.") % {"name": credential.name})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("dataouverture:credentials")


# Data Access ----------------------------------------------------------------------------------


def _data_access_page(request, *, form=None, status=200):
    organisation = request.user.organisation
    context = {
        **_pack_context(request.user),
        "snapshot": dataaccess.snapshot_of(organisation),
        "tables": snapshot.TABLES,
        "queries": selectors.saved_queries_for(request.user),
        "exports": selectors.exports_for(request.user),
        "form": form or QueryForm(offer_ged=_offer_ged(request.user)),
    }
    return render(request, "dataouverture/data_access.html", context, status=status)


@client_admin_required
def data_access(request):
    return _data_access_page(request)


@require_POST
@client_admin_required
def build_snapshot(request):
    try:
        dataaccess.request_snapshot(actor=request.user)
        messages.success(
            request, _("Construction de la base demandée : elle sera prête dans un instant.")
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("dataouverture:data_access")


@require_POST
@client_admin_required
def preview(request):
    form = PreviewForm(request.POST)
    context = {"result": None, "error": ""}
    if not form.is_valid():
        context["error"] = _("Écrivez une requête SELECT.")
    else:
        try:
            context["result"] = dataaccess.preview(actor=request.user, sql=form.cleaned_data["sql"])
        except DomainError as error:
            context["error"] = error.message
    status = 400 if context["error"] else 200
    return render(request, "dataouverture/fragment_preview.html", context, status=status)


def _offer_ged(user) -> bool:
    return selectors.exchange_target_for(user) is not None


def _save(request, query=None):
    form = QueryForm(request.POST, offer_ged=_offer_ged(request.user))
    if not form.is_valid():
        return None, form
    try:
        saved = dataaccess.save_query(
            actor=request.user,
            name=form.cleaned_data["name"],
            sql=form.cleaned_data["sql"],
            fmt=form.cleaned_data["format"],
            schedule=form.cleaned_data["schedule"] or "",
            push_to_ged=form.cleaned_data.get("push_to_ged", False),
            query=query,
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return None, form
    return saved, form


@require_POST
@client_admin_required
def create_query(request):
    saved, form = _save(request)
    if saved is None:
        return _data_access_page(request, form=form, status=400)
    messages.success(request, _("Requête « %(name)s » enregistrée.") % {"name": saved.name})
    return redirect("dataouverture:data_access")


@client_admin_required
def edit_query(request, public_id):
    query = selectors.get_saved_query(request.user, public_id)
    if request.method == "POST":
        saved, form = _save(request, query)
        if saved is not None:
            messages.success(request, _("Requête enregistrée."))
            return redirect("dataouverture:data_access")
        status = 400
    else:
        form = QueryForm(
            initial={
                "name": query.name,
                "sql": query.sql,
                "format": query.format,
                "schedule": query.schedule,
                "push_to_ged": query.push_to_ged,
            },
            offer_ged=_offer_ged(request.user),
        )
        status = 200
    context = {"query": query, "form": form, **_pack_context(request.user)}
    return render(request, "dataouverture/query_edit.html", context, status=status)


@require_POST
@client_admin_required
def delete_query(request, public_id):
    query = selectors.get_saved_query(request.user, public_id)
    dataaccess.delete_query(actor=request.user, query=query)
    messages.success(request, _("Requête supprimée."))
    return redirect("dataouverture:data_access")


@require_POST
@client_admin_required
def export_query(request, public_id):
    query = selectors.get_saved_query(request.user, public_id)
    try:
        export = dataaccess.request_export(actor=request.user, query=query)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("dataouverture:data_access")
    return redirect("dataouverture:export", public_id=export.public_id)


@client_admin_required
def export(request, public_id):
    """The export's progress; htmx polls the fragment until it is done."""
    item = selectors.get_export(request.user, public_id)
    context = {"export": item, "now": timezone.now()}
    if request.htmx:
        return render(request, "dataouverture/fragment_export.html", context)
    return render(request, "dataouverture/export.html", context)


@client_admin_required
def download_export(request, public_id):
    item = selectors.get_export(request.user, public_id)
    expired = item.expires_at is not None and item.expires_at <= timezone.now()
    if item.status != QueryExport.Status.DONE or expired or not os.path.exists(item.file_path):
        return HttpResponse(
            _("Ce lien de téléchargement a expiré ou l'export n'est pas disponible."), status=410
        )
    response = FileResponse(open(item.file_path, "rb"), as_attachment=True, filename=item.filename)  # noqa: SIM115
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@client_admin_required
def order_pack(request):
    """Ordering is the vendor's act (art. 3): the request becomes a customer-service Demande."""
    try:
        demande = ordering.request_pack(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("dataouverture:index")
    messages.success(
        request,
        _("Demande %(ref)s transmise au service client.") % {"ref": demande.reference},
    )
    return redirect("support:detail", reference=demande.reference)


# File Exchange --------------------------------------------------------------------------------


def _folder_choices(user):
    from portal.documents.models import Folder
    from portal.documents.services import shared_root

    shared_root(user.organisation)
    folders = Folder.objects.filter(organisation_id=user.organisation_id, owner__isnull=True)
    return [(str(folder.public_id), folder.name) for folder in folders.order_by("name")]


def _exchange_page(request, *, form=None, tested="", status=200):
    target = selectors.exchange_target_for(request.user)
    if form is None:
        initial = {"nightly": True}
        if target:
            initial = {
                "kind": target.kind,
                "url": target.url,
                "bucket": target.bucket,
                "remote_folder": target.remote_folder,
                "username": target.username,
                "folders": target.folders,
                "nightly": target.nightly,
            }
        form = ExchangeTargetForm(initial=initial, folder_choices=_folder_choices(request.user))
    context = {
        **_pack_context(request.user),
        "target": target,
        "form": form,
        "tested": tested,
        "runs": selectors.exchange_runs_for(request.user),
    }
    return render(request, "dataouverture/exchange.html", context, status=status)


@client_admin_required
def exchange_view(request):
    if request.method != "POST":
        return _exchange_page(request)
    form = ExchangeTargetForm(request.POST, folder_choices=_folder_choices(request.user))
    if not form.is_valid():
        return _exchange_page(request, form=form, status=400)
    data = form.cleaned_data
    try:
        if request.POST.get("action") == "test":
            _test_only(request.user, data)
            return _exchange_page(request, form=form, tested=_("Connexion réussie."))
        exchange.save_target(actor=request.user, data=data)
    except DomainError as error:
        apply_domain_error(form, error)
        return _exchange_page(request, form=form, status=400)
    messages.success(request, _("Connexion testée et GED enregistrée."))
    return redirect("dataouverture:exchange")


def _test_only(user, data) -> None:
    from portal.core import crypto

    if not pack_status(user.organisation).held:
        raise DomainError(
            _("L'export vers une GED fait partie du pack Data Ouverture (article 17).")
        )
    target = selectors.exchange_target_for(user)
    secret = data["secret"] or (crypto.decrypt(target.secret_encrypted) if target else "")
    if not secret:
        raise DomainError(_("Indiquez le mot de passe ou la clé secrète."), field="secret")
    exchange.test_connection(
        kind=data["kind"],
        url=data["url"],
        username=data["username"],
        secret=secret,
        bucket=data["bucket"],
        remote_folder=data["remote_folder"],
    )


@require_POST
@client_admin_required
def exchange_run_now(request):
    target = selectors.exchange_target_for(request.user)
    if target is None:
        messages.error(request, _("Enregistrez d'abord la GED de destination."))
        return redirect("dataouverture:exchange")
    try:
        run = exchange.request_run(target=target, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("dataouverture:exchange")
    return redirect("dataouverture:exchange_run", public_id=run.public_id)


@client_admin_required
def exchange_run(request, public_id):
    run = selectors.get_exchange_run(request.user, public_id)
    return render(
        request,
        "dataouverture/exchange_run.html",
        {"run": run, "items": run.items.all()[:500]},
    )


# Connectors -----------------------------------------------------------------------------------


@client_admin_required
def connectors(request):
    context = {**_pack_context(request.user), "connectors": selectors.connectors_for(request.user)}
    return render(request, "dataouverture/connectors.html", context)


@require_POST
@client_admin_required
def request_connector(request, public_id):
    connector = selectors.get_connector(request.user, public_id)
    try:
        demande = ordering.request_connector(actor=request.user, connector=connector)
    except ordering.PackRequired as refusal:
        context = {
            **_pack_context(request.user),
            "connectors": selectors.connectors_for(request.user),
            "refusal": refusal.message,
            "refused": connector,
        }
        return render(request, "dataouverture/connectors.html", context, status=409)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("dataouverture:connectors")
    messages.success(
        request,
        _("Demande d'activation %(ref)s transmise au service client.") % {"ref": demande.reference},
    )
    return redirect("support:detail", reference=demande.reference)
