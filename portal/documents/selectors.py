"""Reads on the document space, always scoped to the caller (art. 4, 11).

A user sees the documents of their organisation's shared folder tree and of
their own private folder tree, nothing else: ``visible_folders`` is the one
place that says so, and every fetch by public id goes through it (→ 404).

:func:`storage_used_bytes` is used by the subscriptions app to detect storage
overage (art. 14).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Lower
from django.http import Http404
from django.utils.module_loading import import_string

from portal.documents.models import Document, Folder, StorageUsage
from portal.organisations.models import Organisation

if TYPE_CHECKING:
    from portal.accounts.models import User


def storage_used_bytes(organisation: Organisation) -> int:
    """Bytes of the organisation's documents in the document space (art. 4, 14).

    Computed from the documents themselves (one aggregate query), so it is
    exact even if the reservation counters ever drifted. Backups (art. 9) are
    the vendor's and are not counted.
    """
    total = Document.objects.filter(organisation=organisation).aggregate(total=Sum("size"))
    return total["total"] or 0


def quota_bytes(organisation: Organisation) -> int:
    """The pooled quota: 5 Go per named user ordered + purchased extensions (art. 4).

    The contract says how much, and the platform knows no contract: the setting
    ``DOCUMENTS_QUOTA_PROVIDER`` names the function that does (subscriptions').
    """
    provider = import_string(settings.DOCUMENTS_QUOTA_PROVIDER)
    return provider(organisation)


@dataclass(frozen=True)
class Quota:
    used: int
    reserved: int
    total: int

    @property
    def available(self) -> int:
        return max(self.total - self.used - self.reserved, 0)

    @property
    def percent_used(self) -> int:
        if self.total <= 0:
            return 100 if self.used else 0
        return min(100, round(100 * (self.used + self.reserved) / self.total))


def quota_for(organisation: Organisation) -> Quota:
    usage = StorageUsage.objects.filter(organisation=organisation).first()
    return Quota(
        used=usage.bytes_used if usage else 0,
        reserved=usage.bytes_reserved if usage else 0,
        total=quota_bytes(organisation),
    )


def _space_filter(user: User, prefix: str = "") -> Q:
    """The folders ``user`` may see: the shared tree and their own private tree."""
    return Q(**{f"{prefix}organisation_id": user.organisation_id}) & (
        Q(**{f"{prefix}owner__isnull": True}) | Q(**{f"{prefix}owner_id": user.pk})
    )


def visible_folders(user: User) -> QuerySet[Folder]:
    if not getattr(user, "organisation_id", None):
        return Folder.objects.none()
    return Folder.objects.filter(_space_filter(user))


def visible_documents(user: User) -> QuerySet[Document]:
    """Documents ``user`` may see, outside the trash."""
    return _space_documents(user).filter(deleted_at__isnull=True)


def _space_documents(user: User) -> QuerySet[Document]:
    if not getattr(user, "organisation_id", None):
        return Document.objects.none()
    return Document.objects.filter(_space_filter(user, "folder__"))


def trashed_documents(user: User) -> QuerySet[Document]:
    """The trash ``user`` may restore from (art. 9): the shared space's and their own."""
    return (
        _space_documents(user)
        .filter(deleted_at__isnull=False)
        .select_related("folder", "deleted_by", "backup")
        .order_by("-deleted_at", "pk")
    )


def get_trashed_document(user: User, public_id: UUID | str) -> Document:
    document = trashed_documents(user).filter(public_id=public_id).first()
    if document is None:
        raise Http404
    return document


def get_folder(user: User, public_id: UUID | str) -> Folder:
    """A folder ``user`` may see, or 404 (another organisation, another user's private folder)."""
    folder = visible_folders(user).filter(public_id=public_id).first()
    if folder is None:
        raise Http404
    return folder


def get_document(user: User, public_id: UUID | str) -> Document:
    document = (
        visible_documents(user)
        .select_related("folder", "uploaded_by", "backup")
        .filter(public_id=public_id)
        .first()
    )
    if document is None:
        raise Http404
    return document


def folder_contents(folder: Folder) -> tuple[list[Folder], list[Document]]:
    """Sub-folders and documents of ``folder`` (two queries)."""
    folders = list(folder.children.order_by(Lower("name")))
    documents = list(
        folder.documents.filter(deleted_at__isnull=True)
        .select_related("uploaded_by", "backup")
        .order_by(Lower("name"))
    )
    return folders, documents


def breadcrumbs(folder: Folder) -> list[Folder]:
    """The folder's ancestors from its root down to itself (one query)."""
    by_id = {
        f.pk: f
        for f in Folder.objects.filter(
            organisation_id=folder.organisation_id, owner_id=folder.owner_id
        ).only("pk", "parent_id", "name", "public_id", "owner_id")
    }
    trail = []
    current: Folder | None = by_id.get(folder.pk, folder)
    while current is not None:
        trail.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return list(reversed(trail))


@dataclass
class TreeNode:
    folder: Folder
    children: list


def folder_tree(user: User) -> list[TreeNode]:
    """The shared tree and the user's private tree (one query), roots first: shared, private."""
    folders = list(visible_folders(user).order_by(Lower("name")))
    nodes = {f.pk: TreeNode(f, []) for f in folders}
    roots = []
    for folder in folders:
        node = nodes[folder.pk]
        if folder.parent_id is None:
            roots.append(node)
        elif folder.parent_id in nodes:
            nodes[folder.parent_id].children.append(node)
    roots.sort(key=lambda node: node.folder.owner_id is not None)
    return roots


def move_targets(
    user: User, *, exclude_subtree_of: Folder | None = None
) -> list[tuple[Folder, int]]:
    """Folders a document or folder may be moved to, with an indented label."""
    result = []

    def walk(nodes: list[TreeNode], depth: int) -> None:
        for node in nodes:
            if exclude_subtree_of is not None and node.folder.pk == exclude_subtree_of.pk:
                continue
            result.append((node.folder, depth))
            walk(node.children, depth + 1)

    walk(folder_tree(user), 0)
    return result


def documents_for_api(user: User, *, folder: Folder | None = None) -> QuerySet[Document]:
    documents = visible_documents(user).select_related("folder", "uploaded_by")
    if folder is not None:
        documents = documents.filter(folder=folder)
    return documents.order_by("folder_id", Lower("name"), "pk")
