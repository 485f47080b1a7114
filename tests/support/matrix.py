"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

name: (method, kwargs builder taking the cast dict and returning URL kwargs, or None,
       expected statuses from `statuses(...)`)

Objects: a Demande filed by ``client_user`` of ``client_admin``'s organisation
(the outsider gets 404). POSTs without data: the form or the service refuses
and the page redirects back to the Demande (302); roles without access get
403 (clients on agent actions) or 404 (the outsider on the Demande).
"""

import atexit
import shutil
import tempfile

from tests.authz import ADMINS, organisation_kwargs, statuses

_media = {}


def _temporary_media_root():
    if not _media:
        from django.test import override_settings

        root = tempfile.mkdtemp(prefix="portal-support-matrix-")
        override_settings(MEDIA_ROOT=root).enable()
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _media["root"] = root


def _demande(cast, **fields):
    from tests.support.factories import file

    _temporary_media_root()
    return file(cast["client_user"], **fields)


def _reference(cast):
    return {"reference": _demande(cast).reference}


def _attachment(cast):
    from tests.support.factories import png

    demande = _demande(cast, attachments=[png()])
    return {"reference": demande.reference, "public_id": demande.attachments.get().public_id}


CLIENT_PAGE = statuses(302, 200, 200, 200, 403, 403)
DEMANDE_PAGE = statuses(302, 200, 200, 404, 200, 200)
DEMANDE_ACTION = statuses(302, 302, 302, 404, 302, 302)
AGENT_PAGE = statuses(302, 403, 403, 403, 200, 200)
AGENT_ACTION = statuses(302, 403, 403, 403, 302, 302)

API_DEMANDES = statuses(403, 200, 200, 200, 200, 200)
API_DEMANDE = statuses(403, 200, 200, 404, 200, 200)
API_CLIENT_ACTION = statuses(403, 400, 400, 404, 400, 400)
API_AGENT_ACTION = statuses(403, 403, 403, 403, 400, 400)

MATRIX: dict = {
    "support:list": ("get", None, CLIENT_PAGE),
    "support:create": ("get", None, CLIENT_PAGE),
    "support:detail": ("get", _reference, DEMANDE_PAGE),
    "support:comment": ("post", _reference, DEMANDE_ACTION),
    "support:attach": ("post", _reference, DEMANDE_ACTION),
    "support:reopen": ("post", _reference, DEMANDE_ACTION),
    "support:close": ("post", _reference, DEMANDE_ACTION),
    "support:watch": ("post", _reference, DEMANDE_ACTION),
    "support:attachment": ("get", _attachment, DEMANDE_PAGE),
    "support:take": ("post", _reference, AGENT_ACTION),
    "support:assign": ("post", _reference, AGENT_ACTION),
    "support:qualify": ("post", _reference, AGENT_ACTION),
    "support:requalify": ("post", _reference, AGENT_ACTION),
    "support:respond": ("post", _reference, AGENT_ACTION),
    "support:resolve": ("post", _reference, AGENT_ACTION),
    "support:queue": ("get", None, AGENT_PAGE),
    "support:phone": ("get", None, AGENT_PAGE),
    # Reports (support/urls_reports.py): compliance (art. 12.2), Private dashboard (art. 12.11).
    "support:compliance": ("get", None, statuses(302, 403, 200, 200, 200, 200)),
    "support:compliance_client": (
        "get",
        organisation_kwargs,
        statuses(302, 403, 200, 404, 200, 200),
    ),
    "support:dashboard": ("get", None, ADMINS),
    "api:demande-list": ("get", None, API_DEMANDES),
    "api:demande-detail": ("get", _reference, API_DEMANDE),
    "api:demande-attachment": ("get", _attachment, API_DEMANDE),
    "api:demande-phone": ("post", None, API_AGENT_ACTION),
    "api:demande-comment": ("post", _reference, API_CLIENT_ACTION),
    "api:demande-attachments": ("post", _reference, API_CLIENT_ACTION),
    "api:demande-reopen": ("post", _reference, API_CLIENT_ACTION),
    "api:demande-close": ("post", _reference, statuses(403, 409, 409, 404, 409, 409)),
    "api:demande-take": ("post", _reference, statuses(403, 403, 403, 403, 200, 200)),
    "api:demande-assign": ("post", _reference, API_AGENT_ACTION),
    "api:demande-qualify": ("post", _reference, API_AGENT_ACTION),
    "api:demande-requalify": ("post", _reference, API_AGENT_ACTION),
    "api:demande-respond": ("post", _reference, API_AGENT_ACTION),
    "api:demande-resolve": ("post", _reference, statuses(403, 403, 403, 403, 409, 409)),
}
