"""Log in with the account's own address only: one address is one person.

allauth's backend also accepts any address listed on the e-mail page, verified
or not; here only ``User.email`` (unique, case-insensitively) identifies an
account, so an address someone merely typed on that page never opens a session.
"""

from allauth.account.auth_backends import AuthenticationBackend

from portal.accounts.models import User


class AccountAddressBackend(AuthenticationBackend):
    def _authenticate_by_email(self, email: str, password: str):
        if not email:
            return None
        user = User.objects.filter(email__iexact=email.strip()).first()
        return self._check_password(user, password)
