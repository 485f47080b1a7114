from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from portal.accounts.middleware import mfa_required_message, must_set_up_mfa


class ActiveUserTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with French refusals for inactive accounts and
    for accounts that must use MFA and have not set it up: a token created before
    MFA became mandatory stops working until its owner has set MFA up."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Compte désactivé."))
        if must_set_up_mfa(user):
            raise exceptions.PermissionDenied(mfa_required_message())
        return user, token
