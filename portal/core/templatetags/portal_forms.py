"""``{% form_fields form %}`` and ``{% form_field field %}``: templates/form.html
and templates/form_field.html written in Python (portal/core/formhtml.py).
Built in (``TEMPLATES["OPTIONS"]["builtins"]``): no ``{% load %}`` needed."""

from django import template
from django.utils.safestring import mark_safe

from portal.core import formhtml

register = template.Library()


@register.simple_tag
def form_fields(form) -> str:
    """The form's own errors, then each field with its label, help and errors."""
    return formhtml.form_html(form)


@register.simple_tag
def form_field(field) -> str:
    """One bound field with its label, help and errors."""
    return mark_safe(formhtml.field_html(field))  # noqa: S308 — escaped in field_html
