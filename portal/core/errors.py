"""The one error the services raise. Views turn it into a form error or a
French message; the API into a 400 with field errors or a 409 for an illegal
state change."""


class DomainError(Exception):
    #: HTTP status the API answers with.
    status_code = 400

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class IllegalStateChange(DomainError):
    """The object's current state does not allow the change (HTTP 409)."""

    status_code = 409


def check_free_text(text: str, *, field: str) -> None:
    """Refuse a free text longer than the portal's maximum (issue 14), in French."""
    from django.utils.translation import gettext as _

    from portal.core.text import FREE_TEXT_MAX_LENGTH

    if len(text or "") > FREE_TEXT_MAX_LENGTH:
        raise DomainError(
            _("Ce texte dépasse %(max)s caractères : raccourcissez-le.")
            % {"max": FREE_TEXT_MAX_LENGTH},
            field=field,
        )


class StorageUnavailable(DomainError):
    """A file could not be written: disk full (HTTP 507) or storage unwritable (503).

    Nothing was kept: the caller's transaction rolls back and the partial file is
    removed (``portal.core.filestore.save_file``).
    """

    status_code = 503
