"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

Objects belong to client_admin's organisation (which has no pack here: the
pages then explain the pack; actions answer with a message). The outsider
gets 404 on them. The machine API accepts only credentials: a session is
401 for everyone (outsider tests with credentials are in test_api.py).
"""

from datetime import timedelta

from tests.authz import ADMINS, MEMBER_ACTION, MEMBER_OBJECT, statuses

ADMIN_ACTION = statuses(302, 403, 302, 302, 403, 403)
ADMIN_FORM_EMPTY = statuses(302, 403, 400, 400, 403, 403)
MACHINE_ONLY = statuses(401, 401, 401, 401, 401, 401)


def _credential(cast):
    from django.utils import timezone

    from dataouverture.services.credentials import create_credential

    issued = create_credential(
        actor=cast["client_admin"],
        name="Matrice",
        scopes=["read:demandes"],
        expires_at=timezone.now() + timedelta(days=10),
    )
    return {"public_id": issued.credential.public_id}


def _query(cast):
    from django.utils import timezone

    from dataouverture.models import SavedQuery

    query = SavedQuery.objects.create(
        organisation=cast["client_admin"].organisation,
        name="Matrice",
        sql="SELECT 1",
        created_at=timezone.now(),
    )
    return {"public_id": query.public_id}


def _export(cast):
    from django.utils import timezone

    from dataouverture.models import QueryExport

    export = QueryExport.objects.create(
        organisation=cast["client_admin"].organisation,
        sql="SELECT 1",
        format="csv",
        requested_at=timezone.now(),
    )
    return {"public_id": export.public_id}


def _run(cast):
    from django.utils import timezone

    from dataouverture.models import ExchangeRun, ExchangeTarget
    from portal.core import crypto

    target = ExchangeTarget.objects.create(
        organisation=cast["client_admin"].organisation,
        kind="webdav",
        url="https://ged.example.test/",
        username="compta",
        secret_encrypted=crypto.encrypt("motdepasse"),
        updated_at=timezone.now(),
    )
    run = ExchangeRun.objects.create(target=target, requested_at=timezone.now())
    return {"public_id": run.public_id}


def _connector(cast):
    from dataouverture.models import Connector
    from tests.subscriptions.factories import catalogue, started_contract

    products = catalogue()
    started_contract(cast["client_admin"].organisation)
    connector = Connector.objects.create(
        partner="Partenaire",
        name="Banque",
        product=products["expert"],
        package=Connector.Package.STANDARD,
        description="Relevés bancaires.",
    )
    return {"public_id": connector.public_id}


MATRIX: dict = {
    "dataouverture:index": ("get", None, ADMINS),
    "dataouverture:order_pack": ("post", None, ADMIN_ACTION),
    "dataouverture:credentials": ("get", None, ADMINS),
    "dataouverture:credential_rotate": ("post", _credential, MEMBER_OBJECT),
    "dataouverture:credential_revoke": ("post", _credential, MEMBER_ACTION),
    "dataouverture:data_access": ("get", None, ADMINS),
    "dataouverture:snapshot_build": ("post", None, ADMIN_ACTION),
    "dataouverture:preview": ("post", None, ADMIN_FORM_EMPTY),
    "dataouverture:query_create": ("post", None, ADMIN_FORM_EMPTY),
    "dataouverture:query_edit": ("get", _query, MEMBER_OBJECT),
    "dataouverture:query_delete": ("post", _query, MEMBER_ACTION),
    "dataouverture:query_export": ("post", _query, MEMBER_ACTION),
    "dataouverture:export": ("get", _export, MEMBER_OBJECT),
    "dataouverture:export_download": ("get", _export, statuses(302, 403, 410, 404, 403, 403)),
    "dataouverture:exchange": ("get", None, ADMINS),
    "dataouverture:exchange_run_now": ("post", None, ADMIN_ACTION),
    "dataouverture:exchange_run": ("get", _run, MEMBER_OBJECT),
    "dataouverture:connectors": ("get", None, ADMINS),
    "dataouverture:connector_request": ("post", _connector, MEMBER_ACTION),
    "api:dataouverture-import-documents": ("post", None, MACHINE_ONLY),
    "api:dataouverture-import-users": ("post", None, MACHINE_ONLY),
    "api:dataouverture-demandes": ("get", None, MACHINE_ONLY),
    "api:dataouverture-invoices": ("get", None, MACHINE_ONLY),
}
