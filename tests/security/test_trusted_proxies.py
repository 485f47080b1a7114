"""Issue 14, item 7: the per-IP login limit sees the client's address behind the
proxies configured (none by default: X-Forwarded-For is then ignored)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _fail_logins(client, *, forwarded_for=None, times=10, **headers):
    """Failed logins for different accounts (the per-account limit stays out of it)."""
    for n in range(times):
        if forwarded_for:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded_for(n)
        client.post(
            reverse("account_login"),
            {"login": f"inconnu{n}@x.test", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            **headers,
        )


def _is_limited(client, **headers):
    response = client.post(
        reverse("account_login"),
        {"login": "encore@x.test", "password": "x"},
        REMOTE_ADDR="10.0.0.1",
        **headers,
    )
    return "Trop de tentatives" in response.content.decode()


def test_by_default_a_forged_forwarded_for_does_not_escape_the_limit(client):
    _fail_logins(client, forwarded_for=lambda n: f"203.0.113.{n}")
    assert _is_limited(client, HTTP_X_FORWARDED_FOR="203.0.113.200")


def test_behind_one_trusted_proxy_each_client_has_its_own_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The proxy (10.0.0.1) appends the address it saw; what the client sent before is ignored.
    _fail_logins(client, forwarded_for=lambda n: f"198.51.100.9, 203.0.113.{n}")
    assert not _is_limited(client, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.200")
    _fail_logins(client, forwarded_for=lambda n: "203.0.113.7")
    assert _is_limited(client, HTTP_X_FORWARDED_FOR="forged, 203.0.113.7")


def test_a_trusted_client_ip_header(client, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    _fail_logins(client, HTTP_X_REAL_IP="203.0.113.8")
    assert _is_limited(client, HTTP_X_REAL_IP="203.0.113.8")
    assert not _is_limited(client, HTTP_X_REAL_IP="203.0.113.9")


def test_the_settings_come_from_the_environment():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None
