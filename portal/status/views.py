"""Pages of the service status: the Météo, availability reports, releases,
restoration (clients), and the vendor staff's announcements. Thin: reads
through ``selectors``, writes through ``services``."""

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.accounts.rights import Right
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import client_required, right_required, staff_required
from portal.status import selectors, services
from portal.status.availability import COMMITMENT
from portal.status.exports import availability_csv_rows
from portal.status.forms import (
    CloseIncidentForm,
    IncidentForm,
    MaintenanceForm,
    NoticePreferenceForm,
    ReleaseForm,
    RestorationForm,
    RestorationOutcomeForm,
)
from portal.status.restore_points import restore_points
from portal.status.rules import maintenance_windows


def _service_filter(request):
    """Vendor staff may narrow a report to one service (``?service=<id>``)."""
    if not request.user.is_vendor_staff or not request.GET.get("service"):
        return None, None
    try:
        service = selectors.get_service(request.user, request.GET["service"])
    except (Http404, ValidationError):  # unknown or malformed: the whole scope
        return None, None
    return service, [service.pk]


# --- Météo --------------------------------------------------------------------


@login_required
@require_GET
def weather(request):
    now = timezone.now()
    context = {
        "weather": selectors.weather(request.user, now=now),
        "windows": maintenance_windows(now, now + timedelta(days=7))[:4],
        "can_restore": request.user.has_right(Right.REQUEST_RESTORATION),
    }
    if request.htmx:
        return render(request, "status/fragment_weather.html", context)
    return render(request, "status/weather.html", context)


@login_required
@require_GET
def maintenance_detail(request, public_id):
    maintenance = selectors.get_maintenance(request.user, public_id)
    return render(
        request,
        "status/maintenance_detail.html",
        {"maintenance": maintenance, "now": timezone.now()},
    )


# --- Availability (art. 6) ----------------------------------------------------


@login_required
@require_GET
def availability_index(request):
    now = timezone.now()
    service, service_ids = _service_filter(request)
    context = {
        "reports": selectors.availability_overview(
            request.user, now=now, months=12, service_ids=service_ids
        ),
        "service": service,
        "commitment": COMMITMENT,
    }
    if request.user.is_vendor_staff:
        context["short_months"] = selectors.months_below_commitment(now=now)
        context["services"] = selectors.visible_services(request.user)
    return render(request, "status/availability_index.html", context)


@login_required
@require_GET
def availability_report(request, year, month):
    now = timezone.now()
    service, service_ids = _service_filter(request)
    report = selectors.availability_report(
        request.user, year, month, now=now, service_ids=service_ids
    )
    older, newer = selectors.adjacent_report_months(request.user, year, month, now=now)
    return render(
        request,
        "status/availability_report.html",
        {"report": report, "service": service, "newer": newer, "older": older},
    )


@login_required
@require_GET
def availability_csv(request, year, month):
    """The report as CSV for a French spreadsheet: ``;`` separated, decimal comma."""
    service, service_ids = _service_filter(request)
    report = selectors.availability_report(
        request.user, year, month, now=timezone.now(), service_ids=service_ids
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="disponibilite-{year:04d}-{month:02d}.csv"'
    )
    response.write("\ufeff")  # BOM: spreadsheets then read UTF-8
    csv.writer(response, delimiter=";").writerows(availability_csv_rows(report))
    return response


# --- Releases (art. 10) -------------------------------------------------------


@login_required
@require_GET
def releases(request):
    upcoming, available = selectors.releases_by_availability(request.user)
    return render(request, "status/releases.html", {"upcoming": upcoming, "available": available})


@login_required
@require_GET
def download(request, public_id):
    item = selectors.get_download(request.user, public_id)
    if item.url:
        return HttpResponseRedirect(item.url)
    return FileResponse(item.file.open("rb"), as_attachment=True)


# --- Restoration (art. 9) -----------------------------------------------------


