"""Pages of the production service's accounts (art. 11). Thin: reads through
``selectors``, writes through ``services``."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.errors import DomainError, IllegalStateChange
from portal.core.forms import apply_domain_error
from portal.core.permissions import client_admin_required, staff_required
from portal.serviceaccounts import selectors, services
from portal.serviceaccounts.forms import AccountRequestForm, CarryOutForm, InstructionForm


@client_admin_required
def index(request):
    """The organisation's inventory and the form to ask for a new account."""
    form = AccountRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                instruction = services.request_account(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("Création du compte « %(login)s » demandée : demande %(ref)s.")
                    % {"login": instruction.account.login, "ref": instruction.demande.reference},
                )
                return redirect("serviceaccounts:index")
        status = 400
    return render(
        request,
        "serviceaccounts/index.html",
        {"form": form, "accounts": selectors.accounts_for(request.user)},
        status=status,
    )


@client_admin_required
def account_detail(request, public_id):
    account = selectors.get_account(request.user, public_id)
    return render(
        request,
        "serviceaccounts/account.html",
        {"account": account, "form": InstructionForm()},
    )


@client_admin_required
@require_POST
def instruct(request, public_id):
    account = selectors.get_account(request.user, public_id)
    form = InstructionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une instruction."))
        return redirect("serviceaccounts:account", public_id=account.public_id)
    try:
        instruction = services.submit_instruction(
            actor=request.user, account=account, **form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Instruction transmise : demande %(ref)s.") % {"ref": instruction.demande.reference},
        )
    return redirect("serviceaccounts:account", public_id=account.public_id)


@client_admin_required
def password(request, token):
    """The one-time page of an initial password: a button reveals it and erases it."""
    try:
        if request.method == "POST":
            instruction, secret = services.reveal_password(user=request.user, token=token)
        else:
            instruction = services.find_password_instruction(user=request.user, token=token)
            secret = None
    except IllegalStateChange as error:
        return render(
            request, "serviceaccounts/password_gone.html", {"reason": error.message}, status=410
        )
    response = render(
        request,
        "serviceaccounts/password.html",
        {"instruction": instruction, "account": instruction.account, "secret": secret},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def queue(request):
    return render(
        request,
        "serviceaccounts/queue.html",
        {
            "pending": selectors.pending_instructions(),
            "done": selectors.recent_done_instructions(),
        },
    )


@staff_required
def carry_out(request, public_id):
    instruction = selectors.get_instruction_for_staff(request.user, public_id)
    form = CarryOutForm(request.POST or None, instruction=instruction)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.carry_out(actor=request.user, instruction=instruction, **form.cleaned_data)
            except IllegalStateChange as error:
                form.add_error(None, str(error.message))
                status = 409
            except DomainError as error:
                apply_domain_error(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Instruction effectuée sur le compte « %(login)s ».")
                    % {"login": instruction.account.login},
                )
                return redirect("serviceaccounts:queue")
        else:
            status = 400
    return render(
        request,
        "serviceaccounts/carry_out.html",
        {"form": form, "instruction": instruction},
        status=status,
    )
