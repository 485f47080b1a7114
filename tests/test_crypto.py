"""Secrets at rest: round trip, tamper detection, key rotation."""

import pytest
from django.test import override_settings

from portal.core import crypto


def test_round_trip_and_the_token_hides_the_secret():
    token = crypto.encrypt("Mot-de-passe-initial-42")
    assert "Mot-de-passe" not in token
    assert crypto.decrypt(token) == "Mot-de-passe-initial-42"


def test_a_tampered_token_is_refused():
    token = crypto.encrypt("secret")
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token[:-4] + "AAAA")


def test_rotation_keeps_older_tokens_readable():
    old, new = crypto.generate_key(), crypto.generate_key()
    with override_settings(ENCRYPTION_KEYS=[old]):
        token = crypto.encrypt("ancien")
    with override_settings(ENCRYPTION_KEYS=[new, old]):
        assert crypto.decrypt(token) == "ancien"
    with override_settings(ENCRYPTION_KEYS=[new]), pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token)
