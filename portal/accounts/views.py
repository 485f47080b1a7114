"""Client administrators' pages on their users (art. 11), the invitation link,
and each person's own profile."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from portal.accounts import selectors, services
from portal.accounts.forms import (
    AcceptInvitationForm,
    AccessForm,
    InviteForm,
    MemberFilterForm,
    ProfileForm,
)
from portal.accounts.rights import Right
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import right_required

manage_users = right_required(Right.MANAGE_USERS)


@manage_users
def team(request):
    filters = MemberFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    members = selectors.members_of(
        request.user.organisation,
        query=data.get("q", ""),
        role=data.get("role", ""),
        status=data.get("status", ""),
    )
    page = Paginator(members, 25).get_page(request.GET.get("page"))
    template = "accounts/fragment_member_table.html" if request.htmx else "accounts/team.html"
    return render(request, template, {"filters": filters, "page": page})


@manage_users
def invite(request):
    form = InviteForm(request.POST or None, actor=request.user)
    overage = selectors.overage_if_invited(request.user.organisation, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        if overage is not None and not request.POST.get("accept_overage"):
            # art. 14: warn with the figures before sending; a second submit confirms.
            return render(
                request,
                "accounts/invite.html",
                {"form": form, "overage": overage, "confirm_overage": True},
            )
        try:
            user = services.invite_user(
                actor=request.user, organisation=request.user.organisation, **form.cleaned_data
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": user.email})
            return redirect("accounts:team")
    return render(request, "accounts/invite.html", {"form": form, "overage": overage})


@manage_users
def member(request, public_id):
    member = selectors.get_member(request.user, public_id)
    form = AccessForm(request.POST or None, initial={"role": member.role, "rights": member.rights})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_access(actor=request.user, user=member, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request, _("Les droits de %(name)s ont été enregistrés.") % {"name": member}
            )
            return redirect("accounts:member", public_id=member.public_id)
    return render(request, "accounts/member.html", {"member": member, "form": form})


def _member_action(request, public_id, action, success):
    member = selectors.get_member(request.user, public_id)
    try:
        action(actor=request.user, user=member)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success % {"name": member})
    if request.htmx:
        return render(
            request,
            "accounts/fragment_member_row.html",
            {"member": selectors.get_member(request.user, public_id)},
        )
    return redirect("accounts:member", public_id=public_id)


@manage_users
def deactivate(request, public_id):
    """GET asks for confirmation (what the person loses, at once); POST deactivates."""
    if request.method != "POST":
        member = selectors.get_member(request.user, public_id)
        return render(request, "accounts/deactivate.html", {"member": member})
    return _member_action(
        request,
        public_id,
        services.deactivate_user,
        _("Le compte de %(name)s est désactivé ; ses sessions sont fermées."),
    )


@require_POST
@manage_users
def reactivate(request, public_id):
    return _member_action(
        request, public_id, services.reactivate_user, _("Le compte de %(name)s est réactivé.")
    )


@require_POST
@manage_users
def resend(request, public_id):
    return _member_action(
        request,
        public_id,
        services.resend_invitation,
        _("Une nouvelle invitation a été envoyée à %(name)s."),
    )


@manage_users
def delete(request, public_id):
    member = selectors.get_member(request.user, public_id)
    if request.method == "POST":
        try:
            services.delete_user(actor=request.user, user=member)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("accounts:member", public_id=public_id)
        messages.success(request, _("Le compte de %(name)s a été supprimé.") % {"name": member})
        return redirect("accounts:team")
    return render(request, "accounts/delete.html", {"member": member})


def accept_invitation(request, token):
    """The one-time link from the invitation e-mail: choose a password, get in."""
    try:
        invitation = services.find_invitation(token)
    except DomainError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": error.message}, status=410
        )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token=token, password=form.cleaned_data["password1"])
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login(request, user, backend="portal.accounts.backends.PortalModelBackend")
            messages.success(request, _("Bienvenue ! Votre compte est activé."))
            return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invited": invitation.user}
    )


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:profile")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile.html", {"form": form, "token": token})


@require_POST
@login_required
def api_token(request):
    if request.POST.get("action") == "revoke":
        services.revoke_api_token(user=request.user)
        messages.success(request, _("Votre jeton d'API est révoqué."))
        return redirect("accounts:profile")
    token = services.create_api_token(user=request.user)
    messages.success(request, _("Nouveau jeton d'API créé. Copiez-le maintenant."))
    return render(request, "accounts/api_token_created.html", {"token": token})
