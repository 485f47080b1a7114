"""Authentication, scopes and rate limits of the machine credentials (art. 17, 1.).

``Authorization: Bearer do_<prefix>_<secret>``. Every call re-checks what
could have changed since the key was issued: revocation, expiry, the
overlap of a rotated secret, the source address, the creator's account,
and the pack on the running contract.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from dataouverture import rules
from dataouverture.models import ApiSecret
from dataouverture.pack import has_pack
from dataouverture.services.credentials import touch

KEYWORD = b"bearer"


def client_ip(request) -> str:
    """The peer address. Behind a proxy, set it from X-Forwarded-For in the proxy only."""
    return request.META.get("REMOTE_ADDR", "")


class CredentialAuthentication(BaseAuthentication):
    """``request.user``: the credential's creator; ``request.auth``: the credential."""

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("En-tête Authorization invalide."))
        full = header[1].decode(errors="replace")
        prefix = rules.split_secret(full)
        secret = (
            ApiSecret.objects.select_related(
                "credential", "credential__organisation", "credential__created_by"
            )
            .filter(prefix=prefix)
            .first()
            if prefix
            else None
        )
        if secret is None or not rules.secret_matches(full, secret.digest):
            raise exceptions.AuthenticationFailed(_("Clé d'API inconnue."))
        now = timezone.now()
        credential = secret.credential
        self._check(secret, credential, request, now)
        touch(credential, ip=client_ip(request) or None, now=now)
        return credential.created_by, credential

    def _check(self, secret, credential, request, now) -> None:
        if credential.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Cette clé d'API est révoquée."))
        if credential.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Cette clé d'API a expiré."))
        if secret.valid_until is not None and secret.valid_until <= now:
            raise exceptions.AuthenticationFailed(
                _("Ce secret a été remplacé lors d'un renouvellement : utilisez le nouveau.")
            )
        if not credential.created_by.is_active:
            raise exceptions.AuthenticationFailed(
                _("Le compte de l'administrateur qui a créé cette clé est désactivé.")
            )
        if not rules.ip_allowed(client_ip(request), credential.ip_ranges):
            raise exceptions.AuthenticationFailed(
                _("Adresse IP non autorisée pour cette clé d'API.")
            )
        if set(credential.scopes) & set(rules.IMPORT_SCOPES) and not has_pack(
            credential.organisation
        ):
            # Art. 17: the pack was withdrawn (a missed hook must not leave the key usable).
            raise exceptions.AuthenticationFailed(
                _("Le pack Data Ouverture ne figure plus au contrat : clé inutilisable.")
            )


class HasScope(BasePermission):
    """The view names its ``required_scope``; only credentials carrying it pass."""

    message = _("Cette clé d'API n'a pas l'autorisation nécessaire.")

    def has_permission(self, request, view):
        credential = request.auth
        scope = getattr(view, "required_scope", None)
        return bool(scope and credential is not None and scope in getattr(credential, "scopes", ()))


class CredentialRateThrottle(SimpleRateThrottle):
    """Per-credential limit: ``rate_per_minute`` calls in any sliding minute."""

    scope = "dataouverture_credential"

    def __init__(self):  # the rate is the credential's, read in allow_request
        self.rate, self.num_requests, self.duration = "60/min", 60, 60

    def get_cache_key(self, request, view):
        credential = request.auth
        if credential is None or not hasattr(credential, "rate_per_minute"):
            return None
        return f"throttle_{self.scope}_{credential.pk}"

    def allow_request(self, request, view):
        credential = request.auth
        if credential is not None and hasattr(credential, "rate_per_minute"):
            self.num_requests = credential.rate_per_minute
            self.rate = f"{self.num_requests}/min"
        return super().allow_request(request, view)


class CredentialAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "dataouverture.api_auth.CredentialAuthentication"
    name = "cleApiDataOuverture"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Clé d'API d'une machine (pack Data Ouverture, article 17) : "
                "`Authorization: Bearer do_…`. Limite d'appels propre à chaque clé "
                "(par défaut 60 par minute) ; au-delà, réponse 429 avec `Retry-After`."
            ),
        }
