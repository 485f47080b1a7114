"""Session activity recorded at most every few minutes (issue 11: cheaper requests).

allauth's ``UserSessionsMiddleware`` writes the session's ``last_seen_at`` on
every request: a transaction, a second read of the user and an UPDATE on
pages that only read (on SQLite, the write lock on every page view). This
middleware takes its place and records the activity of a session once per
``INTERVAL``; the sessions list ("Mes sessions") is then accurate to within a
few minutes.

When it last recorded is kept in the session itself, which every request
reads anyway: no cache round trip per request. The session key is kept with
the time, so a key changed at sign-in is recorded at once.
"""

import time

from allauth.usersessions.internal.usersessionkit import track_activity

#: Seconds between two records of the same session's activity.
INTERVAL = 300
SESSION_FIELD = "_activity_recorded"


class ThrottledUserSessionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        if key and _due(session, key):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                track_activity(request, user=user, session=session)
                session[SESSION_FIELD] = [key, time.time()]
        return self.get_response(request)


def _due(session, key: str) -> bool:
    recorded = session.get(SESSION_FIELD)
    if not recorded or recorded[0] != key:
        return True
    return time.time() - recorded[1] >= INTERVAL
