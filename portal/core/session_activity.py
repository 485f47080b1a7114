"""Session activity recorded at most every few minutes (issue 11: cheaper requests).

allauth's ``UserSessionsMiddleware`` writes the session's ``last_seen_at`` on
every request: a transaction, a second read of the user and an UPDATE on
pages that only read (on SQLite, the write lock on every page view). This
middleware takes its place and records the activity of a session once per
``INTERVAL``, remembered in the cache; the sessions list ("Mes sessions") is
then accurate to within a few minutes.

Each process also remembers which sessions it has marked, so that a session's
next requests within the interval skip the cache's round trip altogether: the
shared cache still decides, across processes and machines, who records.
"""

import time

from allauth.usersessions.internal.usersessionkit import track_activity
from django.core.cache import cache

#: Seconds between two records of the same session's activity.
INTERVAL = 300
#: Sessions a process remembers before it starts afresh (a bound on memory).
MEMORY = 10_000


class ThrottledUserSessionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.marked: dict[str, float] = {}

    def __call__(self, request):
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        # add() is true only for the interval's first request (and when the cache fails open).
        if key and self._due(key) and cache.add(f"usersession-seen:{key}", True, INTERVAL):
            track_activity(request, user=getattr(request, "user", None), session=session)
        return self.get_response(request)

    def _due(self, key: str) -> bool:
        now = time.time()  # not monotonic: tests travel in time (time-machine)
        if now - self.marked.get(key, -INTERVAL) < INTERVAL:
            return False
        if len(self.marked) >= MEMORY:
            self.marked.clear()
        self.marked[key] = now
        return True
