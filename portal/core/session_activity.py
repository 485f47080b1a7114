"""Session activity recorded at most every few minutes (issue 11: cheaper requests).

allauth's ``UserSessionsMiddleware`` writes the session's ``last_seen_at`` on
every request: a transaction, a second read of the user and an UPDATE on
pages that only read (on SQLite, the write lock on every page view). This
middleware takes its place and records the activity of a session once per
``INTERVAL``, remembered in the cache; the sessions list ("Mes sessions") is
then accurate to within a few minutes.
"""

from allauth.usersessions.internal.usersessionkit import track_activity
from django.core.cache import cache

#: Seconds between two records of the same session's activity.
INTERVAL = 300


class ThrottledUserSessionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        # add() is true only for the first request of the interval (and when the cache fails open).
        if key and cache.add(f"usersession-seen:{key}", True, INTERVAL):
            track_activity(request, user=getattr(request, "user", None), session=session)
        return self.get_response(request)
