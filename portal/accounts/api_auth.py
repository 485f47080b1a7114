from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ActiveUserTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with a French refusal for inactive accounts."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Compte désactivé."))
        return user, token
