"""API v1 on documents: same rules as the pages (art. 4, 11)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.documents import services
from portal.documents.models import Document
from tests.documents import samples
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/documents/"


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


def _upload(client, filename, data, **extra):
    return client.post(LIST, {"file": samples.upload(filename, data), **extra}, format="multipart")


def test_upload_to_the_shared_folder_by_default(api, client_admin, shared):
    response = _upload(api(client_admin), "Bilan.pdf", samples.pdf_bytes())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Bilan.pdf" and body["kind"] == "pdf"
    assert body["folder"] == str(shared.public_id)
    assert body["uploaded_by"] == client_admin.email


def test_upload_into_the_private_folder_with_a_name(api, client_user, quota):
    private = services.private_root(client_user)
    response = _upload(
        api(client_user),
        "scan.png",
        samples.png_bytes(),
        folder=str(private.public_id),
        name="Carte grise.png",
    )
    assert response.status_code == 201
    assert Document.objects.get().folder == private


def test_a_spoofed_file_is_a_400_on_the_file_field(api, client_admin, shared):
    response = _upload(api(client_admin), "facture.pdf", samples.exe_bytes())
    assert response.status_code == 400
    assert "exécutable" in response.json()["file"][0]
    assert not Document.objects.exists()


def test_over_quota_is_a_400_saying_what_is_left(api, client_admin, shared, quota):
    quota(10)
    response = _upload(api(client_admin), "a.pdf", samples.pdf_bytes())
    assert response.status_code == 400
    assert "Il vous reste 10 octets" in response.json()["file"][0]


def test_a_folder_outside_the_callers_space_is_refused(
    api, client_user, client_admin, outsider, shared, quota
):
    theirs = services.private_root(client_admin)
    for caller, folder in [(client_user, theirs), (outsider, shared)]:
        response = _upload(api(caller), "a.pdf", samples.pdf_bytes(), folder=str(folder.public_id))
        assert response.status_code == 400
        assert response.json()["folder"] == ["Ce dossier n'existe pas dans votre espace."]
    assert not Document.objects.exists()


def test_listing_another_spaces_folder_is_404_and_a_malformed_one_400(api, outsider, shared):
    assert api(outsider).get(LIST, {"folder": str(shared.public_id)}).status_code == 404
    response = api(outsider).get(LIST, {"folder": "pas-un-uuid"})
    assert response.status_code == 400  # a bad filter value (issue 14): a field error
    assert "folder" in response.json()


def test_missing_file_is_a_field_error(api, client_admin, shared):
    response = api(client_admin).post(LIST, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_list_shows_shared_and_own_private_documents_only(
    api, client_user, client_admin, upload_pdf, outsider
):
    shared_doc = upload_pdf("partage.pdf")
    upload_pdf("prive-admin.pdf", folder=services.private_root(client_admin))
    mine = upload_pdf("mien.pdf", folder=services.private_root(client_user), actor=client_user)
    ids = {item["id"] for item in api(client_user).get(LIST).json()["results"]}
    assert ids == {str(shared_doc.public_id), str(mine.public_id)}
    assert api(outsider).get(LIST).json()["results"] == []
    filtered = api(client_user).get(LIST, {"folder": str(shared_doc.folder.public_id)}).json()
    assert [item["id"] for item in filtered["results"]] == [str(shared_doc.public_id)]


def test_download_and_delete(api, client_admin, upload_pdf):
    document = upload_pdf("Compte rendu.pdf")
    client = api(client_admin)
    response = client.get(f"{LIST}{document.public_id}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.delete(f"{LIST}{document.public_id}/").status_code == 204
    assert client.get(f"{LIST}{document.public_id}/").status_code == 404


def test_outsiders_get_404_and_a_user_without_rights_writes(
    api, organisation, outsider, upload_pdf
):
    document = upload_pdf()
    url = f"{LIST}{document.public_id}/"
    assert api(outsider).get(url).status_code == 404
    assert api(outsider).delete(url).status_code == 404
    assert api(outsider).get(url + "download/").status_code == 404
    # art. 11: no right restricts the document space.
    nobody = UserFactory(organisation=organisation, rights=[])
    assert api(nobody).get(url).status_code == 200
    assert _upload(api(nobody), "a.pdf", samples.pdf_bytes()).status_code == 201
    assert api(nobody).delete(url).status_code == 204
    assert Document.objects.get(pk=document.pk).in_trash  # art. 9: restorable 30 days
    assert api(nobody).get(url).status_code == 404


def test_staff_have_no_document_space(api, agent):
    assert api(agent).get(LIST).status_code == 403


def test_folders_list(api, client_user, shared):
    names = {
        item["name"]: item
        for item in api(client_user).get("/api/v1/document-folders/").json()["results"]
    }
    assert names["Dossier partagé"]["private"] is False
    assert names["Mon dossier privé"]["private"] is True


def test_the_schema_documents_the_endpoints(api, client_user):
    schema = api(client_user).get(reverse("schema")).content.decode()
    assert "/api/v1/documents/" in schema and "/api/v1/documents/{public_id}/download/" in schema
    assert "multipart/form-data" in schema


def test_the_list_takes_a_bounded_number_of_queries(
    api, client_admin, upload_pdf, django_assert_max_num_queries
):
    for index in range(6):
        upload_pdf(f"f{index}.pdf")
    client = api(client_admin)
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert response.json()["count"] == 6
