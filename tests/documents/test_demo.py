import pytest
from django.core.management import call_command

from portal.core import filetypes
from portal.documents.models import Document, StorageUsage
from portal.documents.selectors import storage_used_bytes

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_its_files_are_real(capsys):
    call_command("seed_demo")
    count = Document.objects.count()
    call_command("seed_demo")
    assert Document.objects.count() == count >= 5
    for document in Document.objects.all():
        with document.file.open("rb") as stored:
            assert filetypes.detect(stored, document.name).kind == document.kind
    for usage in StorageUsage.objects.select_related("organisation"):
        assert usage.bytes_used == storage_used_bytes(usage.organisation)
    private = Document.objects.get(name="Notes de réunion.pdf")
    assert private.folder.owner.email == "user@durand.demo"
