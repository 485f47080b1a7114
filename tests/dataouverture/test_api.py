"""Import APIs with machine credentials (art. 17, 1.)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dataouverture.models import ApiCredential
from dataouverture.services.credentials import revoke_credential, rotate_credential
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.documents.models import Document
from portal.documents.services import shared_root
from tests.dataouverture.conftest import give_pack
from tests.documents.samples import pdf_bytes

pytestmark = pytest.mark.django_db
DOCS = "/api/v1/data-ouverture/import/documents/"
USERS = "/api/v1/data-ouverture/import/utilisateurs/"


def auth(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def pdf(name="Bilan.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def issued(pack, credential_factory):
    return credential_factory(name="Import GED")


def test_the_secret_is_stored_only_as_a_hash(issued):
    secret = issued.credential.secrets.get()
    assert issued.secret.startswith(f"do_{secret.prefix}_")
    assert issued.secret not in secret.digest
    assert not ApiCredential.objects.filter(name__contains=issued.secret).exists()


def test_it_imports_files_into_the_shared_folder_audited_with_the_credential(client, issued):
    response = client.post(DOCS, {"file": [pdf("A.pdf"), pdf("B.pdf")]}, **auth(issued.secret))
    assert response.status_code == 201, response.content
    assert [d["name"] for d in response.json()["documents"]] == ["A.pdf", "B.pdf"]
    assert Document.objects.filter(folder__owner__isnull=True).count() == 2
    call = AuditEvent.objects.get(action="dataouverture.api_call")
    assert call.actor_label == "clé d'API « Import GED »"
    assert call.data["status"] == 201


def test_a_retried_upload_with_the_same_key_is_stored_once(client, issued):
    headers = {**auth(issued.secret), "HTTP_IDEMPOTENCY_KEY": "envoi-42"}
    first = client.post(DOCS, {"file": pdf()}, **headers)
    again = client.post(DOCS, {"file": pdf()}, **headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Document.objects.count() == 1


def test_the_same_key_for_another_request_is_refused(client, issued):
    headers = {**auth(issued.secret), "HTTP_IDEMPOTENCY_KEY": "envoi-43"}
    client.post(DOCS, {"file": pdf("A.pdf")}, **headers)
    response = client.post(DOCS, {"file": pdf("Autre.pdf")}, **headers)
    assert response.status_code == 409
    assert Document.objects.count() == 1


def test_a_refused_file_stores_nothing_and_says_why_in_french(client, issued):
    evil = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(DOCS, {"file": [pdf("Bon.pdf"), evil]}, **auth(issued.secret))
    assert response.status_code == 400
    assert "virus.pdf" in response.json()["file"][0]
    assert Document.objects.count() == 0


def test_an_upload_over_quota_is_refused(client, issued, organisation, settings):
    from portal.documents import selectors

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(selectors, "quota_bytes", lambda organisation: 10)
        response = client.post(DOCS, {"file": pdf()}, **auth(issued.secret))
    assert response.status_code == 400
    assert "Espace insuffisant" in response.json()["file"][0]
    assert Document.objects.count() == 0


def test_a_credential_never_reaches_another_organisations_folder(
    client, issued, other_organisation
):
    theirs = shared_root(other_organisation)
    response = client.post(
        DOCS, {"file": pdf(), "folder": str(theirs.public_id)}, **auth(issued.secret)
    )
    assert response.status_code == 404
    assert Document.objects.count() == 0


def test_reads_are_scoped_to_the_credentials_organisation(
    client, credential_factory, pack, other_organisation, outsider
):
    from support.models import Demande
    from tests.support.factories import file

    file(outsider)
    reader = credential_factory(name="BI", scopes=["read:demandes"])
    response = client.get("/api/v1/data-ouverture/demandes/", **auth(reader.secret))
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert Demande.objects.count() == 1


def test_a_scope_not_granted_is_403(client, credential_factory, pack):
    reader = credential_factory(name="BI", scopes=["read:invoices"])
    response = client.post(DOCS, {"file": pdf()}, **auth(reader.secret))
    assert response.status_code == 403


def test_import_scopes_need_the_pack(credential_factory, organisation):
    from portal.core.errors import DomainError

    with pytest.raises(DomainError, match="pack Data Ouverture"):
        credential_factory(scopes=["import:documents"])
    assert credential_factory(name="Lecture", scopes=["read:demandes"]).credential.pk


def test_expiry_is_at_most_one_year(credential_factory, pack):
    from portal.core.errors import DomainError

    with pytest.raises(DomainError, match="un an"):
        credential_factory(expires_at=timezone.now() + timedelta(days=400))


def test_a_session_is_not_enough(client, client_admin, pack):
    client.force_login(client_admin)
    assert client.post(DOCS, {"file": pdf()}).status_code == 401


@pytest.mark.parametrize(
    ("ranges", "status"), [("203.0.113.0/24", 401), ("127.0.0.0/8\n10.0.0.0/8", 201)]
)
def test_source_ip_ranges(client, credential_factory, pack, ranges, status):
    issued = credential_factory(ip_ranges=ranges)
    response = client.post(DOCS, {"file": pdf()}, REMOTE_ADDR="127.0.0.1", **auth(issued.secret))
    assert response.status_code == status


def test_a_revoked_or_expired_credential_is_refused(client, issued, client_admin):
    revoke_credential(actor=client_admin, credential=issued.credential)
    response = client.post(DOCS, {"file": pdf()}, **auth(issued.secret))
    assert response.status_code == 401
    assert "révoquée" in response.json()["detail"]


def test_expired(client, issued):
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.post(DOCS, {"file": pdf()}, **auth(issued.secret))
    assert response.status_code == 401
    assert "expiré" in response.json()["detail"]


def test_rotation_keeps_the_old_secret_during_the_overlap(client, issued, client_admin):
    new = rotate_credential(
        actor=client_admin, credential=issued.credential, overlap=timedelta(hours=2)
    )
    assert client.post(DOCS, {"file": pdf("1.pdf")}, **auth(issued.secret)).status_code == 201
    assert client.post(DOCS, {"file": pdf("2.pdf")}, **auth(new.secret)).status_code == 201
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.post(DOCS, {"file": pdf("3.pdf")}, **auth(issued.secret)).status_code == 401
        assert client.post(DOCS, {"file": pdf("4.pdf")}, **auth(new.secret)).status_code == 201


def test_the_creators_deactivation_stops_the_credential(client, issued, client_admin):
    User.objects.filter(pk=client_admin.pk).update(is_active=False)
    assert client.post(DOCS, {"file": pdf()}, **auth(issued.secret)).status_code == 401


def test_rate_limit_per_credential(client, credential_factory, pack):
    slow = credential_factory(name="Lent", scopes=["import:documents"], rate_per_minute=2)
    other = credential_factory(name="Autre", scopes=["import:documents"], rate_per_minute=2)
    statuses = [
        client.post(DOCS, {"file": pdf(f"{n}.pdf")}, **auth(slow.secret)).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert client.post(DOCS, {"file": pdf("x.pdf")}, **auth(other.secret)).status_code == 201


def test_bulk_users_are_created_whole(client, issued, organisation, mailoutbox):
    csv = (
        "email;prenom;nom;role\n"
        "alice@durand.test;Alice;Roux;\n"
        "bob@durand.test;Bob;Lenoir;administrateur\n"
    )
    response = client.post(
        USERS, {"file": SimpleUploadedFile("u.csv", csv.encode())}, **auth(issued.secret)
    )
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    bob = User.objects.get(email="bob@durand.test")
    assert bob.organisation == organisation and bob.role == "client_admin" and not bob.is_active


def test_a_faulty_csv_creates_nobody_and_lists_errors_by_line(client, issued, client_user):
    csv = (
        "email;prenom;nom;role\n"
        "ok@durand.test;Ok;Ok;\n"
        "pas-une-adresse;X;Y;\n"
        f"{client_user.email};K;B;\n"
        "z@durand.test;Z;Z;chef\n"
        "ok@durand.test;Ok;Ok;\n"
    )
    response = client.post(
        USERS, {"file": SimpleUploadedFile("u.csv", csv.encode())}, **auth(issued.secret)
    )
    assert response.status_code == 400
    errors = response.json()["file"]
    assert any(error.startswith("Ligne 3 :") for error in errors)
    assert any(error.startswith("Ligne 5 :") and "rôle" in error for error in errors)
    assert any(error.startswith("Ligne 6 :") and "ligne 2" in error for error in errors)
    assert not User.objects.filter(email="ok@durand.test").exists()


def test_an_existing_account_is_an_error_by_line(client, issued, client_user):
    csv = f"email\nneuf@durand.test\n{client_user.email}\n"
    response = client.post(
        USERS, {"file": SimpleUploadedFile("u.csv", csv.encode())}, **auth(issued.secret)
    )
    assert response.status_code == 400
    assert response.json()["file"] == [f"Ligne 3 : « {client_user.email} » a déjà un compte."]
    assert not User.objects.filter(email="neuf@durand.test").exists()


def test_the_schema_documents_the_rate_limit(client, client_admin):
    client.force_login(client_admin)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "import_documents" in schema and "Limite d'appels" in schema
    assert "cleApiDataOuverture" in schema


def test_other_organisation_pack_does_not_open_ours(client, credential_factory, other_organisation):
    give_pack(other_organisation)
    from portal.core.errors import DomainError

    with pytest.raises(DomainError):
        credential_factory(scopes=["import:documents"])
