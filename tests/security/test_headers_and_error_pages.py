"""Issue 14, items 5 (the HTML side) and 6: a strict CSP, no inline script or
style in any page template, private caching of personal data, French error pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_pages_carry_a_strict_content_security_policy(login, client_user):
    response = login(client_user).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_login_page_has_it_too(client):
    assert (
        "frame-ancestors 'none'" in client.get(reverse("account_login"))["Content-Security-Policy"]
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=|\shx-on[:\w-]*\s*=|javascript:", re.I)


def page_templates():
    """Every template a browser renders as a page (e-mails are not pages)."""
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if "email" not in path.parts and "pdf" not in path.name
    ]


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER])
def test_no_page_template_needs_an_inline_script_or_style(pattern):
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in page_templates()
        if pattern.search(path.read_text())
    ]
    assert offenders == []


def test_signed_in_pages_are_private_and_not_stored(login, client_user):
    response = login(client_user).get(reverse("home"))
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("auth", ["session", "token"])
def test_api_answers_with_personal_data_are_private_and_not_stored(client, client_user, auth):
    headers = {}
    if auth == "session":
        client.force_login(client_user)
    else:
        token = Token.objects.create(user=client_user)
        headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    response = client.get(reverse("api:me"), **headers)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_invoice_page_is_private_and_not_stored(login, client_admin):
    from tests.subscriptions.factories import issued_invoice

    invoice = issued_invoice(client_admin.organisation)
    response = login(client_admin).get(reverse("subscriptions:invoice", args=[invoice.public_id]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_bad_request_gets_the_french_400_page(client):
    response = client.get(reverse("account_login"), HTTP_HOST="inconnu.example")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_a_missing_csrf_token_gets_a_french_page(client_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_user)
    response = client.post(reverse("support:create"), {"subject": "x"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("400.html", "Requête incorrecte"),
        ("403.html", "Accès refusé"),
        ("404.html", "Page introuvable"),
        ("500.html", "Une erreur est survenue"),
    ],
)
def test_error_pages_are_in_french_without_a_request(template, text):
    """Django renders them with no request context (the 500 page even without a database)."""
    page = render_to_string(template)
    assert text in page and 'lang="fr"' in page
