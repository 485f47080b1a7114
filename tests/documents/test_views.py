"""The "Documents" pages: browse, upload, download, versions, folders (art. 4, 9, 11)."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.documents import services
from portal.documents.models import Document, Folder
from tests.documents import samples
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _folder_url(folder):
    return reverse("documents:folder", kwargs={"public_id": folder.public_id})


def _post_upload(client, folder, name, data):
    return client.post(
        reverse("documents:upload", kwargs={"public_id": folder.public_id}),
        {"file": samples.upload(name, data)},
        follow=True,
    )


def test_the_index_shows_the_shared_folder_and_the_private_one_in_the_tree(
    login, client_user, quota
):
    response = login(client_user).get(reverse("documents:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dossier partagé" in page and "Mon dossier privé" in page
    assert "Espace de stockage" in page and "Il vous reste 10 Go" in page
    assert Folder.objects.filter(owner=client_user, parent__isnull=True).exists()


def test_a_client_admin_uploads_a_pdf_to_the_shared_folder(login, client_admin, shared):
    response = _post_upload(login(client_admin), shared, "Bilan 2025.pdf", samples.pdf_bytes())
    assert response.redirect_chain[-1][0] == _folder_url(shared)
    page = response.content.decode()
    assert "« Bilan 2025.pdf » est déposé dans « Dossier partagé »." in page
    assert Document.objects.get().folder == shared


def test_an_exe_renamed_pdf_is_refused_with_a_clear_message(login, client_admin, shared):
    response = _post_upload(login(client_admin), shared, "facture.pdf", samples.exe_bytes())
    assert response.status_code == 200
    assert "programme exécutable déguisé" in response.content.decode()
    assert not Document.objects.exists()


def test_an_upload_over_quota_says_what_is_left_and_how_to_buy_more(
    login, client_admin, shared, quota
):
    quota(100)
    response = _post_upload(login(client_admin), shared, "gros.pdf", samples.pdf_bytes())
    page = response.content.decode()
    assert "Il vous reste 100 octets sur 100 octets" in page
    assert "extension de stockage" in page and "Mon abonnement" in page
    assert f'href="{reverse("subscriptions:mine")}#extension"' in page
    assert not Document.objects.exists()


def test_download_is_a_safe_attachment(login, client_user, upload_pdf):
    document = upload_pdf("Bilan été 2025.pdf")
    response = login(client_user).get(
        reverse("documents:download", kwargs={"public_id": document.public_id})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Bilan%20%C3%A9t%C3%A9%202025.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEvent.objects.filter(action="document.downloaded").exists()


def test_a_header_injection_in_the_name_cannot_escape_the_disposition(
    login, client_admin, upload_pdf
):
    document = upload_pdf('a";\r\nSet-Cookie: x=1;.pdf')
    response = login(client_admin).get(
        reverse("documents:download", kwargs={"public_id": document.public_id})
    )
    assert document.name == 'a";Set-Cookie: x=1;.pdf'  # control characters dropped on upload
    # the quote is escaped: the whole name stays inside the one quoted filename
    assert response["Content-Disposition"] == 'attachment; filename="a\\";Set-Cookie: x=1;.pdf"'
    assert not response.cookies.get("x")


def test_another_users_private_folder_is_404(login, client_user, client_admin, quota):
    private = services.private_root(client_admin)
    document = services.upload_document(
        actor=client_admin, folder=private, upload=samples.upload("perso.pdf", samples.pdf_bytes())
    )
    client = login(client_user)
    for url in (
        _folder_url(private),
        reverse("documents:detail", kwargs={"public_id": document.public_id}),
        reverse("documents:download", kwargs={"public_id": document.public_id}),
    ):
        assert client.get(url).status_code == 404
    page = client.get(reverse("documents:index")).content.decode()
    assert "perso.pdf" not in page


def test_a_user_without_any_right_reads_and_writes(login, organisation, shared, upload_pdf):
    # art. 11: the space is open to every user "sans restriction possible de droit".
    nobody = UserFactory(organisation=organisation, rights=[])
    document = upload_pdf()
    client = login(nobody)
    page = client.get(_folder_url(shared)).content.decode()
    assert document.name in page and "Déposer un document" in page
    assert (
        client.get(reverse("documents:download", kwargs={"public_id": document.public_id}))
    ).status_code == 200
    assert _post_upload(client, shared, "a.pdf", samples.pdf_bytes()).status_code == 200
    assert shared.documents.filter(name="a.pdf").exists()


def test_htmx_navigation_gets_the_folder_fragment(login, client_user, shared):
    response = login(client_user).get(_folder_url(shared), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "Dossier partagé" in page


def test_new_version_then_restore_through_the_pages(login, client_admin, upload_pdf):
    import datetime as dt

    document = upload_pdf(now=dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC))
    client = login(client_admin)
    detail = reverse("documents:detail", kwargs={"public_id": document.public_id})
    response = client.post(
        reverse("documents:replace", kwargs={"public_id": document.public_id}),
        {"file": samples.upload("v2.pdf", samples.pdf_bytes("deuxieme version"))},
        follow=True,
    )
    assert "Nouvelle version de « rapport.pdf » enregistrée." in response.content.decode()
    assert "Restaurer la sauvegarde du" in response.content.decode()
    response = client.post(
        reverse("documents:restore", kwargs={"public_id": document.public_id}), follow=True
    )
    assert response.redirect_chain[-1][0] == detail
    assert "est restauré à sa dernière sauvegarde" in response.content.decode()
    document.refresh_from_db()
    assert document.size == len(samples.pdf_bytes())


def test_rename_move_and_delete_a_document(login, client_admin, shared, upload_pdf):
    document = upload_pdf()
    sub = services.create_folder(actor=client_admin, parent=shared, name="Archives")
    client = login(client_admin)
    response = client.post(
        reverse("documents:edit", kwargs={"public_id": document.public_id}),
        {"name": "Bilan", "folder": str(sub.public_id)},
        follow=True,
    )
    assert "Le document est enregistré." in response.content.decode()
    document.refresh_from_db()
    assert (document.name, document.folder) == ("Bilan.pdf", sub)
    response = client.post(
        reverse("documents:delete", kwargs={"public_id": document.public_id}), follow=True
    )
    assert response.redirect_chain[-1][0] == _folder_url(sub)
    assert "« Bilan.pdf » est dans la corbeille" in response.content.decode()


def test_folders_through_the_pages(login, client_admin, shared):
    client = login(client_admin)
    response = client.post(
        reverse("documents:create_folder", kwargs={"public_id": shared.public_id}),
        {"name": "Juridique"},
        follow=True,
    )
    assert "Le dossier « Juridique » est créé." in response.content.decode()
    folder = Folder.objects.get(name="Juridique")
    response = client.post(
        reverse("documents:edit_folder", kwargs={"public_id": folder.public_id}),
        {"name": "Juridique et social", "parent": str(shared.public_id)},
        follow=True,
    )
    assert "Le dossier est enregistré." in response.content.decode()
    response = client.post(
        reverse("documents:delete_folder", kwargs={"public_id": folder.public_id}), follow=True
    )
    assert response.redirect_chain[-1][0] == _folder_url(shared)
    assert not Folder.objects.filter(pk=folder.pk).exists()


def test_the_folder_page_takes_a_bounded_number_of_queries(
    login, client_admin, shared, upload_pdf, django_assert_max_num_queries
):
    for index in range(4):
        sub = services.create_folder(actor=client_admin, parent=shared, name=f"D{index}")
        upload_pdf(f"a{index}.pdf", folder=sub)
        upload_pdf(f"b{index}.pdf")
    client = login(client_admin)
    client.get(_folder_url(shared))
    with django_assert_max_num_queries(20):
        client.get(_folder_url(shared))


def test_the_trash_page_restores_a_deleted_document_to_its_last_backup(
    login, client_admin, client_user, upload_pdf
):
    import datetime as dt

    from portal.documents import services
    from portal.documents.models import Document
    from support.business_time import PARIS

    monday = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    document = upload_pdf(now=monday - dt.timedelta(days=1))
    services.replace_document(
        actor=client_admin,
        document=document,
        upload=samples.upload("v.pdf", samples.pdf_bytes("version du lundi")),
        now=monday,
    )
    services.delete_document(actor=client_admin, document=document, now=monday)
    client = login(client_user)
    page = client.get(reverse("documents:trash")).content.decode()
    assert document.name in page and "Restaurer la sauvegarde du 02/03/2026" in page
    assert "Purger maintenant" not in page  # only an administrator purges at once
    response = client.post(
        reverse("documents:trash_restore", kwargs={"public_id": document.public_id}),
        {"backup": "1"},
        follow=True,
    )
    assert "est restauré dans « Dossier partagé »" in response.content.decode()
    document.refresh_from_db()
    assert not document.in_trash
    assert document.content_changed_at == monday - dt.timedelta(days=1)  # the backed-up content
    assert Document.objects.count() == 1
