"""The "Documents" pages (art. 4, 9, 11).

Who may do what: every member of a client organisation may browse and
download the shared folder and their own private folder — art. 11 says the
space is "accessible à tous les Utilisateurs du Client, sans restriction
possible de droit". Changing its content (upload, new version, restore,
rename, move, delete, folders) is open to every active member too: no right
restricts the space. Vendor staff have no access. Another organisation's
objects and another user's private folder answer 404 (selectors.get_folder / get_document).
"""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.rights import Right
from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import client_required
from portal.documents import selectors, services
from portal.documents.forms import (
    DocumentEditForm,
    FolderCreateForm,
    FolderEditForm,
    ReplaceForm,
    UploadForm,
)

read = client_required
write = client_required  # art. 11: no right restricts the document space


def extension_link(user) -> tuple[str, str]:
    """Where this user can ask for a storage extension (art. 4): (url, label) or ("", "").

    "Mon abonnement" for those who see the contract, otherwise a request to
    customer service (both pages belong to other apps).
    """
    candidates = [("support:create", _("Demander une extension au service client"))]
    if user.has_right(Right.SEE_CONTRACT):
        candidates.insert(0, ("subscriptions:mine", _("Mon abonnement : acheter une extension")))
    for name, label in candidates:
        try:
            # Mon abonnement: straight to its order form (the one-step order).
            anchor = "#extension" if name == "subscriptions:mine" else ""
            return reverse(name) + anchor, label
        except NoReverseMatch:
            continue
    return "", ""


def _folder_page(request, folder, *, upload_form=None, folder_form=None, status=200):
    subfolders, documents = selectors.folder_contents(folder)
    context = {
        "folder": folder,
        "breadcrumbs": selectors.breadcrumbs(folder),
        "tree": selectors.folder_tree(request.user),
        "subfolders": subfolders,
        "documents": documents,
        "quota": selectors.quota_for(folder.organisation),
        "extension": extension_link(request.user),
        "can_write": True,
        "upload_form": upload_form or UploadForm(),
        "folder_form": folder_form or FolderCreateForm(),
    }
    template = "documents/fragment_folder.html" if request.htmx else "documents/folder.html"
    return render(request, template, context, status=status)


@read
def index(request):
    """The organisation's shared folder; the private one is in the tree."""
    shared, _private = services.ensure_space(request.user)
    return _folder_page(request, shared)


@read
def folder(request, public_id):
    services.ensure_space(request.user)
    return _folder_page(request, selectors.get_folder(request.user, public_id))


