"""Pages of the subscriptions app: "Mon abonnement" and invoices for the client,
contract management for vendor staff. Thin: reads via selectors, writes via services."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.rights import Right
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import right_required, vendor_admin_required
from subscriptions import extension_orders, selectors, services
from subscriptions.forms import (
    AccessCodesForm,
    ContractFilterForm,
    ExtensionOrderForm,
    LinesChangeForm,
    NoticeForm,
    OrderForm,
)
from subscriptions.pdf import invoice_pdf

see_contract = right_required(Right.SEE_CONTRACT)


def invoice_readers(view):
    """Invoices: the client's people with the right, and vendor staff who issue them."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.has_right(Right.SEE_CONTRACT) or user.is_vendor_admin):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _money(amount) -> str:
    """1234.5 → "1 234,50", as French readers write amounts."""
    return formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


def _contract_context(contract, today):
    lines = list(selectors.contract_lines(contract, today))
    in_force = [line for line in lines if line.ordered_on <= today]
    return {
        "contract": contract,
        "today": today,
        "status_label": contract.status_label(today),
        "lines": lines,
        "quarterly_amount": selectors.quarterly_amount(in_force),
        "usage": selectors.usage(contract, today),
        "period_last_day": contract.current_period_last_day(today),
        "upcoming_notice": contract.upcoming_notice(today),
        "passed_notice": contract.passed_notice(today),
        "next_invoice_on": selectors.next_invoice_date(contract, today),
        "invoices": selectors.invoices_of(contract),
        "overages": selectors.overages_of(contract),
    }


# Client ---------------------------------------------------------------------------------------


@see_contract
def mine(request):
    contract = selectors.contract_for(request.user)
    today = timezone.localdate()
    context = _contract_context(contract, today)
    context["extension_form"] = ExtensionOrderForm(today=today)
    return render(request, "subscriptions/mine.html", context)


