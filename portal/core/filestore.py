"""Writing an uploaded file to storage without leaving anything behind on failure.

A full disk or a read-only media folder makes ``Storage.save`` raise ``OSError``.
Django's ``FileSystemStorage._save`` has by then created the file and written
part of it, and does not remove it: an orphan nobody references. ``save_file``
removes it and turns the error into a French ``StorageUnavailable`` (507 when
the disk is full, 503 otherwise), which views show as a form error and the API
in the portal's error shape; the callers' transactions roll the rows back and
release any quota reservation.
"""

import contextlib
import errno
import logging

from django.utils.translation import gettext as _

from portal.core.errors import StorageUnavailable

logger = logging.getLogger(__name__)

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def save_file(storage, name: str, content, *, field: str, max_length: int | None = None) -> str:
    """``storage.save(name, content)``; on ``OSError`` nothing is left and the error is French."""
    name = storage.get_available_name(name, max_length=max_length)
    try:
        return storage.save(name, content, max_length=max_length)
    except OSError as error:
        discard(storage, [name])
        logger.error("could not write %s to storage: %s", name, error)
        raise storage_error(error, field=field) from error


def storage_error(error: OSError, *, field: str) -> StorageUnavailable:
    if error.errno in _FULL:
        refusal = StorageUnavailable(
            _(
                "Le fichier n'a pas pu être enregistré : l'espace de stockage du portail est "
                "plein. Rien n'a été enregistré ; réessayez plus tard ou contactez le support "
                "si le problème persiste."
            ),
            field=field,
        )
        refusal.status_code = 507
        return refusal
    return StorageUnavailable(
        _(
            "Le fichier n'a pas pu être enregistré : le stockage des fichiers du portail est "
            "momentanément indisponible. Rien n'a été enregistré ; réessayez dans quelques "
            "minutes."
        ),
        field=field,
    )


def discard(storage, names) -> None:
    """Delete stored files (a partial write, or files whose rows will not be kept)."""
    for name in names:
        if not name:
            continue
        with contextlib.suppress(OSError):
            if storage.exists(name):
                storage.delete(name)


@contextlib.contextmanager
def undone_on_error(storage):
    """Collect the names written in the block; delete them if the block fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        discard(storage, written)
        raise
