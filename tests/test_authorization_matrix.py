"""Every URL × role → expected status.

``test_every_url_is_in_the_matrix`` fails when a new URL is added without its
row here. Objects belong to the organisation of ``client_admin``; the
``outsider`` (an administrator of another organisation) must get 404 on them.
"""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import (
    ADMINS,
    ANY_SIGNED_IN,
    API_ANY,
    API_MANAGERS,
    API_MEMBER,
    CLIENTS,
    MANAGERS,
    MEMBER_ACTION,
    MEMBER_OBJECT,
    ROLES,
    VENDOR,
    statuses,
)
from tests.authz import (
    member_kwargs as _member,
)
from tests.authz import (
    organisation_kwargs as _organisation,
)

# URL prefixes owned by libraries with their own guards (allauth, the admin).
THIRD_PARTY = ("accounts/", "admin/")

# name: (method, kwargs builder or None, expected statuses)
MATRIX = {
    "home": ("get", None, ANY_SIGNED_IN),
    "healthz": ("get", None, statuses(200, 200, 200, 200, 200, 200)),
    "healthz_ready": ("get", None, statuses(200, 200, 200, 200, 200, 200)),
    "accept_invitation": (
        "get",
        lambda cast: {"token": "inconnu"},
        statuses(410, 410, 410, 410, 410, 410),
    ),
    "accounts:team": ("get", None, MANAGERS),
    "accounts:invite": ("get", None, MANAGERS),
    "accounts:member": ("get", _member, MEMBER_OBJECT),
    "accounts:deactivate": ("post", _member, MEMBER_ACTION),
    "accounts:reactivate": ("post", _member, MEMBER_ACTION),
    "accounts:resend": ("post", _member, MEMBER_ACTION),
    "accounts:delete": ("get", _member, MEMBER_OBJECT),
    "accounts:profile": ("get", None, ANY_SIGNED_IN),
    "accounts:api_token": ("post", None, ANY_SIGNED_IN),
    "organisations:vendor_list": ("get", None, VENDOR),
    "organisations:vendor_create": ("get", None, VENDOR),
    "organisations:vendor_detail": ("get", _organisation, VENDOR),
    "organisations:security": ("get", None, ADMINS),
    "organisations:dossiers": ("get", None, CLIENTS),
    "audit:trail": ("get", None, ADMINS),
    "api:me": ("get", None, API_ANY),
    "api:api-root": ("get", None, API_ANY),
    "api:user-list": ("get", None, API_MANAGERS),
    "api:user-detail": ("get", _member, API_MEMBER),
    "api:user-deactivate": ("post", _member, API_MEMBER),
    "api:user-reactivate": ("post", _member, statuses(403, 403, 409, 404, 403, 403)),
    "schema": ("get", None, API_ANY),
    "api_docs": ("get", None, API_ANY),
}


from tests.dataouverture.matrix import MATRIX as DATAOUVERTURE  # noqa: E402
from tests.documents.matrix import MATRIX as DOCUMENTS  # noqa: E402
from tests.learning.matrix import MATRIX as LEARNING  # noqa: E402
from tests.serviceaccounts.matrix import MATRIX as SERVICEACCOUNTS  # noqa: E402
from tests.status.matrix import MATRIX as STATUS  # noqa: E402
from tests.subscriptions.matrix import MATRIX as SUBSCRIPTIONS  # noqa: E402
from tests.support.matrix import MATRIX as SUPPORT  # noqa: E402

for _rows in (
    SUPPORT,
    SUBSCRIPTIONS,
    DOCUMENTS,
    STATUS,
    LEARNING,
    DATAOUVERTURE,
    SERVICEACCOUNTS,
):
    assert not set(_rows) & set(MATRIX), set(_rows) & set(MATRIX)
    MATRIX.update(_rows)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def project_url_names():
    names = set()
    for route, name in _walk(get_resolver().url_patterns):
        if (
            route.startswith(THIRD_PARTY)
            or "\\.(?P<format>" in route
            or "<drf_format_suffix" in route
        ):
            continue
        names.add(name)
    return names


def test_every_url_is_in_the_matrix():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"URLs missing from the authorization matrix: {sorted(missing)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_authorization(name, role, cast, client):
    method, kwargs_for, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(cast) if kwargs_for else None)
    if cast[role] is not None:
        client.force_login(cast[role])
    response = getattr(client, method)(url)
    assert response.status_code == expected[role], (name, role, response.status_code)
    if expected[role] == 404 and role == "outsider":
        body = response.content.decode()
        assert cast["client_user"].email not in body


