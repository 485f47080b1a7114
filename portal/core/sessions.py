"""Django's database sessions, read by a query compiled once (issue 11).

Sessions stay in the database (README, "Several machines": ending a session
must be final even while Redis is unreachable). Reading one is the first query
of every signed-in request; Django's ORM spent more CPU compiling it than
SQLite spent answering, so the lookup goes through ``PreparedQuery``. The
expiry is compared here rather than in SQL, with the same meaning as Django's
``expire_date__gt=now``.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from portal.core.prepared import Param, PreparedQuery

SESSION_ROW = PreparedQuery(
    lambda key: DatabaseSessionStore.get_model_class().objects.filter(session_key=key),
    Param("\x00prepared-session-key"),
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        session = SESSION_ROW.first(self.session_key) if self.session_key else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
