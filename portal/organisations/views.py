from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.accounts.models import Role
from portal.accounts.selectors import members_of
from portal.accounts.services import invite_user
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import client_admin_required, client_required, vendor_admin_required
from portal.organisations import services
from portal.organisations.forms import (
    AdminInviteForm,
    DossierForm,
    OrganisationCreateForm,
    SecurityForm,
)
from portal.organisations.formulas import Formula
from portal.organisations.models import Organisation
from portal.organisations.selectors import organisations_overview


@vendor_admin_required
def vendor_list(request):
    query = request.GET.get("q", "").strip()
    formula = request.GET.get("formula", "")
    organisations = organisations_overview(
        query=query, formula=formula if formula in Formula.values else ""
    )
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/vendor_list.html",
        {"page": page, "query": query, "formula": formula, "formulas": Formula.choices},
    )


@vendor_admin_required
def vendor_create(request):
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            organisation, admin = services.create_organisation(actor=request.user, **data)
        except DomainError as error:
            if error.field == "email":
                error.field = "admin_email"
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Organisation « %(org)s » créée ; invitation envoyée à %(email)s.")
                % {"org": organisation.name, "email": admin.email},
            )
            return redirect("organisations:vendor_detail", public_id=organisation.public_id)
    return render(request, "organisations/vendor_create.html", {"form": form})


@vendor_admin_required
def vendor_detail(request, public_id):
    """An organisation seen by the vendor; the vendor may add an administrator (art. 11)."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("contract"), public_id=public_id
    )
    form = AdminInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            admin = invite_user(
                actor=request.user,
                organisation=organisation,
                role=Role.CLIENT_ADMIN,
                **form.cleaned_data,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Invitation d'administrateur envoyée à %(email)s.") % {"email": admin.email},
            )
            return redirect("organisations:vendor_detail", public_id=organisation.public_id)
    return render(
        request,
        "organisations/vendor_detail.html",
        {
            "organisation": organisation,
            "members": members_of(organisation),
            "dossiers": organisation.dossiers.all(),
            "form": form,
        },
    )


@client_admin_required
def security(request):
    organisation = request.user.organisation
    form = SecurityForm(request.POST or None, initial={"mfa_required": organisation.mfa_required})
    if request.method == "POST" and form.is_valid():
        services.set_mfa_required(
            actor=request.user,
            organisation=organisation,
            required=form.cleaned_data["mfa_required"],
        )
        messages.success(request, _("Règle de sécurité enregistrée."))
        return redirect("organisations:security")
    return render(request, "organisations/security.html", {"form": form})


@client_required
def dossiers(request):
    organisation = request.user.organisation
    form = DossierForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_client_admin:
            messages.error(request, _("Seul un administrateur peut créer un dossier client."))
            return redirect("organisations:dossiers")
        if form.is_valid():
            try:
                services.create_dossier(
                    actor=request.user, organisation=organisation, **form.cleaned_data
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("Dossier client créé."))
                return redirect("organisations:dossiers")
    return render(
        request,
        "organisations/dossiers.html",
        {"form": form, "dossiers": organisation.dossiers.all(), "organisation": organisation},
    )
