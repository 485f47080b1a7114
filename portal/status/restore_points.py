"""Restore points of a client's environment (art. 9). Pure; no Django.

On request, an environment can be restored to its state at J-1 … J-7
(calendar days before today) or M-1, M-2 (one or two months before today,
same day of the month, clamped to the month's last day as every month
calculation of the portal is: see ``portal.core.dates.add_months``).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from portal.core.dates import add_months
from portal.status.rules import format_day_fr

DAILY_POINTS = 7  # art. 9: J-1 … J-7
MONTHLY_POINTS = 2  # art. 9: M-1, M-2


@dataclass(frozen=True)
class RestorePoint:
    code: str  # "J-1" … "J-7", "M-1", "M-2"
    target_date: date

    @property
    def label(self) -> str:
        """``J-1 — état du mardi 3 novembre 2026``."""
        return f"{self.code} — état du {format_day_fr(self.target_date)}"


def restore_points(today: date) -> list[RestorePoint]:
    """The restore points that exist on ``today``, most recent first."""
    daily = [RestorePoint(f"J-{n}", today - timedelta(days=n)) for n in range(1, DAILY_POINTS + 1)]
    monthly = [RestorePoint(f"M-{n}", add_months(today, -n)) for n in range(1, MONTHLY_POINTS + 1)]
    return daily + monthly


def find_restore_point(code: str, today: date) -> RestorePoint | None:
    """The restore point called ``code`` on ``today``, or None when it does not exist."""
    wanted = (code or "").strip().upper()
    return next((point for point in restore_points(today) if point.code == wanted), None)
