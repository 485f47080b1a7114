"""The monthly availability report (art. 6): PRT, counted TI, TD, exclusions and
what TD would be if urgent maintenance counted."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.status.availability import (
    CLIENT_EQUIPMENT,
    COUNTED,
    FORCE_MAJEURE,
    MAINTENANCE_WINDOW,
    OTHER_ENVIRONMENT,
    URGENT_MAINTENANCE,
    Period,
    month_report,
    months_between,
    two_decimals_down,
)
from portal.status.templatetags.status import percent

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=PARIS)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


# November 2026: 21 weekdays, Wednesday 11 November is a holiday → 20 PRT days, 260 h.
NOVEMBER = [
    Period(paris(2026, 11, 3, 10), paris(2026, 11, 3, 12), COUNTED, "Panne base de données"),
    # Overlaps the previous one for 30 min: counts once.
    Period(paris(2026, 11, 3, 11, 30), paris(2026, 11, 3, 12), COUNTED, "Lenteurs"),
    Period(paris(2026, 11, 4, 10), paris(2026, 11, 4, 12), URGENT_MAINTENANCE, "Faille corrigée"),
    Period(paris(2026, 11, 5, 9), paris(2026, 11, 5, 10), FORCE_MAJEURE, "Inondation"),
    Period(paris(2026, 11, 6, 9), paris(2026, 11, 6, 10), CLIENT_EQUIPMENT, "Poste client"),
    Period(paris(2026, 11, 8, 2), paris(2026, 11, 8, 6), MAINTENANCE_WINDOW, "Maintenance"),
    Period(paris(2026, 11, 9, 9), paris(2026, 11, 9, 17), OTHER_ENVIRONMENT, "Recette"),
    # Another month: left out.
    Period(paris(2026, 10, 6, 9), paris(2026, 10, 6, 17), COUNTED, "Octobre"),
]


def test_it_counts_only_counted_production_time_inside_prt():
    report = month_report(2026, 11, NOVEMBER, now=NOW)
    assert report.prt == timedelta(hours=260)
    assert report.counted_ti == timedelta(hours=2)
    assert report.td == pytest.approx(258 / 260 * 100)
    assert percent(report.td) == "99,23"
    assert report.meets_commitment


def test_it_lists_excluded_periods_with_their_category():
    report = month_report(2026, 11, NOVEMBER, now=NOW)
    assert [line.period.label for line in report.counted] == ["Panne base de données", "Lenteurs"]
    assert [(line.period.label, line.category_label) for line in report.excluded] == [
        ("Faille corrigée", "(ii) Maintenance d'urgence"),
        ("Inondation", "(iii) Force majeure"),
        ("Poste client", "(iv) Équipement fourni par le client"),
        ("Maintenance", "(i) Maintenance planifiée dans la fenêtre de maintenance"),
        ("Recette", "Environnement hors production"),
    ]
    # The planned maintenance lies in the window, which never meets PRT.
    assert report.excluded[3].in_prt == timedelta(0)


def test_it_shows_what_td_would_be_if_urgent_maintenance_counted():
    report = month_report(2026, 11, NOVEMBER, now=NOW)
    assert report.td_with_urgent == pytest.approx(256 / 260 * 100)
    assert percent(report.td_with_urgent) == "98,46"


def test_a_month_under_99_percent_breaks_the_commitment():
    outage = Period(paris(2026, 11, 10, 9), paris(2026, 11, 10, 12), COUNTED)
    report = month_report(2026, 11, [outage], now=NOW)
    assert report.counted_ti == timedelta(hours=3)
    assert not report.meets_commitment
    assert percent(report.td) == "98,84"


def test_td_is_shown_rounded_down_never_up_to_the_commitment():
    assert percent(98.9999) == "98,99"
    assert percent(99.0) == "99,00"
    assert percent(100.0) == "100,00"


def test_an_ongoing_incident_counts_until_now():
    ongoing = Period(paris(2026, 12, 4, 19), None, COUNTED)
    report = month_report(2026, 12, [ongoing], now=paris(2026, 12, 7, 8))
    # Friday 19:00–20:00, then Monday 07:00–08:00.
    assert report.counted_ti == timedelta(hours=2)


def test_an_outage_spanning_two_months_counts_its_part_in_each():
    outage = Period(paris(2026, 9, 30, 19), paris(2026, 10, 1, 8), COUNTED)
    assert month_report(2026, 9, [outage], now=NOW).counted_ti == timedelta(hours=1)
    assert month_report(2026, 10, [outage], now=NOW).counted_ti == timedelta(hours=1)


def test_months_between():
    assert months_between(paris(2025, 11, 20).date(), paris(2026, 2, 1).date()) == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]


def test_pages_csv_and_api_round_td_down_the_same_way():
    assert two_decimals_down(98.996) == 98.99
    assert two_decimals_down(99.0) == 99.0
    assert two_decimals_down(100.0) == 100.0
    assert percent(98.996) == "98,99"


def test_the_report_is_as_of_now_maintenance_to_come_is_not_counted_yet():
    now = paris(2026, 11, 10, 12)
    urgent_tomorrow = Period(paris(2026, 11, 11, 9), paris(2026, 11, 11, 10), URGENT_MAINTENANCE)
    urgent_now = Period(paris(2026, 11, 10, 11), paris(2026, 11, 10, 14), URGENT_MAINTENANCE)
    sunday = Period(paris(2026, 11, 15, 2), paris(2026, 11, 15, 6), MAINTENANCE_WINDOW)
    report = month_report(2026, 11, [urgent_tomorrow, urgent_now, sunday], now=now)
    assert [line.period for line in report.excluded] == [urgent_now]
    assert report.excluded[0].in_prt == timedelta(hours=1)  # 11:00–12:00 so far
    prt = report.prt.total_seconds()
    assert report.td_with_urgent == pytest.approx((prt - 3600) / prt * 100)
