from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: accounts are created by invitation only (art. 11)."""

    def is_open_for_signup(self, request):
        return False
