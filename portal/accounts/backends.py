"""Log in with the account's own address only: one address is one person.

allauth's backend also accepts any address listed on the e-mail page, verified
or not; here only ``User.email`` (unique, case-insensitively) identifies an
account, so an address someone merely typed on that page never opens a session.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from portal.accounts.models import User
from portal.core.prepared import Param, PreparedQuery


def signed_in_users():
    """Users as every signed-in request needs them, in one query (issue 11).

    The header shows the organisation's name and the MFA check reads its
    switch; its contract tells its formula (``Organisation.formula``), which
    menus and pages ask on most requests; ``has_totp`` answers "has this person
    set up TOTP?" for that check (portal/accounts/middleware.py) without a
    query of its own.
    """
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    return User.objects.select_related("organisation__contract").annotate(has_totp=Exists(totp))


#: ``signed_in_users`` for one id, compiled once (portal/core/prepared.py):
#: compiling it cost more than half of an empty page's CPU time.
SESSION_USER = PreparedQuery(lambda pk: signed_in_users().filter(pk=pk), Param(-424242))


class SignedInUserMixin:
    """``get_user`` (the session's user, once per request) through ``signed_in_users``."""

    def get_user(self, user_id):
        user = SESSION_USER.first(User._meta.pk.to_python(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None


class PortalModelBackend(SignedInUserMixin, ModelBackend):
    """Django's backend, loading the session's user with what every page needs."""


class AccountAddressBackend(SignedInUserMixin, AuthenticationBackend):
    def _authenticate_by_email(self, email: str, password: str):
        if not email:
            return None
        user = User.objects.filter(email__iexact=email.strip()).first()
        return self._check_password(user, password)
