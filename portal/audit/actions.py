"""The registry of audited actions and how they read in French.

The audit app knows no feature: each app declares its actions as a
``TextChoices`` enum (value = the code stored in ``AuditEvent.action``, label =
the French text client administrators read, art. 11) in its
``audit_actions.py``, and registers it from its ``AppConfig.ready()``::

    class DocumentAction(models.TextChoices):
        UPLOADED = "document.uploaded", _("Document déposé")

    register(DocumentAction)

An app whose enum serves elsewhere too (support's ``DemandeEvent.Action``, the
Demande timeline) registers it under a ``prefix``: ``support.`` + the value.
``tests/test_audit_actions.py`` fails when a recorded action has no label.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Choices

#: code → (the enum that declares it, its label).
_registry: dict[str, tuple[type[Choices], object]] = {}
_prefixes: dict[str, type[Choices]] = {}


def register(choices: type[Choices], *, prefix: str = "") -> None:
    """Give every member of ``choices`` its label under ``prefix + value``.

    Registering the same enum twice is harmless; two enums claiming one code
    is a configuration error, found at start-up.
    """
    for member in choices:
        code = prefix + str(member.value)
        owner = _registry.get(code, (choices,))[0]
        if owner is not choices:
            raise ImproperlyConfigured(
                f"Audit action {code!r} is declared by {owner.__name__} and {choices.__name__}."
            )
        _registry[code] = (choices, member.label)
    if prefix:
        _prefixes[prefix] = choices


def label(action: str) -> str:
    """French label of an audited action; an unregistered code reads as itself."""
    known = _registry.get(str(action))
    return str(known[1]) if known is not None else str(action)


def is_registered(action: str) -> bool:
    return str(action) in _registry


def registered_codes() -> list[str]:
    return sorted(_registry)


def registered_prefixes() -> dict[str, type[Choices]]:
    """The enums registered under a prefix (``{"support.": DemandeEvent.Action}``)."""
    return dict(_prefixes)