# --- Row kind "logged in, MFA required but not passed" (every URL) ----------


@pytest.fixture(params=["agent", "client_of_mfa_organisation"])
def mfa_pending(request, db):
    """Someone who must use MFA and has not set it up: vendor staff, or a client
    whose administrator made MFA mandatory."""
    from allauth.mfa.models import Authenticator

    from tests.factories import OrganisationFactory, StaffFactory, UserFactory

    if request.param == "agent":
        person = StaffFactory(email="agent-sans-mfa@editeur.test")
        Authenticator.objects.filter(user=person).delete()
    else:
        organisation = OrganisationFactory(mfa_required=True)
        person = UserFactory(organisation=organisation, email="sans-mfa@client.test")
    return person


def _accepts_people(path: str) -> bool:
    """Whether the API view at ``path`` authenticates people (session or token)."""
    from django.urls import resolve
    from rest_framework.authentication import SessionAuthentication

    from portal.accounts.api_auth import ActiveUserTokenAuthentication

    view_class = getattr(resolve(path).func, "cls", None)
    if view_class is None:
        return True
    people = (SessionAuthentication, ActiveUserTokenAuthentication)
    return any(issubclass(auth, people) for auth in view_class.authentication_classes)


def _mfa_pending_failures(client, paths, **headers):
    from portal.accounts.middleware import ALWAYS_ALLOWED_PREFIXES, MFA_PAGES

    activate = reverse("mfa_activate_totp")
    failures = []
    for path, name in paths:
        if name in MFA_PAGES or path.startswith(ALWAYS_ALLOWED_PREFIXES):
            continue
        if name is None and path.startswith("/api/"):
            continue  # the API's catch-all JSON 404 for paths no route matches
        # The middleware answers before any view, whatever the method: POST is
        # tried on the API only, to keep this walk fast.
        for method in ("get", "post") if path.startswith("/api/") else ("get",):
            response = getattr(client, method)(path, **headers)
            if path.startswith("/api/") and not _accepts_people(path):
                # Machine-credential endpoints (Data Ouverture) know no person's
                # session or token at all: 401 (or the MFA refusal), nothing read.
                ok = response.status_code in (401, 403)
            elif path.startswith("/api/"):
                # The Swagger page renders its refusal as HTML without the detail.
                ok = response.status_code == 403 and (
                    "double authentification" in response.content.decode() or name == "api_docs"
                )
            else:
                ok = response.status_code == 302 and response["Location"].startswith(activate)
            if not ok:
                failures.append((method, path, name, response.status_code))
    return failures


def test_mfa_pending_session_gets_nothing_but_the_mfa_pages(mfa_pending, client):
    from tests.authz import every_concrete_path

    # The admin's hundreds of model pages share one guard: its index, login
    # and each model's list stand for them.
    paths = [
        (path, name)
        for path, name in every_concrete_path()
        if not path.startswith(f"/{settings.ADMIN_URL}")
        or name in ("index", "login")
        or (name or "").endswith("_changelist")
    ]
    assert any(path.startswith("/api/v1/") for path, _ in paths)
    client.force_login(mfa_pending)
    assert _mfa_pending_failures(client, paths) == []
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith(reverse("mfa_activate_totp"))


def test_mfa_pending_token_is_refused_on_every_api_endpoint(mfa_pending, client):
    """A token created before MFA became mandatory stops working until MFA is set up."""
    from rest_framework.authtoken.models import Token

    from tests.authz import every_concrete_path

    token = Token.objects.create(user=mfa_pending)
    paths = [(path, name) for path, name in every_concrete_path() if path.startswith("/api/")]
    assert _mfa_pending_failures(client, paths, HTTP_AUTHORIZATION=f"Token {token.key}") == []


def test_a_token_works_again_once_mfa_is_set_up(client, client_user):
    from allauth.mfa.totp.internal.auth import TOTP
    from rest_framework.authtoken.models import Token

    from portal.core.demo import DEMO_TOTP_SECRET

    organisation = client_user.organisation
    organisation.mfa_required = True
    organisation.save(update_fields=["mfa_required"])
    token = Token.objects.create(user=client_user)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get(reverse("api:me"), **headers).status_code == 403
    TOTP.activate(client_user, DEMO_TOTP_SECRET)
    assert client.get(reverse("api:me"), **headers).status_code == 200
