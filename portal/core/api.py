"""Shared API plumbing: the one error shape, parsers with limits, query filters.

Every error the API answers is a JSON object with a French ``detail`` (the
``Error`` component of the schema, see ``portal/core/schema.py``); a 400 on
invalid data adds the field errors beside it, as DRF names them::

    {"detail": "Données invalides : voir les erreurs par champ.",
     "subject": ["Ce champ est obligatoire."]}

A ``DomainError`` is a 400 (with its field) or a 409 for an illegal state
change; malformed or oversized bodies, a missing CSRF token and Django's own
request errors are answered in the same shape, never by a 500 or an English
page.
"""

import copy
import json
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, parsers, serializers

from portal.core.errors import DomainError

#: Nesting deeper than this in a JSON body is refused (400): no serializer of
#: this API goes past a handful of levels, and the parser must not recurse
#: without bound on hostile input.
JSON_MAX_DEPTH = 32


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = gettext_lazy("Requête trop volumineuse.")
    default_code = "payload_too_large"


# --- Parsers ---------------------------------------------------------------------------


def _read_bounded(stream) -> bytes:
    """The body, refused past DATA_UPLOAD_MAX_MEMORY_SIZE (DRF's own parsers read
    JSON and form bodies without a limit)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    data = stream.read(limit + 1) if limit is not None else stream.read()
    if limit is not None and len(data) > limit:
        raise _too_large()
    return data


def _too_large() -> PayloadTooLarge:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return PayloadTooLarge(
        _("Requête trop volumineuse : %(limit)s Mo au plus hors fichiers joints.")
        % {"limit": limit // (1024 * 1024)}
    )


def _encoding(parser_context) -> str:
    try:
        return parsers.get_encoding(parser_context or {})
    except exceptions.ParseError as error:
        raise exceptions.ParseError(
            _("Jeu de caractères non pris en charge dans l'en-tête Content-Type.")
        ) from error


def _depth(value) -> int:
    """Nesting depth of a parsed JSON value, computed without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a size limit, a depth limit and French messages."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = _encoding(parser_context)
        raw = _read_bounded(stream) if stream is not None else b""
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError as error:
            raise _too_deep() from error
        except ValueError as error:
            raise exceptions.ParseError(
                _("Corps JSON invalide : %(reason)s.") % {"reason": _json_reason(error)}
            ) from error
        if _depth(data) > JSON_MAX_DEPTH:
            raise _too_deep()
        return data


def _refuse_constant(name):
    raise ValueError(f"valeur non standard {name}")


def _too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        _("Corps JSON trop imbriqué : %(depth)s niveaux au plus.") % {"depth": JSON_MAX_DEPTH}
    )


def _json_reason(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return _("erreur de syntaxe ligne %(line)s, colonne %(column)s") % {
            "line": error.lineno,
            "column": error.colno,
        }
    if isinstance(error, UnicodeDecodeError):
        return _("encodage incorrect (UTF-8 attendu)")
    return str(error)


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = _encoding(parser_context)
        raw = _read_bounded(stream) if stream is not None else b""
        return QueryDict(raw, encoding=encoding)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        _encoding(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as error:
            raise exceptions.ParseError(
                _(
                    "Corps multipart/form-data illisible : vérifiez l'en-tête Content-Type "
                    "(avec son paramètre boundary) et le découpage des parties."
                )
            ) from error


# --- Errors ----------------------------------------------------------------------------

CSRF_FAILED = gettext_lazy(
    "Vérification CSRF échouée : avec une session, envoyez l'en-tête X-CSRFToken "
    "(valeur du cookie csrftoken) ; sinon authentifiez-vous par jeton "
    "(Authorization: Token …)."
)


def _as_api_exception(exc):
    """Django's request errors and our DomainError, as DRF exceptions."""
    if isinstance(exc, DomainError):
        return _domain_exception(exc)
    if isinstance(exc, RequestDataTooBig):
        return _too_large()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError(_("Trop de champs ou de fichiers dans la requête."))
    if isinstance(exc, MultiPartParserError):
        return exceptions.ParseError(_("Corps multipart/form-data illisible."))
    if isinstance(exc, UnreadablePostError):
        return exceptions.ParseError(_("Corps de la requête incomplet."))
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(_("Requête refusée."))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        return exceptions.PermissionDenied(CSRF_FAILED, code="csrf_failed")
    return exc


class _DomainAPIException(exceptions.APIException):
    def __init__(self, status_code: int, detail):
        self.status_code = status_code
        super().__init__(detail)


def _domain_exception(exc: DomainError):
    message = str(exc.message)
    if exc.field:
        error = exceptions.ValidationError({exc.field: [message]})
        error.status_code = exc.status_code
        error.summary = message
        return error
    return _DomainAPIException(exc.status_code, message)


def error_body(data, summary: str | None = None) -> dict:
    """The one error shape: ``detail`` (French) first, then the field errors."""
    if isinstance(data, Mapping):
        body = dict(data)
        if "detail" not in body or not isinstance(body["detail"], str):
            fields = body.pop("detail", None)
            if fields is not None:
                body["detail_errors"] = fields
            body = {
                "detail": summary or _("Données invalides : voir les erreurs par champ."),
                **body,
            }
        return body
    if isinstance(data, list):
        messages = [str(message) for message in data]
        return {"detail": summary or " ".join(messages), "non_field_errors": messages}
    return {"detail": str(data)}


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES, which name
    # this module's parsers.
    from rest_framework.views import exception_handler as drf_exception_handler

    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(response.data, getattr(exc, "summary", None))
    return response


@csrf_exempt
def not_found(request, unmatched=None):
    """A JSON 404 for any /api/ path that no route matches (malformed identifiers
    included), so the API answers in its own shape whatever the path."""
    return JsonResponse({"detail": _("Ressource introuvable.")}, status=404)


# --- Query-string filters ---------------------------------------------------------------


def filter_params(serializer_class: type[serializers.Serializer], request) -> dict:
    """The query string validated by a filter serializer: a bad value (not a
    UUID, a NUL character, an unknown choice) is a 400 with field errors, never a
    500. Declare the same class in ``extend_schema(parameters=[...])`` and the
    schema lists the parameters with their constraints."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


#: Router lookup pattern of public UUIDs: the router matches only what the lookup
#: can parse, so any other identifier in a path is a 404 (``not_found``), never a
#: ``ValidationError`` escaping from the query.
UUID_LOOKUP = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class FieldsBuiltOnce:
    """A ModelSerializer whose fields are worked out once per class.

    DRF builds every field of a ModelSerializer from the model on each
    instance (``get_fields``: the field's kwargs, its validators…): for a
    Demande's detail with its comments, files and history, about 4 ms of an
    API call (issue 11, ``make cluster-load``). Here they are built the first
    time and each instance gets copies, as DRF copies its declared fields.
    Only for serializers whose fields do not depend on the instance, the
    request or the context.
    """

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_fields_built")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._fields_built = built  # type: ignore[attr-defined]
        return copy.deepcopy(built)
