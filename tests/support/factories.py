"""Demandes for tests, filed through the real service so deadlines are real."""

from datetime import datetime

from portal.accounts.models import Role
from support.business_time import PARIS
from support.models import Demande
from support.services import DemandeDraft, file_demande
from tests.factories import OrganisationFactory, UserFactory

#: A Monday 10:00 in Paris: inside the hours of both calendars.
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


def file(
    requester=None,
    *,
    now=MONDAY_10,
    subject="Le lettrage ne se lance pas",
    channel=Demande.Channel.WEB,
    **fields,
):
    if requester is None:
        requester = UserFactory(organisation=OrganisationFactory(), role=Role.CLIENT_USER)
    draft = DemandeDraft(subject=subject, **fields)
    return file_demande(requester=requester, draft=draft, channel=channel, now=now)


def png_bytes() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
        b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def png(name="capture.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


__all__ = ["MONDAY_10", "Demande", "file", "png", "png_bytes"]
