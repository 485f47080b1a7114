"""Micro-benchmark of the SLA clock (``make bench``).

The support queue recomputes the take-in-charge deadline (8 heures ouvrées on
Open, art. 12.2) of every open Demande, so ``add_business_time`` must run at
least 100,000 times per second on one core, and a long délai must not cost
more than twice a short one (no walking day by day).
"""

import random
import time
from datetime import datetime, timedelta

from support.business_time import PARIS, SUPPORT_CALENDARS

_STARTS = 2_000


def _starts(seed: int = 1234) -> list[datetime]:
    """Varied aware starts in 2024-2030: inside and outside hours, weekends, holidays."""
    rng = random.Random(seed)
    first = datetime(2024, 1, 1, tzinfo=PARIS).timestamp()
    last = datetime(2030, 12, 31, tzinfo=PARIS).timestamp()
    return [
        datetime.fromtimestamp(rng.randrange(int(first), int(last), 60), PARIS)
        for _ in range(_STARTS)
    ]


def _per_call(starts: list[datetime], duration: timedelta, budget: float) -> float:
    """Best seconds per call of ``add_business_time`` over repeated passes within ``budget``."""
    add = SUPPORT_CALENDARS["open"].add_business_time
    best = float("inf")
    deadline = time.perf_counter() + budget
    while True:
        began = time.perf_counter()
        for start in starts:
            add(start, duration)
        best = min(best, (time.perf_counter() - began) / len(starts))
        if time.perf_counter() >= deadline:
            return best


def run(seconds_budget: float = 3.0) -> dict[str, float]:
    """Measure calls per second (8 h délai) and the cost ratio of 1,000 h to 1 h."""
    starts = _starts()
    for hours in (1, 8, 1000):  # load the holiday tables outside the measure
        _per_call(starts, timedelta(hours=hours), 0)
    share = seconds_budget / 3
    eight = _per_call(starts, timedelta(hours=8), share)
    one = _per_call(starts, timedelta(hours=1), share)
    thousand = _per_call(starts, timedelta(hours=1000), share)
    return {
        "calls_per_second_8h": round(1 / eight),
        "microseconds_per_call_1h": round(one * 1e6, 2),
        "microseconds_per_call_8h": round(eight * 1e6, 2),
        "microseconds_per_call_1000h": round(thousand * 1e6, 2),
        "cost_ratio_1000h_to_1h": round(thousand / one, 2),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
