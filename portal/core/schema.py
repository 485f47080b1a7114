"""The API's OpenAPI conventions, applied by default to every operation.

``PortalAutoSchema`` (``DEFAULT_SCHEMA_CLASS``) gives each operation the error
answers it can really return, all in the one ``Error`` component (see
``portal/core/api.py``), so a new endpoint needs nothing to be documented
right:

- 401 when the first authentication class answers with a challenge,
  403 always (not signed in, no right, MFA not passed, CSRF);
- 400 when the operation takes a body or query parameters;
- 404 when the path names an object or the list is paginated;
- 409 on a write that acts on an existing object (an illegal state change);
- 413 and 415 when the operation takes a body;
- 414 always: an address longer than the web server takes, refused before
  Django with a short French HTML page (``portal/core/gunicorn_worker.py``);
- 429 always, with its ``Retry-After`` header.

A view adds or describes a code with ``extend_schema(responses={409: ...})``:
an error response declared without a body gets the ``Error`` body. The hook
``add_links`` adds OpenAPI links from the operations that return an object to
those that act on it (``LINKS`` below).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "description": "Erreur de l'API : un message en français, et pour les données "
    "invalides les erreurs par champ (liste de messages, ou objet pour un champ composé).",
    "properties": {
        "detail": {"type": "string", "description": "Message en français."},
        "non_field_errors": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Erreurs qui ne tiennent pas à un seul champ.",
        },
    },
    "required": ["detail"],
    "additionalProperties": {
        "description": "Erreurs d'un champ, sous son nom.",
        "anyOf": [{"type": "array", "items": {}}, {"type": "object"}],
    },
}
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}

DESCRIPTIONS = {
    "400": _("Données invalides : un message et les erreurs par champ."),
    "401": _("Authentification absente ou jeton invalide."),
    "403": _("Non connecté, sans le droit, MFA non validée ou jeton CSRF absent."),
    "404": _("Inconnu, hors de votre organisation, ou page de liste inexistante."),
    "409": _("Changement d'état impossible dans l'état actuel, avec la raison."),
    "413": _("Requête trop volumineuse."),
    "414": _("Adresse trop longue pour le serveur web (page HTML en français)."),
    "415": _("Type de contenu non pris en charge."),
    "429": _("Trop de requêtes : réessayez après le délai de l'en-tête Retry-After."),
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Secondes à attendre avant de réessayer.",
        "schema": {"type": "integer", "minimum": 0},
    }
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class PortalAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if direction == "response" and field.read_only:
            _widen_from_model(field)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_paginator(self):
        """Only a viewset's ``list`` pages its answer: an action answering a list
        (the files just attached to a Demande) returns a plain array."""
        action = getattr(self.view, "action", None)
        if action is not None and action != "list":
            return None
        return super()._get_paginator()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        self.registry.register_on_missing(
            ResolvedComponent(
                name=ERROR_COMPONENT,
                type=ResolvedComponent.SCHEMA,
                object=ERROR_COMPONENT,
                schema=ERROR_SCHEMA,
            )
        )
        for code in sorted(self._error_codes() | {c for c in responses if c >= "400"}):
            responses[code] = self._error_response(code, responses.get(code))
        return responses

    def _error_response(self, code: str, declared: dict | None) -> dict:
        response = dict(declared or {})
        response["description"] = response.get("description") or str(DESCRIPTIONS.get(code, ""))
        if code == "414":  # the web server's page, not the API's JSON
            response["content"] = {"text/html": {"schema": {"type": "string"}}}
        elif not response.get("content"):
            response["content"] = {"application/json": {"schema": ERROR_REF}}
        if code == "429":
            response["headers"] = {**response.get("headers", {}), **RETRY_AFTER}
        return response

    def _error_codes(self) -> set[str]:
        codes = {"403", "414", "429"}
        if self._challenges():
            codes.add("401")
        takes_body = self.method in UNSAFE and self.method != "DELETE"
        has_path_parameters = "{" in self.path
        if takes_body:
            codes |= {"400", "413", "415"}
        if self._has_query_parameters():
            codes.add("400")
        if has_path_parameters or (self._is_list_view() and self._get_paginator()):
            codes.add("404")
        if self.method in UNSAFE and has_path_parameters:
            codes.add("409")
        return codes

    def _has_query_parameters(self) -> bool:
        """Declared query parameters, or a filter backend's (django-filter): a bad
        value is a 400 with the field's error."""
        declared = any(
            getattr(parameter, "location", "query") == "query"
            for parameter in self.get_override_parameters()
        )
        return declared or bool(self._get_filter_parameters())

    def _challenges(self) -> bool:
        """DRF answers 401 only when the first authentication class names a
        challenge (``WWW-Authenticate``); otherwise 403."""
        classes = getattr(self.view, "authentication_classes", [])
        if not classes:
            return False
        request = Request(APIRequestFactory().get("/"))
        return bool(classes[0]().authenticate_header(request))


def _widen_from_model(field) -> None:
    """A read-only field of a ModelSerializer answers what the model holds: null
    when a column or a relation on its source path may be null, "" when a text
    column may be blank (DRF drops ``allow_null``/``allow_blank`` on read-only
    fields, so the schema would claim a value is always there)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or field.source == "*" or isinstance(field, serializers.SerializerMethodField):
        return
    model_field = None
    for name in field.source.split("."):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return
        if getattr(model_field, "null", False) and not model_field.many_to_many:
            field.allow_null = True
        if not model_field.is_relation:
            break
        model = model_field.related_model
    if isinstance(model_field, models.CharField | models.TextField) and model_field.blank:
        field.allow_blank = True


def file_responses(media_types, description: str) -> dict:
    """A 200 that is a file, declared with the media types it can really have
    (a generated client and the fuzzer check the Content-Type against them)."""
    return {
        (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for media_type in sorted(set(media_types))
    }


# --- Links ---------------------------------------------------------------------------

#: operationId returning an object → {link name: (target operationId, {path parameter:
#: runtime expression}, description)}.
LINKS: dict[str, dict[str, tuple[str, dict[str, str], str]]] = {}


def register_links(source: str, **links: tuple[str, dict[str, str], str]) -> None:
    """Declare OpenAPI links from ``source``'s success responses, so a generated
    client (or schemathesis' stateful phase) reaches the operations that act on
    what it returned. Apps call this from their api module."""
    LINKS.setdefault(source, {}).update(links)


def add_links(result, generator, request, public):
    """Postprocessing hook: write the registered links into the success responses."""
    operations = {
        operation["operationId"]: operation
        for path in result.get("paths", {}).values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for source, links in LINKS.items():
        operation = operations.get(source)
        if operation is None:
            continue
        for code, response in operation["responses"].items():
            if not code.startswith("2"):
                continue
            response["links"] = {
                name: {"operationId": target, "parameters": parameters, "description": description}
                for name, (target, parameters, description) in links.items()
                if target in operations
            }
    return result
