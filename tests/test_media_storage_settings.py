"""MEDIA_STORAGE chooses where media files live (issue 11); local stays the default."""

from tests.test_settings import _manage

SHOW = "from django.conf import settings; o = settings.STORAGES['default']; print(o['BACKEND'], "
SHOW += "o.get('OPTIONS', {}).get('bucket_name'), o.get('OPTIONS', {}).get('endpoint_url'))"


def _shown(result) -> list[str]:
    return result.stdout.strip().splitlines()[-1].split()  # after "N objects imported…"


def test_local_files_by_default():
    result = _manage("shell", "-c", SHOW)
    assert _shown(result) == ["django.core.files.storage.FileSystemStorage", "None", "None"]


def test_s3_from_the_environment():
    result = _manage(
        "shell",
        "-c",
        SHOW,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="portail-media",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.example",
    )
    assert result.returncode == 0, result.stderr
    assert _shown(result) == [
        "storages.backends.s3.S3Storage",
        "portail-media",
        "https://s3.fr-par.example",
    ]


def test_s3_without_a_bucket_or_an_unknown_storage_is_refused_in_french():
    result = _manage("check", MEDIA_STORAGE="s3")
    assert result.returncode != 0 and "exige AWS_STORAGE_BUCKET_NAME" in result.stderr
    result = _manage("check", MEDIA_STORAGE="ftp")
    assert result.returncode != 0 and "MEDIA_STORAGE vaut" in result.stderr
