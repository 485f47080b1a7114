"""gunicorn's sync worker, answering in French what it refuses before Django sees it.

gunicorn refuses a request line longer than ``limit_request_line`` (4,094 bytes
by default: a link pasted with a huge query string, a search of several
thousand characters) with 414, and header fields too large with 431, before
the request reaches Django — with its own page, in English. Those are errors a
person can cause; this worker answers them with a short French page, the same
codes, and the headers every portal answer carries. Every other error is
gunicorn's as before. ``gunicorn.conf.py`` (read by gunicorn from the
repository's root) makes it the worker of every way the portal is served.
"""

from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.sync import SyncWorker

#: A page a phone shows at its width; no script, no style (``default-src 'none'``).
PAGE = (
    '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n<p>{message}</p>\n"
    '<p><a href="/">{home}</a></p>\n</body>\n</html>\n'
)


def refusal(exc: Exception) -> tuple[int, str, str, str] | None:
    """(status, reason, title, message) for what a person can cause; None otherwise."""
    from django.utils.translation import gettext as _

    if isinstance(exc, LimitRequestLine):
        return (
            414,
            "URI Too Long",
            _("Adresse trop longue"),
            _(
                "L'adresse demandée dépasse la longueur que le portail accepte. "
                "Raccourcissez la recherche ou les filtres, puis réessayez."
            ),
        )
    if isinstance(exc, LimitRequestHeaders):
        return (
            431,
            "Request Header Fields Too Large",
            _("En-têtes de requête trop grands"),
            _(
                "Votre navigateur a envoyé des en-têtes trop grands (souvent des cookies "
                "accumulés). Effacez les cookies de ce site, puis réessayez."
            ),
        )
    return None


def answer(status: int, reason: str, title: str, message: str) -> bytes:
    from django.utils.translation import gettext as _

    home = _("Retour à l'accueil du portail")
    body = PAGE.format(title=title, message=message, home=home).encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Content-Security-Policy: default-src 'none'\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


class FrenchErrorsSyncWorker(SyncWorker):
    def handle_error(self, req, client, addr, exc):
        found = refusal(exc)
        if found is None:
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            write_nonblock(client, answer(*found))
        except Exception:  # the client may be gone; gunicorn does the same
            self.log.debug("Failed to send error message.")
        return None
