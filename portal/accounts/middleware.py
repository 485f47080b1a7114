"""People who must use MFA get nothing but the MFA pages until they have set it up.

Vendor staff always; client users when their organisation turned the switch on.
Pages answer with a redirect to the TOTP set-up page, the API (session or
token, see ``api_auth``) with a 403 and a French message.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

#: Served to anyone: static files and the load balancer's health check.
ALWAYS_ALLOWED_PREFIXES = ("/static/", "/healthz/")
#: What a person who has not passed MFA may still reach: setting MFA up
#: (allauth asks to re-enter the password first) and logging out.
MFA_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
    }
)


def mfa_required_message() -> str:
    return _(
        "La double authentification est obligatoire pour ce compte : configurez-la "
        "sur le portail (application TOTP) avant d'utiliser cette page ou l'API."
    )


def must_set_up_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    required = user.is_vendor_staff or (
        user.organisation_id is not None and user.organisation.mfa_required
    )
    if not required:
        return False
    has_totp = getattr(user, "has_totp", None)  # loaded with the session's user (backends.py)
    if has_totp is not None:
        return not has_totp
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _evaluated(user):
    """The user itself rather than the lazy object standing for it.

    Every page reads the user (this middleware does first); the lazy object
    would forward each of a page's ~60 reads of it through Python code.
    """
    user.is_authenticated  # noqa: B018 — loads the user behind a lazy object
    return getattr(user, "_wrapped", user)


def _is_mfa_page(path: str) -> bool:
    try:
        return resolve(path).url_name in MFA_PAGES
    except Resolver404:
        return False


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ALWAYS_ALLOWED_PREFIXES):
            return self.get_response(request)
        request.user = user = _evaluated(request.user)
        if not must_set_up_mfa(user):
            return self.get_response(request)
        if _is_mfa_page(request.path_info):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": mfa_required_message()}, status=403)
        return redirect(reverse("mfa_activate_totp") + "?obligatoire=1")


class DeactivatedAccountMiddleware:
    """The next request of a person whose administrator deactivated their account
    (their sessions ended at once, art. 11) lands on a page that says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.shortcuts import render

        from portal.accounts.services import was_deactivated_session

        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if (
            session_key
            and not request.user.is_authenticated
            and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
            and was_deactivated_session(session_key)
        ):
            return render(request, "accounts/deactivated.html", status=403)
        return self.get_response(request)
