"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

name: (method, kwargs builder taking the cast dict and returning URL kwargs, or None,
       expected statuses from `statuses(...)`)

Objects are attached to a service subscribed by the organisation of
``client_admin`` only: the outsider must get 404 on them.
"""

from django.utils import timezone

from tests.authz import ANY_SIGNED_IN, API_ANY, CLIENTS, MANAGERS, statuses

STAFF = statuses(302, 403, 403, 403, 200, 200)
API_STAFF_WRITE = statuses(403, 403, 403, 403, 400, 400)
OBJECT = statuses(302, 200, 200, 404, 200, 200)
API_OBJECT = statuses(403, 200, 200, 404, 200, 200)


def _service(cast):
    from tests.status.factories import ServiceFactory

    return ServiceFactory(subscribers=[cast["client_admin"].organisation])


def _maintenance(cast):
    from tests.status.factories import MaintenanceFactory

    return {"public_id": MaintenanceFactory(services=[_service(cast)]).public_id}


def _incident(cast):
    from tests.status.factories import IncidentFactory

    return {"public_id": IncidentFactory(services=[_service(cast)]).public_id}


def _ongoing_incident(cast):
    from tests.status.factories import IncidentFactory

    return {"public_id": IncidentFactory(services=[_service(cast)], end=None).public_id}


def _release(cast):
    from tests.status.factories import ReleaseFactory

    return {"public_id": ReleaseFactory(services=[_service(cast)]).public_id}


def _download(cast):
    from tests.status.factories import ReleaseDownloadFactory, ReleaseFactory

    release = ReleaseFactory(services=[_service(cast)])
    return {"public_id": ReleaseDownloadFactory(release=release).public_id}


def _restoration(cast):
    from tests.status.factories import RestorationRequestFactory

    admin = cast["client_admin"]
    restoration = RestorationRequestFactory(organisation=admin.organisation, requested_by=admin)
    return {"public_id": restoration.public_id}


def _this_month(cast):
    today = timezone.localdate()
    return {"year": today.year, "month": today.month}


MATRIX: dict = {
    "status:weather": ("get", None, ANY_SIGNED_IN),
    "status:maintenance_detail": ("get", _maintenance, OBJECT),
    "status:availability_index": ("get", None, ANY_SIGNED_IN),
    "status:availability_report": ("get", _this_month, ANY_SIGNED_IN),
    "status:availability_csv": ("get", _this_month, ANY_SIGNED_IN),
    "status:releases": ("get", None, ANY_SIGNED_IN),
    # A link download redirects to the link.
    "status:download": ("get", _download, statuses(302, 302, 302, 404, 302, 302)),
    "status:restoration": ("get", None, MANAGERS),
    "status:notice_preferences": ("get", None, CLIENTS),
    "status:vendor_dashboard": ("get", None, STAFF),
    "status:maintenance_create": ("get", None, STAFF),
    "status:maintenance_cancel": ("post", _maintenance, statuses(302, 403, 403, 403, 302, 302)),
    "status:incident_create": ("get", None, STAFF),
    "status:incident_close": ("get", _ongoing_incident, STAFF),
    "status:release_create": ("get", None, STAFF),
    # An empty body: vendor staff are sent back to the dashboard with an error.
    "status:restoration_outcome": (
        "post",
        _restoration,
        statuses(302, 403, 403, 403, 302, 302),
    ),
    "api:status-list": ("get", None, API_ANY),
    "api:maintenance-list": ("get", None, API_ANY),
    "api:maintenance-detail": ("get", _maintenance, API_OBJECT),
    "api:maintenance-cancel": ("post", _maintenance, statuses(403, 403, 403, 403, 200, 200)),
    "api:incident-list": ("get", None, API_ANY),
    "api:incident-detail": ("get", _incident, API_OBJECT),
    # Closing is vendor staff's: an empty body is a 400 for them, a 403 for clients.
    "api:incident-close": ("post", _ongoing_incident, API_STAFF_WRITE),
    "api:release-list": ("get", None, API_ANY),
    "api:release-detail": ("get", _release, API_OBJECT),
    # Holders of the restoration right read their organisation's; staff read all.
    "api:restoration-list": ("get", None, statuses(403, 403, 200, 200, 200, 200)),
    "api:restoration-detail": ("get", _restoration, statuses(403, 403, 200, 404, 200, 200)),
    "api:availability-list": ("get", None, API_ANY),
    "api:availability-month": ("get", _this_month, API_ANY),
}
