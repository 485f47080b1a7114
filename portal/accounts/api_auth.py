from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from portal.accounts.middleware import mfa_required_message, must_set_up_mfa
from portal.core.prepared import Param, PreparedQuery


def _tokens():
    """Tokens with their user, the user's organisation and ``has_totp``: what
    the MFA check and every page of the API read, in one query (issue 11)."""
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    totp = Authenticator.objects.filter(user=OuterRef("user_id"), type=Authenticator.Type.TOTP)
    return Token.objects.select_related("user__organisation__contract").annotate(
        user_has_totp=Exists(totp)
    )


#: Compiled once (portal/core/prepared.py): it runs on every API request.
TOKEN = PreparedQuery(lambda key: _tokens().filter(key=key), Param("\x00prepared-token"))


class ActiveUserTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with French refusals for inactive accounts and
    for accounts that must use MFA and have not set it up: a token created before
    MFA became mandatory stops working until its owner has set MFA up."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = TOKEN.first(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        user.has_totp = token.user_has_totp
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Compte désactivé."))
        if must_set_up_mfa(user):
            raise exceptions.PermissionDenied(mfa_required_message())
        return user, token
