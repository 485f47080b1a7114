"""Secrets kept at rest, encrypted with keys from the settings.

Initial passwords of the production service's accounts (art. 11) and the
credentials of third-party document systems (art. 17) are stored encrypted
with Fernet (AES-128-CBC + HMAC-SHA256, from the maintained ``cryptography``
package). ``ENCRYPTION_KEYS`` lists keys newest first: the first encrypts,
all decrypt, so a key can be rotated without losing what older keys sealed.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "generate_key"]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.ENCRYPTION_KEYS])


def encrypt(plaintext: str) -> str:
    """The token to store for ``plaintext`` (ASCII, safe in a text column)."""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """The plaintext of a stored token; raises ``InvalidToken`` if tampered with."""
    return _fernet().decrypt(token.encode()).decode()


def generate_key() -> str:
    """A new key for ``ENCRYPTION_KEYS``."""
    return Fernet.generate_key().decode()
