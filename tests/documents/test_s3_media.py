"""Media on an S3-compatible store (issue 11): the same journeys, files in a bucket.

moto in server mode is a real HTTP S3 endpoint on a loopback port (as the
File Exchange tests use it); django-storages talks to it through boto3, exactly
as it would to Scaleway, OVHcloud, MinIO or AWS with ``MEDIA_STORAGE=s3``.
"""

import uuid

import boto3
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.documents import services
from portal.documents.models import Document, DocumentBackup
from tests.dataouverture.servers import s3_server
from tests.documents import samples
from tests.support.factories import MONDAY_10, png

pytestmark = pytest.mark.django_db

LIST = "/api/v1/documents/"


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, settings):
    """A fresh bucket as the default storage, the way settings.py builds it for s3."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-3",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": endpoint,
                "region_name": "eu-west-3",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }

    def keys() -> set[str]:
        listed = s3.list_objects_v2(Bucket=name).get("Contents", [])
        return {item["Key"] for item in listed}

    return keys


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _download(client, document) -> bytes:
    response = client.get(f"{LIST}{document.public_id}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_document_lives_its_whole_life_in_the_bucket(
    bucket, client_admin, shared, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-11-23 10:00 +01:00")
    client = token_client(client_admin)
    response = client.post(
        LIST, {"file": samples.upload("Bilan.pdf", samples.pdf_bytes("v1"))}, format="multipart"
    )
    assert response.status_code == 201, response.content
    document = Document.objects.get(public_id=response.json()["id"])
    first = document.file.name
    assert bucket() == {first}
    assert _download(client, document) == samples.pdf_bytes("v1")

    # The next day: a new version; the backed-up content stays in the bucket (art. 9).
    time_machine.move_to("2026-11-24 10:00 +01:00")
    new_version = samples.upload("Bilan.pdf", samples.pdf_bytes("v2"))
    services.replace_document(actor=client_admin, document=document, upload=new_version)
    document.refresh_from_db()
    assert DocumentBackup.objects.get(document=document).file.name == first
    assert bucket() == {first, document.file.name}
    assert _download(client, document) == samples.pdf_bytes("v2")
    with django_capture_on_commit_callbacks(execute=True):
        services.restore_document(actor=client_admin, document=document)
    assert _download(client, document) == samples.pdf_bytes("v1")
    assert bucket() == {first}  # v2 was written today, never backed up: gone

    # Trash (restorable, still stored), then purged: nothing left in the bucket.
    assert client.delete(f"{LIST}{document.public_id}/").status_code == 204
    assert bucket()
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # files go after commit
        services.purge_document(actor=client_admin, document=document)
    assert bucket() == set()
    usage = services.recount_usage(client_admin.organisation)
    assert (usage.bytes_used, usage.bytes_reserved) == (0, 0)


def test_a_refused_upload_leaves_nothing_in_the_bucket(bucket, client_admin, shared, quota):
    quota(1000)
    client = token_client(client_admin)
    big = samples.upload("Gros.pdf", samples.pdf_bytes("x" * 2000))
    response = client.post(LIST, {"file": big}, format="multipart")
    assert response.status_code == 400
    assert bucket() == set()


def test_a_demande_attachment_is_filed_and_downloaded_from_the_bucket(
    bucket, client_user, time_machine
):
    time_machine.move_to(MONDAY_10, tick=False)
    client = token_client(client_user)
    response = client.post(
        "/api/v1/demandes/",
        {"subject": "Balance fausse", "attachments": [png()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    (attachment,) = response.json()["attachments"]
    assert len(bucket()) == 1
    download = client.get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
