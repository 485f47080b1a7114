"""Clients of third-party document systems (art. 17, 3. Cegid File Exchange).

WebDAV over ``requests`` (PROPFIND to test, MKCOL for folders, PUT for
files) and S3-compatible storage over ``boto3``. Both raise
:class:`GedError` with a French message, marked transient when a retry may
help (network, 5xx, throttling).
"""

from __future__ import annotations

from urllib.parse import quote

import requests

TIMEOUT = (5, 60)  # connect, read (seconds)


class GedError(Exception):
    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.message = message
        self.transient = transient


def _http_error(response) -> GedError:
    status = response.status_code
    if status in (401, 403):
        return GedError(f"Identifiants refusés par le serveur (HTTP {status}).")
    if status == 404:
        return GedError("Adresse ou dossier introuvable sur le serveur (HTTP 404).")
    if status == 507:
        return GedError("Le serveur n'a plus d'espace disponible (HTTP 507).")
    transient = status >= 500 or status == 429
    return GedError(f"Le serveur a répondu HTTP {status}.", transient=transient)


class WebDavClient:
    def __init__(self, url: str, username: str, password: str, remote_folder: str = ""):
        self.base = url.rstrip("/")
        self.root = [part for part in remote_folder.split("/") if part]
        self.session = requests.Session()
        self.session.auth = (username, password)

    def _url(self, parts: list[str], folder: bool = False) -> str:
        path = "/".join(quote(part, safe="") for part in [*self.root, *parts])
        return f"{self.base}/{path}" + ("/" if folder and path else "")

    def _request(self, method, url, **kwargs):
        try:
            return self.session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            raise GedError(
                f"Serveur injoignable ({exc.__class__.__name__}).", transient=True
            ) from exc

    def test(self) -> None:
        response = self._request("PROPFIND", self._url([], folder=True), headers={"Depth": "0"})
        if response.status_code not in (200, 207):
            raise _http_error(response)

    def ensure_folder(self, parts: list[str]) -> None:
        for depth in range(1, len(parts) + 1):
            response = self._request("MKCOL", self._url(parts[:depth], folder=True))
            if response.status_code not in (201, 405):  # 405: exists already
                raise _http_error(response)

    def put(self, parts: list[str], data: bytes) -> None:
        response = self._request("PUT", self._url(parts), data=data)
        if response.status_code not in (200, 201, 204):
            raise _http_error(response)


class S3Client:
    def __init__(self, url: str, bucket: str, access_key: str, secret_key: str, prefix: str = ""):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = [part for part in prefix.split("/") if part]
        self.client = boto3.client(
            "s3",
            endpoint_url=url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name="us-east-1",
            config=Config(
                retries={"max_attempts": 1},
                connect_timeout=5,
                read_timeout=60,
                signature_version="s3v4",
            ),
        )

    def _call(self, method, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, method)(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in ("NoSuchBucket", "404") or status == 404:
                raise GedError("Bucket introuvable sur le stockage S3.") from exc
            if status in (401, 403) or code in ("InvalidAccessKeyId", "SignatureDoesNotMatch"):
                raise GedError("Clés d'accès S3 refusées.") from exc
            raise GedError(
                f"Le stockage S3 a répondu {code or status}.", transient=status >= 500
            ) from exc
        except BotoCoreError as exc:
            raise GedError(
                f"Stockage S3 injoignable ({exc.__class__.__name__}).", transient=True
            ) from exc

    def test(self) -> None:
        self._call("head_bucket", Bucket=self.bucket)

    def ensure_folder(self, parts: list[str]) -> None:
        return None  # S3 has no folders: keys carry the path

    def put(self, parts: list[str], data: bytes) -> None:
        key = "/".join([*self.prefix, *parts])
        self._call("put_object", Bucket=self.bucket, Key=key, Body=data)


def client_for(
    *, kind: str, url: str, username: str, secret: str, bucket: str = "", remote_folder: str = ""
):
    if kind == "s3":
        return S3Client(url, bucket, username, secret, remote_folder)
    return WebDavClient(url, username, secret, remote_folder)
