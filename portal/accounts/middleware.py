"""Send people who must use MFA to set it up before anything else.

Vendor staff always; client users when their organisation turned the switch on.
"""

from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/invitation/", "/api/")


def must_set_up_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    required = user.is_vendor_staff or (
        user.organisation_id is not None and user.organisation.mfa_required
    )
    if not required:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ALLOWED_PREFIXES) and must_set_up_mfa(request.user):
            return redirect(reverse("mfa_activate_totp") + "?obligatoire=1")
        return self.get_response(request)
