"""When PostgreSQL blinks: a clean 503 with ``Retry-After``, and one retry for reads.

A restart of the database drops every open connection; the requests in flight
then fail on ``OperationalError`` / ``InterfaceError``. They must not get a 500
page (nor a traceback): they get a 503 that says when to come back, in JSON for
the API (the shape of ``portal/core/api.py``: ``{"detail": ...}``) and in French
HTML otherwise. A read (GET, HEAD) that failed that way is run once more on a
fresh connection, since the database is usually back within the second.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
#: Seconds a client should wait before trying again.
RETRY_AFTER = 5
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
#: Paths answered in JSON: the API and the health endpoints.
JSON_PATHS = ("/api/", "/healthz/")


def database_unavailable(request) -> HttpResponse:
    """503 with ``Retry-After``: JSON for the API, a French page otherwise."""
    message = _("Le service est momentanément indisponible. Réessayez dans quelques secondes.")
    if request.path.startswith(JSON_PATHS):
        response = JsonResponse({"detail": message}, status=503)
    else:
        # A self-contained template: no context processor may touch the database.
        body = render_to_string("503.html", {"message": message})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response.database_unavailable = True
    return response


def server_error(request) -> HttpResponse:
    """``handler500``: a dropped database connection is a 503, anything else a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        return database_unavailable(request)
    return defaults.server_error(request)


class RetryReadOnDatabaseErrorMiddleware:
    """First in MIDDLEWARE: a read that met a dropped connection runs once more.

    Only safe methods are retried: a write may have committed before the
    connection dropped (filings use an idempotency key for that instead).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "database_unavailable", False) and request.method in SAFE_METHODS:
            _drop_broken_connections()
            response = self.get_response(request)
        return response


def _drop_broken_connections() -> None:
    """Close the connections so that the retry opens fresh ones."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # a test's wrapping transaction: not ours to close
        try:
            connection.close()
        except DATABASE_ERRORS:
            connection.connection = None
