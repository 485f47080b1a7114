"""Shared API plumbing: DomainError → 400 with field errors or 409."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.core.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        field = exc.field or "detail"
        body = {field: [str(exc.message)]} if exc.field else {"detail": str(exc.message)}
        return Response(body, status=exc.status_code)
    return drf_exception_handler(exc, context)
