from django.urls import reverse

from portal.serviceaccounts.models import Instruction, ServiceAccount
from support.models import Demande


def test_admin_requests_an_account(login, client_admin):
    client = login(client_admin)
    response = client.post(
        reverse("serviceaccounts:index"),
        {"kind": "application", "login": "paie-robot", "holder": "Logiciel de paie"},
    )
    assert response.status_code == 302
    account = ServiceAccount.objects.get(login="paie-robot")
    assert account.organisation == client_admin.organisation
    page = client.get(reverse("serviceaccounts:index")).content.decode()
    assert "paie-robot" in page
    assert "Création demandée" in page
    assert Demande.objects.filter(category="service_accounts").count() == 1


def test_bad_input_is_a_french_form_error(login, client_admin):
    response = login(client_admin).post(
        reverse("serviceaccounts:index"), {"kind": "application", "login": "", "holder": ""}
    )
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()


def test_users_are_refused(login, client_user, created):
    instruction, token = created
    client = login(client_user)
    assert client.get(reverse("serviceaccounts:index")).status_code == 403
    account_url = reverse("serviceaccounts:account", args=[instruction.account.public_id])
    assert client.get(account_url).status_code == 403
    assert client.get(reverse("serviceaccounts:password", args=[token])).status_code == 403


def test_outsider_gets_404(login, outsider, created):
    instruction, token = created
    client = login(outsider)
    public_id = instruction.account.public_id
    assert client.get(reverse("serviceaccounts:account", args=[public_id])).status_code == 404
    url = reverse("serviceaccounts:instruct", args=[public_id])
    assert client.post(url, {"action": "deactivate"}).status_code == 404
    assert client.post(reverse("serviceaccounts:password", args=[token])).status_code == 404
    assert not Instruction.objects.filter(action="deactivate").exists()


def test_urgent_deactivation_from_the_account_page(login, client_admin, created):
    instruction, _token = created
    client = login(client_admin)
    url = reverse("serviceaccounts:instruct", args=[instruction.account.public_id])
    response = client.post(url, {"action": "deactivate", "comment": "Ordinateur volé"})
    assert response.status_code == 302
    deactivation = Instruction.objects.get(action="deactivate")
    assert deactivation.urgent
    page = client.get(
        reverse("serviceaccounts:account", args=[instruction.account.public_id])
    ).content.decode()
    assert "Ordinateur volé" in page
    assert deactivation.demande.reference in page


def test_staff_carry_out_and_admin_views_password_once(login, client_admin, agent):
    from portal.serviceaccounts import services

    pending = services.request_account(
        actor=client_admin, kind="system", login="sauvegarde", holder="IT"
    )
    client = login(agent)
    queue = client.get(reverse("serviceaccounts:queue")).content.decode()
    assert "sauvegarde" in queue
    url = reverse("serviceaccounts:carry_out", args=[pending.public_id])
    assert client.post(url, {"password": "court"}).status_code == 400
    response = client.post(url, {"password": "Initial-secret-42", "note": "Créé."})
    assert response.status_code == 302
    assert client.post(url, {"password": "Initial-secret-42"}).status_code == 409

    from portal.core.emails import OutboundEmail

    body = OutboundEmail.objects.get(kind="service_account_password").body_text
    link = next(line for line in body.splitlines() if "/mot-de-passe/" in line)
    path = link[link.index("/comptes-du-service/") :]
    client = login(client_admin)
    first = client.get(path)
    assert first.status_code == 200
    assert "Initial-secret-42" not in first.content.decode()
    shown = client.post(path)
    assert shown.status_code == 200
    assert "Initial-secret-42" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    again = client.get(path)
    assert again.status_code == 410
    assert "déjà été affiché" in again.content.decode()


def test_expired_link_says_so(login, client_admin, created):
    from datetime import timedelta

    from django.utils import timezone

    instruction, token = created
    Instruction.objects.filter(pk=instruction.pk).update(
        password_expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = login(client_admin).get(reverse("serviceaccounts:password", args=[token]))
    assert response.status_code == 410
    assert "expiré" in response.content.decode()