@require_POST
@write
def upload(request, public_id):
    folder = selectors.get_folder(request.user, public_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.upload_document(
                actor=request.user, folder=folder, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("« %(name)s » est déposé dans « %(folder)s ».")
                % {"name": document.name, "folder": folder.name},
            )
            return redirect("documents:folder", public_id=folder.public_id)
    return _folder_page(request, folder, upload_form=form)


@require_POST
@write
def create_folder(request, public_id):
    parent = selectors.get_folder(request.user, public_id)
    form = FolderCreateForm(request.POST)
    if form.is_valid():
        try:
            created = services.create_folder(
                actor=request.user, parent=parent, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Le dossier « %(name)s » est créé.") % {"name": created})
            return redirect("documents:folder", public_id=created.public_id)
    return _folder_page(request, parent, folder_form=form)


@write
def edit_folder(request, public_id):
    folder = selectors.get_folder(request.user, public_id)
    if folder.is_root:
        messages.error(request, _("Le dossier racine ne peut être ni renommé ni déplacé."))
        return redirect("documents:folder", public_id=folder.public_id)
    targets = [
        (target, depth)
        for target, depth in selectors.move_targets(request.user, exclude_subtree_of=folder)
        if target.owner_id == folder.owner_id
    ]
    form = FolderEditForm(
        request.POST or None,
        targets=targets,
        initial={"name": folder.name, "parent": str(folder.parent.public_id)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_folder(
                actor=request.user,
                folder=folder,
                name=form.cleaned_data["name"],
                parent=form.destination(),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Le dossier est enregistré."))
            return redirect("documents:folder", public_id=folder.public_id)
    return render(
        request,
        "documents/folder_edit.html",
        {"folder": folder, "form": form, "breadcrumbs": selectors.breadcrumbs(folder)},
    )


@write
def delete_folder(request, public_id):
    folder = selectors.get_folder(request.user, public_id)
    if request.method == "POST":
        parent_id = folder.parent.public_id if folder.parent_id else folder.public_id
        try:
            services.delete_folder(actor=request.user, folder=folder)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("documents:folder", public_id=folder.public_id)
        messages.success(request, _("Le dossier « %(name)s » est supprimé.") % {"name": folder})
        return redirect("documents:folder", public_id=parent_id)
    return render(
        request,
        "documents/confirm_delete.html",
        {"object": folder, "is_folder": True, "cancel_url": _folder_url(folder)},
    )


def _folder_url(folder):
    return reverse("documents:folder", kwargs={"public_id": folder.public_id})


@read
def detail(request, public_id):
    document = selectors.get_document(request.user, public_id)
    return _document_page(request, document)


def _document_page(request, document, *, edit_form=None, replace_form=None):
    context = {
        "document": document,
        "backup": getattr(document, "backup", None),
        "breadcrumbs": selectors.breadcrumbs(document.folder),
        "can_write": True,
        "edit_form": edit_form or _edit_form(request, document),
        "replace_form": replace_form or ReplaceForm(),
    }
    return render(request, "documents/document.html", context)


def _edit_form(request, document, data=None):
    return DocumentEditForm(
        data,
        targets=selectors.move_targets(request.user),
        initial={"name": document.name, "folder": str(document.folder.public_id)},
    )


def file_response(request, document) -> FileResponse:
    """The stored file as an attachment under its shown name, audited.

    ``FileResponse(as_attachment=True, filename=...)`` writes a safe
    Content-Disposition (RFC 5987 ``filename*`` for non-ASCII names); nosniff
    and a sandboxing CSP keep a browser from interpreting the bytes.
    """
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    record(
        actor=request.user,
        action="document.downloaded",
        organisation=document.organisation,
        target=document,
        data={"document": str(document.public_id)},
    )
    return response


@read
def download(request, public_id):
    return file_response(request, selectors.get_document(request.user, public_id))


@write
def edit(request, public_id):
    document = selectors.get_document(request.user, public_id)
    form = _edit_form(request, document, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(
                actor=request.user,
                document=document,
                name=form.cleaned_data["name"],
                folder=form.destination(),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Le document est enregistré."))
            return redirect("documents:detail", public_id=document.public_id)
    return render(request, "documents/document_edit.html", {"document": document, "form": form})


@require_POST
@write
def replace(request, public_id):
    document = selectors.get_document(request.user, public_id)
    form = ReplaceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.replace_document(
                actor=request.user, document=document, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Nouvelle version de « %(name)s » enregistrée.") % {"name": document.name},
            )
            return redirect("documents:detail", public_id=document.public_id)
    return _document_page(request, document, replace_form=form)


@require_POST
@write
def restore(request, public_id):
    document = selectors.get_document(request.user, public_id)
    try:
        services.restore_document(actor=request.user, document=document)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("« %(name)s » est restauré à sa dernière sauvegarde.") % {"name": document.name},
        )
    return redirect("documents:detail", public_id=document.public_id)


@write
def delete(request, public_id):
    document = selectors.get_document(request.user, public_id)
    if request.method == "POST":
        folder = document.folder
        try:
            services.delete_document(actor=request.user, document=document)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("documents:detail", public_id=document.public_id)
        messages.success(
            request,
            _(
                "« %(name)s » est dans la corbeille : vous pouvez le restaurer pendant "
                "%(days)s jours."
            )
            % {"name": document.name, "days": services.TRASH_DAYS},
        )
        return redirect("documents:folder", public_id=folder.public_id)
    return render(
        request,
        "documents/confirm_delete.html",
        {
            "object": document,
            "is_folder": False,
            "cancel_url": reverse("documents:detail", kwargs={"public_id": document.public_id}),
        },
    )


# --- the trash (art. 9) ---------------------------------------------------------------


@read
def trash(request):
    """Deleted documents, restorable for 30 days, with their backup; counted in the quota."""
    return render(
        request,
        "documents/trash.html",
        {
            "documents": selectors.trashed_documents(request.user),
            "trash_days": services.TRASH_DAYS,
            "can_purge": request.user.is_client_admin,
        },
    )


@require_POST
@write
def trash_restore(request, public_id):
    """Back to its folder; with ``backup``, then to its last backup (art. 9)."""
    document = selectors.get_trashed_document(request.user, public_id)
    try:
        document = services.restore_from_trash(actor=request.user, document=document)
        if request.POST.get("backup"):
            services.restore_document(actor=request.user, document=document)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("documents:trash")
    messages.success(
        request,
        _("« %(name)s » est restauré dans « %(folder)s ».")
        % {"name": document.name, "folder": document.folder.name},
    )
    return redirect("documents:detail", public_id=document.public_id)


@require_POST
@write
def trash_purge(request, public_id):
    """An administrator empties a document from the trash at once."""
    document = selectors.get_trashed_document(request.user, public_id)
    try:
        services.purge_document(actor=request.user, document=document)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("« %(name)s » est purgé.") % {"name": document.name})
    return redirect("documents:trash")
