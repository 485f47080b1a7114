"""Forms written in Python with the markup of Django's widget templates.

Django renders every widget, every ``<option>`` and every attribute list
through a template (``django/forms/widgets/*.html``), and the portal lays out
each field through ``templates/form_field.html``: a Demande page's forms or
the queue's six filters cost ~10 ms a page view that way (issue 11). Here the
common widgets (text inputs, check boxes, file inputs, text areas, selects)
and the field layout are written in Python; Django still builds each widget's
context (its attributes, the selected option, ``aria-describedby``,
``aria-invalid``), only the writing of the markup changes, and any other
widget still goes through Django's templates. tests/support/test_formhtml.py compares
both renderings.

``QuickWidgetRenderer`` is the portal's ``FORM_RENDERER``; the template tags
``form_fields`` and ``form_field`` (portal/core/templatetags/portal_forms.py)
stand for ``form.html`` and ``form_field.html``.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in ("text", "checkbox", "search", "number", "email", "file", "password", "url")
)
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
CLEARABLE_FILE_TEMPLATE = f"{WIDGETS}clearable_file_input.html"
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` in a template: the text, escaped unless safe."""
    return conditional_escape(value if isinstance(value, SafeString) else str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html, included by text.html, checkbox.html…"""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>\n\n"
    )


def _file_input(widget: dict) -> str:
    """django/forms/widgets/clearable_file_input.html with no file there yet."""
    return (
        f'\n<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    name, attrs = _text(widget["name"]), _attrs(widget["attrs"])
    return f'<textarea name="{name}"{attrs}>\n{value}</textarea>\n'


def _option(option: dict) -> str:
    return (
        f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html and select_option.html."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend(_option(option) for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _writer(widget: dict):
    """The Python writer for this widget's template, or None (Django's template then)."""
    name = widget["template_name"]
    if name in INPUT_TEMPLATES:
        return _input
    if name == TEXTAREA_TEMPLATE:
        return _textarea
    if name == CLEARABLE_FILE_TEMPLATE and not widget.get("is_initial"):
        return _file_input
    if name == SELECT_TEMPLATE and all(
        option["template_name"] == OPTION_TEMPLATE
        for _group, options, _index in widget["optgroups"]
        for option in options
    ):
        return _select
    return None


class QuickWidgetRenderer(DjangoTemplates):
    """Django's form renderer, with the common widgets written in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        writer = _writer(widget) if widget is not None and "template_name" in widget else None
        if writer is None or widget["template_name"] != template_name:
            return super().render(template_name, context, request)
        return mark_safe(writer(widget))  # noqa: S308 — every value escaped above


def field_html(field: forms.BoundField) -> str:
    """templates/form_field.html for one field, without the template's cost."""
    if field.widget_type == "checkboxselectmultiple":
        return render_to_string("form_field.html", {"field": field})
    label = conditional_escape(field.label)
    if field.widget_type == "checkbox":
        control = f'{field} <label for="{_text(field.id_for_label)}">{label}</label>'
    else:
        required = ' <span aria-hidden="true">*</span>' if field.field.required else ""
        control = f'<label for="{_text(field.id_for_label)}">{label}{required}</label>\n    {field}'
    help_text = ""
    if field.help_text:
        help_text = (
            f'<small class="help" id="{_text(field.auto_id)}_helptext">{field.help_text}</small>'
        )
    errors = "".join(
        f'<p class="error" role="alert">{conditional_escape(error)}</p>' for error in field.errors
    )
    has_error = " has-error" if field.errors else ""
    return f'<div class="field{has_error}">\n  {control}\n  {help_text}\n  {errors}\n</div>\n'


def fields_html(form: forms.Form) -> str:
    """Every field of ``form``, as ``{% for field in form %}{% include "form_field.html" %}``."""
    return mark_safe("".join(field_html(field) for field in form))  # noqa: S308 (escaped above)


def form_html(form: forms.Form) -> str:
    """templates/form.html: the form's own errors, then every field."""
    errors = form.non_field_errors()
    head = ""
    if errors:
        lines = "".join(f'<p class="error">{conditional_escape(error)}</p>' for error in errors)
        head = f'<div class="errors" role="alert">{lines}</div>\n'
    return mark_safe(head + fields_html(form))  # noqa: S308 (escaped above)
