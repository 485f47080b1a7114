"""Document space services: quota, backups, rights, storage (art. 4, 9, 11)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import default_storage

from portal.audit.models import AuditEvent
from portal.core.errors import DomainError
from portal.documents import selectors, services
from portal.documents.models import Document, DocumentBackup, Folder, StorageUsage
from tests.documents import samples
from tests.factories import UserFactory

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def _stored_files(media_root):
    root = media_root / "documents"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_it_stores_the_file_under_a_generated_name(upload_pdf, organisation, media_root):
    document = upload_pdf("Mon rapport <script>.pdf")
    assert document.name == "Mon rapport <script>.pdf"
    assert document.file.name.startswith(f"documents/{organisation.public_id}/")
    assert "rapport" not in document.file.name and not document.file.name.endswith(".pdf")
    assert default_storage.open(document.file.name).read() == samples.pdf_bytes()
    assert (document.size, document.kind, document.content_type) == (
        len(samples.pdf_bytes()),
        "pdf",
        "application/pdf",
    )
    assert selectors.storage_used_bytes(organisation) == document.size
    assert StorageUsage.objects.get(organisation=organisation).bytes_used == document.size
    assert StorageUsage.objects.get(organisation=organisation).bytes_reserved == 0
    assert AuditEvent.objects.filter(action="document.uploaded").count() == 1


def test_it_strips_paths_from_uploaded_names(upload_pdf):
    assert upload_pdf("C:\\fakepath\\..\\facture.pdf").name == "facture.pdf"
    assert upload_pdf("../../etc/passwd.pdf").name == "passwd.pdf"


def test_it_refuses_a_spoofed_file_and_stores_nothing(client_admin, shared, media_root):
    with pytest.raises(DomainError) as refusal:
        services.upload_document(
            actor=client_admin,
            folder=shared,
            upload=samples.upload("facture.pdf", samples.exe_bytes()),
        )
    assert refusal.value.field == "file"
    assert "exécutable" in str(refusal.value.message)
    assert not Document.objects.exists()
    assert _stored_files(media_root) == []


def test_it_refuses_upload_over_quota_saying_what_is_left(
    upload_pdf, quota, organisation, media_root
):
    quota(int(2.4 * 1024**3))
    big = upload_pdf("gros.pdf")
    Document.objects.filter(pk=big.pk).update(size=int(1.2 * 1024**3))  # a 1.2 Go file
    StorageUsage.objects.filter(organisation=organisation).update(bytes_used=int(1.2 * 1024**3))
    quota(int(1.2 * 1024**3) + 100)
    with pytest.raises(DomainError) as refusal:
        upload_pdf()
    message = str(refusal.value.message)
    assert "Il vous reste 100 octets sur 1,2 Go" in message
    assert "extension de stockage" in message and "Mon abonnement" in message
    assert list(Document.objects.all()) == [big]
    assert len(_stored_files(media_root)) == 1
    usage = StorageUsage.objects.get(organisation=organisation)
    assert usage.bytes_reserved == 0


def test_it_accepts_an_upload_that_exactly_fills_the_quota(upload_pdf, quota):
    quota(len(samples.pdf_bytes()))
    upload_pdf()
    with pytest.raises(DomainError, match="Il vous reste 0 octet"):
        upload_pdf("deux.pdf")


def test_an_organisation_without_entitlement_cannot_store(upload_pdf, quota):
    quota(0)
    with pytest.raises(DomainError, match="Espace insuffisant"):
        upload_pdf()


def test_the_counter_repairs_itself_when_it_drifted(upload_pdf, quota, organisation):
    quota(3 * len(samples.pdf_bytes()))
    upload_pdf("a.pdf")
    StorageUsage.objects.filter(organisation=organisation).update(bytes_used=10**12)
    upload_pdf("b.pdf")
    assert StorageUsage.objects.get(organisation=organisation).bytes_used == 2 * len(
        samples.pdf_bytes()
    )


def test_a_failed_storage_write_releases_the_reservation(upload_pdf, organisation, monkeypatch):
    def broken_store(organisation, upload):
        raise OSError("disque plein")

    monkeypatch.setattr(services, "_store", broken_store)
    with pytest.raises(OSError):
        upload_pdf()
    usage = StorageUsage.objects.get(organisation=organisation)
    assert (usage.bytes_used, usage.bytes_reserved) == (0, 0)


def test_a_duplicate_name_is_refused_and_its_file_removed(upload_pdf, media_root, organisation):
    upload_pdf("a.pdf")
    with pytest.raises(DomainError, match="existe déjà"):
        upload_pdf("A.PDF")
    assert len(_stored_files(media_root)) == 1
    assert StorageUsage.objects.get(organisation=organisation).bytes_reserved == 0


def test_delete_moves_to_the_trash_which_stays_counted_until_purged(
    upload_pdf, client_admin, client_user, organisation, media_root
):
    document = upload_pdf()
    services.delete_document(actor=client_admin, document=document, now=MONDAY)
    document.refresh_from_db()
    assert document.in_trash and document.purge_after == MONDAY + dt.timedelta(days=30)
    assert not selectors.visible_documents(client_user).exists()
    assert list(selectors.trashed_documents(client_user)) == [document]
    assert StorageUsage.objects.get(organisation=organisation).bytes_used == document.size
    assert len(_stored_files(media_root)) == 1
    assert AuditEvent.objects.filter(action="document.deleted").exists()
    upload_pdf()  # the name is free again in the folder


def test_any_member_restores_a_shared_document_from_the_trash(
    upload_pdf, client_admin, client_user
):
    document = upload_pdf()
    services.delete_document(actor=client_admin, document=document, now=MONDAY)
    services.restore_from_trash(actor=client_user, document=document, now=TUESDAY)
    document.refresh_from_db()
    assert not document.in_trash and document.purge_after is None
    assert list(selectors.visible_documents(client_user)) == [document]
    assert AuditEvent.objects.filter(action="document.restored_from_trash").exists()


def test_restoring_under_a_taken_name_is_refused(upload_pdf, client_admin):
    document = upload_pdf()
    services.delete_document(actor=client_admin, document=document, now=MONDAY)
    upload_pdf()
    with pytest.raises(DomainError, match="existe déjà"):
        services.restore_from_trash(actor=client_admin, document=document)
    document.refresh_from_db()
    assert document.in_trash


def test_the_purge_task_frees_space_and_files_after_30_days(
    upload_pdf, client_admin, organisation, media_root, django_capture_on_commit_callbacks
):
    from portal.documents.tasks import purge_trash

    document = upload_pdf()
    services.delete_document(actor=client_admin, document=document, now=MONDAY)
    assert services.purge_trash(now=MONDAY + dt.timedelta(days=29)) == 0
    later = MONDAY + dt.timedelta(days=30, seconds=1)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert purge_trash() == 1
    assert purge_trash() == 0
    assert not Document.objects.exists()
    assert StorageUsage.objects.get(organisation=organisation).bytes_used == 0
    assert _stored_files(media_root) == []


def test_only_an_administrator_purges_at_once(
    upload_pdf, client_admin, client_user, organisation, django_capture_on_commit_callbacks
):
    document = upload_pdf()
    services.delete_document(actor=client_user, document=document, now=MONDAY)
    with pytest.raises(DomainError, match="administrateur"):
        services.purge_document(actor=client_user, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        services.purge_document(actor=client_admin, document=document)
    assert not Document.objects.exists()
    assert StorageUsage.objects.get(organisation=organisation).bytes_used == 0
    assert AuditEvent.objects.filter(action="document.purged").exists()


def test_a_folder_holding_trashed_documents_is_not_deleted(upload_pdf, client_admin, shared):
    folder = services.create_folder(actor=client_admin, parent=shared, name="Paie")
    document = upload_pdf(folder=folder)
    services.delete_document(actor=client_admin, document=document, now=MONDAY)
    with pytest.raises(DomainError, match="corbeille"):
        services.delete_folder(actor=client_admin, folder=folder)
    assert Document.objects.filter(pk=document.pk).exists()


# --- backups and restore (art. 9) ------------------------------------------------------

MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
TUESDAY = MONDAY + dt.timedelta(days=1)


def _new_version(actor, document, text, now):
    return services.replace_document(
        actor=actor,
        document=document,
        upload=samples.upload("v.pdf", samples.pdf_bytes(text)),
        now=now,
    )


def _content(document):
    document.refresh_from_db()
    return default_storage.open(document.file.name).read()


def test_a_file_changed_during_the_day_can_be_restored_to_its_last_backup(
    upload_pdf, client_admin, django_capture_on_commit_callbacks
):
    document = upload_pdf(data=samples.pdf_bytes("lundi"), now=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        _new_version(client_admin, document, "mardi matin", TUESDAY)
        _new_version(client_admin, document, "mardi soir", TUESDAY + dt.timedelta(hours=6))
    backup = DocumentBackup.objects.get(document=document)
    assert default_storage.open(backup.file.name).read() == samples.pdf_bytes("lundi")
    assert backup.backed_up_at == dt.datetime(2026, 3, 3, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        services.restore_document(
            actor=client_admin, document=document, now=TUESDAY + dt.timedelta(hours=7)
        )
    assert _content(document) == samples.pdf_bytes("lundi")
    # The content written today was never backed up: it is gone, as is the backup row.
    assert not DocumentBackup.objects.filter(document=document).exists()
    assert AuditEvent.objects.filter(action="document.restored").exists()


def test_a_file_created_and_changed_the_same_day_has_no_backup(upload_pdf, client_admin):
    document = upload_pdf(now=MONDAY)
    _new_version(client_admin, document, "plus tard", MONDAY + dt.timedelta(hours=1))
    assert not DocumentBackup.objects.filter(document=document).exists()
    with pytest.raises(DomainError, match="pas de sauvegarde"):
        services.restore_document(actor=client_admin, document=document, now=MONDAY)


def test_restoring_keeps_the_current_content_when_a_backup_holds_it(upload_pdf, client_admin):
    document = upload_pdf(data=samples.pdf_bytes("v1"), now=MONDAY)
    _new_version(client_admin, document, "v2", TUESDAY)
    wednesday = TUESDAY + dt.timedelta(days=1)
    services.restore_document(actor=client_admin, document=document, now=wednesday)
    assert _content(document) == samples.pdf_bytes("v1")
    backup = DocumentBackup.objects.get(document=document)
    assert default_storage.open(backup.file.name).read() == samples.pdf_bytes("v2")


def test_versions_and_restores_keep_the_usage_exact(upload_pdf, client_admin, organisation):
    document = upload_pdf(data=samples.pdf_bytes("court"), now=MONDAY)
    _new_version(client_admin, document, "un texte nettement plus long", TUESDAY)
    usage = StorageUsage.objects.get(organisation=organisation)
    assert usage.bytes_used == selectors.storage_used_bytes(organisation)
    services.restore_document(actor=client_admin, document=document, now=TUESDAY)
    usage.refresh_from_db()
    assert (
        usage.bytes_used
        == selectors.storage_used_bytes(organisation)
        == len(samples.pdf_bytes("court"))
    )
    assert usage.bytes_reserved == 0


def test_a_new_version_counts_only_what_it_adds_to_the_quota(
    upload_pdf, client_admin, quota, organisation, media_root
):
    document = upload_pdf(data=samples.pdf_bytes("v1"), now=MONDAY)
    quota(len(samples.pdf_bytes("v1")))  # the space is full
    _new_version(client_admin, document, "v2", TUESDAY)  # same size: fits
    assert _content(document) == samples.pdf_bytes("v2")
    with pytest.raises(DomainError) as refusal:
        _new_version(client_admin, document, "une version plus longue", TUESDAY)
    assert str(refusal.value.message).startswith(
        "Espace insuffisant : il faudrait 21 octets de plus que la version actuelle du document. "
        "Il vous reste 0 octet sur "
    )
    assert _content(document) == samples.pdf_bytes("v2")
    usage = StorageUsage.objects.get(organisation=organisation)
    assert (usage.bytes_used, usage.bytes_reserved) == (len(samples.pdf_bytes("v2")), 0)
    # the current file and the kept backup (v1, from Monday): nothing else stored
    assert len(_stored_files(media_root)) == 2


def test_missing_counters_are_rebuilt_from_the_documents(upload_pdf, client_admin, organisation):
    document = upload_pdf(data=samples.pdf_bytes("une version longue"), now=MONDAY)
    StorageUsage.objects.all().delete()  # e.g. documents written by a seed, not an upload
    _new_version(client_admin, document, "courte", TUESDAY)
    usage = StorageUsage.objects.get(organisation=organisation)
    assert (
        usage.bytes_used
        == selectors.storage_used_bytes(organisation)
        == len(samples.pdf_bytes("courte"))
    )


def test_a_new_version_must_keep_the_format(upload_pdf, client_admin):
    document = upload_pdf()
    with pytest.raises(DomainError, match="même format"):
        services.replace_document(
            actor=client_admin,
            document=document,
            upload=samples.upload("x.png", samples.png_bytes()),
        )
    with pytest.raises(DomainError, match="exécutable"):
        services.replace_document(
            actor=client_admin,
            document=document,
            upload=samples.upload("x.pdf", samples.exe_bytes()),
        )


# --- spaces and rights (art. 11) ------------------------------------------------------------


def test_private_folders_are_isolated(client_user, client_admin, quota):
    mine = services.private_root(client_user)
    assert services.private_root(client_user) == mine
    assert mine.owner == client_user
    services.upload_document(
        actor=client_user, folder=mine, upload=samples.upload("perso.pdf", samples.pdf_bytes())
    )
    assert selectors.visible_documents(client_user).count() == 1
    assert selectors.visible_documents(client_admin).count() == 0
    assert mine not in selectors.visible_folders(client_admin)
    with pytest.raises(DomainError):
        services.upload_document(
            actor=client_admin,
            folder=mine,
            upload=samples.upload("intrus.pdf", samples.pdf_bytes()),
        )


def test_everyone_in_the_organisation_sees_the_shared_folder(upload_pdf, client_user, outsider):
    document = upload_pdf()
    assert list(selectors.visible_documents(client_user)) == [document]
    assert not selectors.visible_documents(outsider).exists()


def test_a_user_without_any_right_writes_their_private_and_the_shared_folder(organisation, shared):
    # art. 11: "accessible à tous les Utilisateurs du Client, sans restriction possible de droit".
    nobody = UserFactory(organisation=organisation, rights=[])
    for folder in (shared, services.private_root(nobody)):
        document = services.upload_document(
            actor=nobody, folder=folder, upload=samples.upload("a.pdf", samples.pdf_bytes())
        )
        assert document.folder == folder


def test_the_quota_is_pooled_across_private_and_shared(client_user, upload_pdf, quota):
    quota(len(samples.pdf_bytes()) * 2)
    upload_pdf("partage.pdf")
    services.upload_document(
        actor=client_user,
        folder=services.private_root(client_user),
        upload=samples.upload("perso.pdf", samples.pdf_bytes()),
    )
    with pytest.raises(DomainError, match="Espace insuffisant"):
        upload_pdf("trop.pdf")


def test_deleting_a_user_frees_their_private_space(
    organisation, client_admin, quota, media_root, django_capture_on_commit_callbacks
):
    leaving = UserFactory(organisation=organisation)
    services.upload_document(
        actor=leaving,
        folder=services.private_root(leaving),
        upload=samples.upload("perso.pdf", samples.pdf_bytes()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        leaving.delete()
    assert StorageUsage.objects.get(organisation=organisation).bytes_used == 0
    assert _stored_files(media_root) == []
    event = AuditEvent.objects.get(action="document.private_space_purged")
    assert event.organisation == organisation
    assert event.data == {
        "user": str(leaving.public_id),
        "documents": 1,
        "size": len(samples.pdf_bytes()),
    }


def test_deleting_a_user_without_a_private_folder_records_nothing(organisation):
    UserFactory(organisation=organisation).delete()
    assert not AuditEvent.objects.filter(action="document.private_space_purged").exists()


# --- folders ----------------------------------------------------------------------------------


def test_folders_nest_rename_move_and_delete_when_empty(client_admin, shared, upload_pdf):
    compta = services.create_folder(actor=client_admin, parent=shared, name="Comptabilité")
    annee = services.create_folder(actor=client_admin, parent=compta, name="2026")
    with pytest.raises(DomainError, match="existe déjà"):
        services.create_folder(actor=client_admin, parent=shared, name="comptabilité")
    with pytest.raises(DomainError, match="lui-même"):
        services.update_folder(actor=client_admin, folder=compta, name="Compta", parent=annee)
    services.update_folder(actor=client_admin, folder=annee, name="Année 2026", parent=shared)
    annee.refresh_from_db()
    assert (annee.name, annee.parent) == ("Année 2026", shared)
    upload_pdf(folder=compta)
    with pytest.raises(DomainError, match="pas vide"):
        services.delete_folder(actor=client_admin, folder=compta)
    services.delete_folder(actor=client_admin, folder=annee)
    assert not Folder.objects.filter(pk=annee.pk).exists()
    with pytest.raises(DomainError, match="racine"):
        services.delete_folder(actor=client_admin, folder=shared)


def test_a_folder_cannot_change_space(client_admin, shared):
    sub = services.create_folder(actor=client_admin, parent=shared, name="Sous")
    with pytest.raises(DomainError, match="espace privé"):
        services.update_folder(
            actor=client_admin, folder=sub, name="Sous", parent=services.private_root(client_admin)
        )


def test_rename_and_move_a_document(client_admin, shared, upload_pdf):
    document = upload_pdf()
    private = services.private_root(client_admin)
    services.update_document(actor=client_admin, document=document, name="Bilan", folder=private)
    document.refresh_from_db()
    assert (document.name, document.folder) == ("Bilan.pdf", private)
    with pytest.raises(DomainError, match="Gardez l'extension"):
        services.update_document(
            actor=client_admin, document=document, name="Bilan.docx", folder=private
        )


def test_folder_tree_and_listing_take_bounded_queries(
    client_admin, shared, upload_pdf, django_assert_max_num_queries
):
    for index in range(5):
        folder = services.create_folder(actor=client_admin, parent=shared, name=f"D{index}")
        upload_pdf(f"f{index}.pdf", folder=folder)
        upload_pdf(f"g{index}.pdf")
    with django_assert_max_num_queries(3):
        tree = selectors.folder_tree(client_admin)
        folders, documents = selectors.folder_contents(shared)
        [d.uploaded_by for d in documents]
    assert len(tree[0].children) == 5 and len(documents) == 5


def test_the_migration_drops_the_documents_right(organisation):
    import importlib

    from django.apps import apps

    holder = UserFactory(organisation=organisation, rights=["file_demandes", "manage_documents"])
    migration = importlib.import_module("portal.accounts.migrations.0002_drop_documents_right")
    migration.drop_documents_right(apps, None)
    holder.refresh_from_db()
    assert holder.rights == ["file_demandes"]