@right_required(Right.REQUEST_RESTORATION)
def restoration(request):
    now = timezone.now()
    points = restore_points(timezone.localdate(now))
    form = RestorationForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            restoration_request = services.request_restoration(
                actor=request.user,
                restore_point=form.cleaned_data["restore_point"],
                comment=form.cleaned_data["comment"],
                now=now,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            message = _(
                "Demande de restauration enregistrée (%(point)s) : demande %(ref)s "
                "transmise au service client."
            ) % {
                "point": restoration_request.restore_point_label,
                "ref": restoration_request.demande_reference,
            }
            messages.success(request, message)
            return redirect("status:restoration")
    return render(
        request,
        "status/restoration.html",
        {
            "form": form,
            "points": points,
            "requests": selectors.restorations_for(request.user)[:20],
        },
    )


# --- Notices ------------------------------------------------------------------


@client_required
def notice_preferences(request):
    initial = {"receive_notices": selectors.receives_notices(request.user)}
    form = NoticePreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_notice_preference(
            user=request.user, receive_notices=form.cleaned_data["receive_notices"]
        )
        messages.success(request, _("Préférence enregistrée."))
        return redirect("status:notice_preferences")
    return render(request, "status/notice_preferences.html", {"form": form})


# --- Vendor staff -------------------------------------------------------------


@staff_required
@require_GET
def vendor_dashboard(request):
    now = timezone.now()
    user = request.user
    ids = list(selectors.visible_services(user).values_list("pk", flat=True))
    incidents = selectors.incidents_for(user, now=now, recent_only=True, service_ids=ids)
    return render(
        request,
        "status/vendor_dashboard.html",
        {
            "now": now,
            "maintenances": selectors.maintenances_for(
                user, now=now, scope="upcoming", service_ids=ids
            ),
            "incidents": incidents.select_related("organisation"),
            "releases": selectors.releases_for(user, service_ids=ids)[:10],
            "restorations": selectors.restorations_for(user)[:20],
            "short_months": selectors.months_below_commitment(now=now),
        },
    )


def _vendor_form(request, form, action, success_message, template, **context):
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except services.AnnouncementRefused as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success_message)
            return redirect("status:vendor_dashboard")
    return render(request, template, {"form": form, **context})


@staff_required
def maintenance_create(request):
    form = MaintenanceForm(request.POST or None)
    return _vendor_form(
        request,
        form,
        lambda data: services.announce_maintenance(actor=request.user, **data),
        _("Maintenance annoncée."),
        "status/maintenance_form.html",
    )


@staff_required
@require_POST
def maintenance_cancel(request, public_id):
    maintenance = selectors.get_maintenance(request.user, public_id)
    try:
        services.cancel_maintenance(actor=request.user, maintenance=maintenance)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Maintenance « %s » annulée.") % maintenance.title)
    return redirect("status:vendor_dashboard")


@staff_required
@require_POST
def restoration_outcome(request, public_id):
    """Vendor staff mark a restoration request done or cancelled (art. 9)."""
    restoration_request = selectors.get_restoration(request.user, public_id)
    form = RestorationOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez « effectuée » ou « annulée »."))
        return redirect("status:vendor_dashboard")
    try:
        services.record_restoration_outcome(
            actor=request.user,
            restoration=restoration_request,
            status=form.cleaned_data["status"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Restauration « %(point)s » de %(organisation)s : %(status)s.")
            % {
                "point": restoration_request.restore_point_label,
                "organisation": restoration_request.organisation.name,
                "status": restoration_request.get_status_display().lower(),
            },
        )
    return redirect("status:vendor_dashboard")


@staff_required
def incident_create(request):
    form = IncidentForm(request.POST or None)
    return _vendor_form(
        request,
        form,
        lambda data: services.record_incident(actor=request.user, **data),
        _("Incident enregistré."),
        "status/incident_form.html",
    )


@staff_required
def incident_close(request, public_id):
    incident = selectors.get_incident(request.user, public_id)
    form = CloseIncidentForm(request.POST or None, initial={"end": timezone.localtime()})
    return _vendor_form(
        request,
        form,
        lambda data: services.close_incident(actor=request.user, incident=incident, **data),
        _("Incident clos."),
        "status/incident_close.html",
        incident=incident,
    )


@staff_required
def release_create(request):
    form = ReleaseForm(request.POST or None, request.FILES or None)

    def publish(data):
        upload = data.pop("file", None)
        return services.publish_release(
            actor=request.user, files=[upload] if upload else [], **data
        )

    return _vendor_form(request, form, publish, _("Version publiée."), "status/release_form.html")
