"""Pages: the Météo, availability reports and CSV, releases, restoration,
notice preferences, and the vendor staff's forms (French errors)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.status.models import Incident, Maintenance, Release, RestorationRequest
from tests.status.conftest import paris
from tests.status.factories import (
    IncidentFactory,
    MaintenanceFactory,
    ReleaseDownloadFactory,
    ReleaseFactory,
    RestorationRequestFactory,
)

NOW = paris(2026, 11, 3, 10, 0)  # Tuesday


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def status_rows(service, other_service):
    MaintenanceFactory(
        services=[service],
        title="Maintenance de dimanche",
        start=paris(2026, 11, 8, 2),
        end=paris(2026, 11, 8, 6),
    )
    MaintenanceFactory(
        services=[service],
        kind=Maintenance.Kind.URGENT,
        title="Correctif de sécurité",
        start=NOW - timedelta(minutes=30),
        end=NOW + timedelta(hours=1),
    )
    IncidentFactory(
        services=[service],
        title="Lenteurs à la connexion",
        start=paris(2026, 11, 2, 9),
        end=paris(2026, 11, 2, 10, 30),
    )
    IncidentFactory(services=[other_service], title="Panne chez le concurrent", end=None)


# --- Météo --------------------------------------------------------------------


def test_weather_shows_the_client_its_services_in_paris_time(login, client_user, status_rows):
    page = login(client_user).get(reverse("status:weather")).content.decode()
    assert "Cegid Expert — production" in page
    assert "Maintenance en cours" in page
    assert "Maintenance de dimanche" in page
    assert "Du dimanche 8 novembre 2026 à 02:00 au dimanche 8 novembre 2026 à 06:00" in page
    assert "Lenteurs à la connexion" in page
    assert "02/11/2026 09:00" in page
    assert "Service du concurrent" not in page
    assert "Panne chez le concurrent" not in page


def test_dates_on_pages_say_1er_on_the_first_of_the_month(login, client_user, service):
    # Sunday 1 November 2026 is All Saints' Day: a whole-day window.
    maintenance = MaintenanceFactory(
        services=[service],
        title="Maintenance de la Toussaint",
        start=paris(2026, 11, 1, 2),
        end=paris(2026, 11, 1, 6),
    )
    client = login(client_user)
    url = reverse("status:maintenance_detail", args=[maintenance.public_id])
    page = client.get(url).content.decode()
    assert "dimanche 1er novembre 2026 à 02:00" in page
    assert "dimanche 1 novembre" not in page


def test_weather_works_as_an_htmx_fragment(login, client_user, status_rows):
    response = login(client_user).get(reverse("status:weather"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="meteo"' in page


def test_weather_runs_a_bounded_number_of_queries(
    login, client_user, service, django_assert_max_num_queries
):
    for n in range(10):
        MaintenanceFactory(services=[service], start=NOW + timedelta(days=3 + n))
        IncidentFactory(services=[service], start=NOW - timedelta(days=n + 1))
    client = login(client_user)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("status:weather")).status_code == 200


def test_vendor_staff_see_every_service(login, agent, status_rows):
    page = login(agent).get(reverse("status:weather")).content.decode()
    assert "Service du concurrent" in page
    assert "Panne chez le concurrent" in page


def test_a_maintenance_of_another_organisation_is_404(login, outsider, status_rows):
    maintenance = Maintenance.objects.get(title="Maintenance de dimanche")
    url = reverse("status:maintenance_detail", args=[maintenance.public_id])
    assert login(outsider).get(url).status_code == 404


# --- Availability -------------------------------------------------------------


@pytest.fixture
def october(service):
    # October 2026: 22 PRT days (no holiday), 286 h.
    IncidentFactory(
        services=[service],
        title="Panne base",
        start=paris(2026, 10, 6, 10),
        end=paris(2026, 10, 6, 14),
    )
    IncidentFactory(
        services=[service],
        title="Intervention urgente",
        cause=Incident.Cause.URGENT_MAINTENANCE,
        start=paris(2026, 10, 7, 10),
        end=paris(2026, 10, 7, 11),
    )
    IncidentFactory(
        services=[service],
        title="Réseau du client",
        cause=Incident.Cause.OUTSIDE_PERIMETER,
        start=paris(2026, 10, 8, 10),
        end=paris(2026, 10, 8, 11),
    )


def test_the_report_shows_td_exclusions_and_the_urgent_what_if(login, client_admin, october):
    url = reverse("status:availability_report", args=[2026, 10])
    page = login(client_admin).get(url).content.decode()
    assert "Rapport de disponibilité — octobre 2026" in page
    assert "286,00 h" in page  # PRT
    assert "4,00 h" in page  # counted TI
    assert "98,60 %" in page  # (286 - 4) / 286
    assert "Non tenu" in page
    assert "98,25 %" in page  # with the urgent hour: (286 - 5) / 286
    assert "(ii) Maintenance d&#x27;urgence" in page
    assert "(v) Système hors du périmètre du service" in page
    assert "← Septembre 2026" in page
    assert "Novembre 2026 →" in page


def test_the_csv_export(login, client_admin, october):
    url = reverse("status:availability_csv", args=[2026, 10])
    response = login(client_admin).get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "disponibilite-2026-10.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Mois"
    assert rows[1] == ["2026-10", "286,00", "4,00", "98,60", "99,00", "non", "98,25"]
    periods = rows[4:]
    assert [row[2] for row in periods] == [
        "Indisponibilité décomptée",
        "(ii) Maintenance d'urgence",
        "(v) Système hors du périmètre du service",
    ]
    assert periods[0][:2] == ["06/10/2026 10:00", "06/10/2026 14:00"]
    assert periods[0][4] == "4,00"


def test_the_csv_never_starts_a_formula(login, client_admin, service):
    IncidentFactory(
        services=[service], title="=HYPERLINK(1)", start=paris(2026, 10, 6, 10), end=None
    )
    response = login(client_admin).get(reverse("status:availability_csv", args=[2026, 10]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[4][6] == "'=HYPERLINK(1)"
    assert rows[4][1] == "en cours"


def test_an_outsider_never_sees_our_outages_in_its_report_or_csv(login, outsider, service, october):
    client = login(outsider)
    # A client's ?service= is ignored: its scope stays its own services.
    query = f"?service={service.public_id}"
    page = client.get(reverse("status:availability_report", args=[2026, 10]) + query)
    assert page.status_code == 200
    assert "Panne base" not in page.content.decode()
    csv_page = client.get(reverse("status:availability_csv", args=[2026, 10]) + query)
    assert "Panne base" not in csv_page.content.decode("utf-8-sig")
    assert ";0,00;100,00;" in csv_page.content.decode("utf-8-sig")


def test_report_pages_link_the_adjacent_months_within_the_contract(client_admin):
    from portal.status.selectors import adjacent_report_months

    # The organisation's support started on 2 January 2025; today is 3 November 2026.
    assert adjacent_report_months(client_admin, 2025, 1, now=NOW) == (None, (2025, 2))
    assert adjacent_report_months(client_admin, 2026, 11, now=NOW) == ((2026, 10), None)
    assert adjacent_report_months(client_admin, 2024, 12, now=NOW) == (None, None)


def test_clients_see_months_since_their_contract_only(login, client_admin):
    client = login(client_admin)
    assert client.get(reverse("status:availability_report", args=[2025, 1])).status_code == 200
    assert client.get(reverse("status:availability_report", args=[2024, 12])).status_code == 404
    assert client.get(reverse("status:availability_report", args=[2026, 12])).status_code == 404


def test_vendor_staff_see_every_month_and_the_months_under_99(login, vendor_admin, october):
    client = login(vendor_admin)
    assert client.get(reverse("status:availability_report", args=[2021, 3])).status_code == 200
    page = client.get(reverse("status:availability_index")).content.decode()
    assert "Mois sous l'engagement de 99 %" in page
    assert "Octobre 2026" in page
    assert "Cegid Expert — production" in page
    dashboard = client.get(reverse("status:vendor_dashboard")).content.decode()
    assert "98,60 %" in dashboard


# --- Releases -----------------------------------------------------------------


def test_releases_show_notes_downloads_and_implementation_services(
    login, client_user, service, other_service
):
    release = ReleaseFactory(
        services=[service],
        version="2027.1",
        title="Nouvelle TVA",
        notes="Nouveaux taux.",
        needs_implementation_services=True,
        implementation_notes="Formation d'une demi-journée.",
    )
    download = ReleaseDownloadFactory(release=release, label="Guide de migration")
    ReleaseFactory(services=[other_service], version="9.9")
    client = login(client_user)
    page = client.get(reverse("status:releases")).content.decode()
    assert "2027.1 — Nouvelle TVA" in page
    assert "nécessite des prestations de mise en œuvre" in page
    assert "Formation d&#x27;une demi-journée." in page
    assert "Guide de migration" in page
    assert "9.9" not in page
    response = client.get(reverse("status:download", args=[download.public_id]))
    assert response.status_code == 302
    assert response["Location"] == download.url


def test_vendor_publishes_a_release_with_a_file(
    login, vendor_admin, client_user, service, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = login(vendor_admin).post(
        reverse("status:release_create"),
        {
            "kind": "patch",
            "services": [service.pk],
            "version": "2026.3.1",
            "title": "Correctif export FEC",
            "release_date": "2026-11-03",
            "links": "Notes | https://exemple.test/notes.pdf",
            "file": SimpleUploadedFile("correctif.pdf", b"%PDF-1.4 correctif"),
        },
    )
    assert response.status_code == 302
    release = Release.objects.get()
    assert sorted(d.label for d in release.downloads.all()) == ["Notes", "correctif.pdf"]
    file_download = release.downloads.get(label="correctif.pdf")
    client = login(client_user)
    response = client.get(reverse("status:download", args=[file_download.public_id]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 correctif"


# --- Vendor forms ---------------------------------------------------------------


def test_the_maintenance_form_shows_every_reason_in_french(login, agent, service):
    response = login(agent).post(
        reverse("status:maintenance_create"),
        {
            "kind": "planned",
            "services": [service.pk],
            "title": "Montée de version",
            "start": "2026-11-04T06:00",
            "end": "2026-11-04T09:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "au moins 48 heures à l&#x27;avance" in page
    assert "de 07:00 à 09:00" in page
    assert not Maintenance.objects.exists()


def test_the_maintenance_form_announces_next_sunday(login, agent, service):
    response = login(agent).post(
        reverse("status:maintenance_create"),
        {
            "kind": "planned",
            "services": [service.pk],
            "title": "Montée de version",
            "start": "2026-11-08T02:00",
            "end": "2026-11-08T06:00",
        },
    )
    assert response.status_code == 302
    maintenance = Maintenance.objects.get()
    assert maintenance.start == paris(2026, 11, 8, 2)


def test_the_incident_form_refuses_an_end_before_the_start(login, agent, service):
    response = login(agent).post(
        reverse("status:incident_create"),
        {
            "title": "Panne",
            "environment": "production",
            "cause": "counted",
            "services": [service.pk],
            "start": "2026-11-03T09:00",
            "end": "2026-11-03T08:00",
        },
    )
    assert (
        "La fin de l&#x27;incident doit être postérieure à son début." in response.content.decode()
    )
    assert not Incident.objects.exists()


def test_closing_an_incident(login, agent, service):
    incident = IncidentFactory(services=[service], start=paris(2026, 11, 3, 9), end=None)
    url = reverse("status:incident_close", args=[incident.public_id])
    assert login(agent).post(url, {"end": "2026-11-03T09:45"}).status_code == 302
    incident.refresh_from_db()
    assert incident.end == paris(2026, 11, 3, 9, 45)


# --- Restoration and notices ----------------------------------------------------


def test_an_administrator_picks_a_restore_point_and_confirms(login, client_admin):
    client = login(client_admin)
    page = client.get(reverse("status:restoration")).content.decode()
    assert "J-1 — état du lundi 2 novembre 2026" in page
    assert "M-2 — état du jeudi 3 septembre 2026" in page
    response = client.post(reverse("status:restoration"), {"restore_point": "J-2"})
    assert "Cochez la case pour confirmer" in response.content.decode()
    assert not RestorationRequest.objects.exists()
    response = client.post(
        reverse("status:restoration"), {"restore_point": "J-2", "confirm": "on"}, follow=True
    )
    assert "Demande de restauration enregistrée" in response.content.decode()
    assert RestorationRequest.objects.get().target_date.isoformat() == "2026-11-01"


def test_a_restore_point_that_does_not_exist_is_refused_on_the_page(login, client_admin):
    response = login(client_admin).post(
        reverse("status:restoration"), {"restore_point": "J-9", "confirm": "on"}
    )
    assert "Ce point de restauration n&#x27;existe pas" in response.content.decode()
    assert not RestorationRequest.objects.exists()


def test_vendor_staff_mark_a_restoration_done_from_the_dashboard(login, agent, client_admin):
    restoration = RestorationRequestFactory(
        organisation=client_admin.organisation, requested_by=client_admin
    )
    client = login(agent)
    page = client.get(reverse("status:vendor_dashboard")).content.decode()
    url = reverse("status:restoration_outcome", args=[restoration.public_id])
    assert url in page
    response = client.post(url, {"status": "done"}, follow=True)
    assert "Restauration « J-1" in response.content.decode()
    restoration.refresh_from_db()
    assert restoration.status == RestorationRequest.Status.DONE
    assert url not in response.content.decode()  # no button once it is done
    again = client.post(url, {"status": "cancelled"}, follow=True).content.decode()
    assert "déjà effectuée ou annulée" in again
    restoration.refresh_from_db()
    assert restoration.status == RestorationRequest.Status.DONE


def test_a_client_cannot_mark_its_restoration_done(login, client_admin):
    restoration = RestorationRequestFactory(organisation=client_admin.organisation)
    url = reverse("status:restoration_outcome", args=[restoration.public_id])
    assert login(client_admin).post(url, {"status": "done"}).status_code == 403
    restoration.refresh_from_db()
    assert restoration.status == RestorationRequest.Status.FILED


def test_a_user_opts_out_of_notices(login, client_user):
    client = login(client_user)
    assert client.post(reverse("status:notice_preferences"), {}).status_code == 302
    page = client.get(reverse("status:notice_preferences")).content.decode()
    assert "checked" not in page
    client_user.status_notice_preference.refresh_from_db()
    assert client_user.status_notice_preference.receive_notices is False


def test_reports_and_vendor_pages_run_a_bounded_number_of_queries(
    login, client_admin, vendor_admin, service, other_service, django_assert_max_num_queries
):
    for n in range(12):
        start = paris(2026, 10, 1, 9) - timedelta(days=25 * n)
        IncidentFactory(
            services=[service, other_service], start=start, end=start + timedelta(hours=5)
        )
        MaintenanceFactory(services=[service], start=NOW + timedelta(days=n + 3))
        ReleaseDownloadFactory(release=ReleaseFactory(services=[service]))
    admin = login(client_admin)
    # Session, user and middleware queries included; none grows with the rows.
    with django_assert_max_num_queries(18):
        assert admin.get(reverse("status:availability_index")).status_code == 200
    with django_assert_max_num_queries(18):
        assert admin.get(reverse("status:availability_report", args=[2026, 10])).status_code == 200
    with django_assert_max_num_queries(18):
        assert admin.get(reverse("status:releases")).status_code == 200
    vendor = login(vendor_admin)
    with django_assert_max_num_queries(22):
        assert vendor.get(reverse("status:vendor_dashboard")).status_code == 200
    with django_assert_max_num_queries(22):
        assert vendor.get(reverse("status:availability_index")).status_code == 200
    for path in ("/api/v1/maintenances/", "/api/v1/incidents/", "/api/v1/releases/"):
        # 13: the API too checks whether the organisation requires MFA (issue 14).
        with django_assert_max_num_queries(13):
            assert admin.get(path).status_code == 200


def test_the_home_card_summarises_the_weather(login, client_user, client_admin, status_rows):
    page = login(client_user).get(reverse("home")).content.decode()
    assert "Maintenance en cours" in page
    assert "Prochaine maintenance : dimanche 8 novembre à 02:00." in page
    restoration = reverse("status:restoration")
    assert restoration not in page  # a user without the right gets no link
    assert restoration in login(client_admin).get(reverse("home")).content.decode()


def test_vendor_staff_cancel_a_maintenance_from_the_dashboard(login, agent, status_rows):
    maintenance = Maintenance.objects.get(title="Maintenance de dimanche")
    client = login(agent)
    dashboard = client.get(reverse("status:vendor_dashboard")).content.decode()
    assert reverse("status:maintenance_cancel", args=[maintenance.public_id]) in dashboard
    response = client.post(
        reverse("status:maintenance_cancel", args=[maintenance.public_id]), follow=True
    )
    assert "Maintenance « Maintenance de dimanche » annulée." in response.content.decode()
    assert "Maintenance de dimanche" not in client.get(reverse("status:weather")).content.decode()
    again = client.post(
        reverse("status:maintenance_cancel", args=[maintenance.public_id]), follow=True
    )
    assert "déjà annulée ou terminée" in again.content.decode()
