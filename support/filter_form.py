"""The list pages' filter forms, rendered without a template per widget.

Django renders every widget, every ``<option>`` and every attribute list
through a template (``django/forms/widgets/*.html``): the queue's six filters
(with a select of the twenty-odd agents) cost ~10 ms a page view that way. The
renderer below writes the same HTML for the widgets these forms use (text,
checkbox, select) in Python and leaves any other widget to Django's
templates. Django still builds each widget's context (its attributes, the
selected option, ``aria-describedby``, ``aria-invalid``): only the writing of
the markup changes, and tests/support/test_filter_form.py compares it with
Django's own rendering.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html" for name in ("text", "checkbox", "search", "number", "email")
)
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
    """django/forms/widgets/input.html, included by text.html or checkbox.html."""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>\n\n"
    )


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
        return writer(widget)


QUICK_RENDERER = QuickWidgetRenderer()


class QuickForm(forms.Form):
    """The base of the filter sets' forms (``Meta.form``)."""

    default_renderer = QUICK_RENDERER


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