@require_POST
@see_contract
def order_extension(request):
    """ "Acheter une extension": the order is filed in one step (see extension_orders)."""
    today = timezone.localdate()
    form = ExtensionOrderForm(request.POST, today=today)
    if form.is_valid():
        try:
            demande = extension_orders.order_storage_extension(
                user=request.user, product_code=form.cleaned_data["product"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Votre commande est transmise au service client (demande %(reference)s).")
                % {"reference": demande.reference},
            )
            return redirect("support:detail", reference=demande.reference)
    context = _contract_context(selectors.contract_for(request.user), today)
    context["extension_form"] = form
    return render(request, "subscriptions/mine.html", context, status=400)


@invoice_readers
def invoice(request, public_id):
    invoice = selectors.get_invoice(request.user, public_id)
    return render(
        request, "subscriptions/invoice.html", {"invoice": invoice, "mentions": invoice.mentions}
    )


@invoice_readers
def invoice_download(request, public_id):
    invoice = selectors.get_invoice(request.user, public_id)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="facture-{invoice.number}.pdf"'
    return response


# Vendor staff ---------------------------------------------------------------------------------


@vendor_admin_required
def vendor_contracts(request):
    filters = ContractFilterForm(request.GET or None)
    search = filters.cleaned_data["q"] if filters.is_valid() else ""
    contracts = selectors.contracts_for_vendor(search)
    today = timezone.localdate()
    rows = [(contract, contract.status_label(today)) for contract in contracts]
    return render(
        request,
        "subscriptions/vendor_contracts.html",
        {"filters": filters, "rows": rows, "open_overages": selectors.open_overages().count()},
    )


@vendor_admin_required
def vendor_notice_deadlines(request):
    today = timezone.localdate()
    return render(
        request,
        "subscriptions/vendor_notice_deadlines.html",
        {"rows": selectors.notice_deadlines_within(today, 90), "today": today},
    )


def _vendor_contract_page(request, contract, **forms):
    today = timezone.localdate()
    context = _contract_context(contract, today)
    context.update(
        order_form=forms.get("order_form") or OrderForm(),
        access_form=forms.get("access_form") or AccessCodesForm(),
        notice_form=forms.get("notice_form") or NoticeForm(),
        lines_form=forms.get("lines_form") or LinesChangeForm(lines=_lines_in_force(contract)),
        notice_today=(
            services.notice_outcome(contract, today)
            if contract.access_codes_sent_on and not contract.ends_on
            else None
        ),
    )
    return render(request, "subscriptions/vendor_contract.html", context)


@vendor_admin_required
def vendor_contract(request, public_id):
    return _vendor_contract_page(request, selectors.get_contract_for_vendor(public_id))


def _vendor_form_action(request, public_id, form_class, form_name, action, success):
    contract = selectors.get_contract_for_vendor(public_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = action(contract, form)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect("subscriptions:vendor_contract", public_id=public_id)
    return _vendor_contract_page(request, contract, **{form_name: form})


@require_POST
@vendor_admin_required
def vendor_order(request, public_id):
    return _vendor_form_action(
        request,
        public_id,
        OrderForm,
        "order_form",
        lambda contract, form: services.order_lines(
            contract=contract, items=form.items(), actor=request.user
        ),
        _("La commande est enregistrée ; elle sera facturée à partir de la prochaine échéance."),
    )


@require_POST
@vendor_admin_required
def vendor_access_codes(request, public_id):
    return _vendor_form_action(
        request,
        public_id,
        AccessCodesForm,
        "access_form",
        lambda contract, form: services.set_access_codes_sent(
            contract=contract, sent_on=form.cleaned_data["sent_on"], actor=request.user
        ),
        _("La date de communication des codes d'accès est enregistrée."),
    )


@require_POST
@vendor_admin_required
def vendor_notice(request, public_id):
    return _vendor_form_action(
        request,
        public_id,
        NoticeForm,
        "notice_form",
        lambda contract, form: services.record_notice(
            contract=contract,
            party=form.cleaned_data["party"],
            received_on=form.cleaned_data["received_on"],
            actor=request.user,
        ),
        _notice_recorded,
    )


def _notice_recorded(contract) -> str:
    """Says which end date the notice takes, and why when it came too late (art. 15)."""
    outcome = services.notice_outcome(contract, contract.notice_received_on)
    last_day = formats.date_format(outcome["last_day"], "j F Y")
    if not outcome["late"]:
        return _(
            "Le non-renouvellement est enregistré : le contrat prend fin le %(day)s au soir."
        ) % {"day": last_day}
    return _(
        "Lettre reçue après la date limite du %(deadline)s : le contrat est reconduit, et le "
        "non-renouvellement est enregistré pour la période suivante. Le contrat prend fin le "
        "%(day)s au soir."
    ) % {"deadline": formats.date_format(outcome["missed_deadline"], "j F Y"), "day": last_day}


def _lines_in_force(contract):
    return selectors.active_lines(contract, timezone.localdate())


@require_POST
@vendor_admin_required
def vendor_change_lines(request, public_id):
    """End or reduce several lines together, validated as a whole (art. 17)."""
    contract = selectors.get_contract_for_vendor(public_id)
    form = LinesChangeForm(request.POST, lines=_lines_in_force(contract))
    if form.is_valid():
        try:
            services.change_lines(
                contract=contract, quantities=form.quantities(), actor=request.user
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Les lignes sont modifiées à compter d'aujourd'hui."))
            return redirect("subscriptions:vendor_contract", public_id=public_id)
    return _vendor_contract_page(request, contract, lines_form=form)


@require_POST
@vendor_admin_required
def vendor_end_line(request, public_id, line_id):
    contract = selectors.get_contract_for_vendor(public_id)
    line = selectors.get_line(contract, line_id)
    try:
        services.end_line(line=line, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("La ligne est arrêtée à compter d'aujourd'hui."))
    return redirect("subscriptions:vendor_contract", public_id=public_id)


@vendor_admin_required
def vendor_overages(request):
    return render(
        request, "subscriptions/vendor_overages.html", {"overages": selectors.open_overages()}
    )


@require_POST
@vendor_admin_required
def vendor_confirm_overage(request, public_id):
    overage = selectors.get_open_overage(public_id)
    try:
        overage = services.confirm_overage(overage=overage, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _(
                "Prix actualisé : %(before)s € HT → %(after)s € HT par trimestre, "
                "dès la prochaine facture."
            )
            % {
                "before": _money(overage.quarterly_before),
                "after": _money(overage.quarterly_after),
            },
        )
    return redirect("subscriptions:vendor_overages")
