"""Showing business time to people."""

from datetime import timedelta

from django import template
from django.utils.encoding import force_str
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def business_duration(value: timedelta | None) -> str:
    """``3 h 05`` for a délai left; ``− 1 h 20`` once it has passed."""
    if value is None:
        return "—"
    sign = "− " if value < timedelta(0) else ""
    minutes = int(abs(value).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours} h {minutes:02d}"


@register.filter
def is_negative(value: timedelta | None) -> bool:
    return value is not None and value < timedelta(0)


@register.filter
def call_breached(deadline, now) -> bool:
    """``deadline.is_breached(now)`` for templates."""
    return deadline.is_breached(now)


@register.simple_tag
def support_counts(user) -> dict:
    """Figures for the home cards (see ``support.selectors.home_counts``)."""
    from support.selectors import home_counts

    return home_counts(user)


@register.filter
def has_right(user, right: str) -> bool:
    return user.has_right(right)


@register.filter
def deadline_text(due, key: str = "") -> str:
    """``le lundi 30/11/2026 à 17:30``, or ``en fin de journée du …`` for jours ouvrés."""
    from support.deadlines import due_text

    return due_text(key, due)


@register.filter
def previous_due(value: str, key: str) -> str:
    """A deadline kept in an event's data (ISO text), as people read it."""
    from datetime import datetime

    from support.deadlines import due_text

    try:
        return due_text(key, datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return value


@register.filter
def qualification_label(value: str) -> str:
    """ "anomalie" → "Anomalie", "other" → "Autre demande" (events store the code)."""
    from support.models import Demande

    if value in Demande.Qualification.values:
        return Demande.Qualification(value).label
    return value


@register.filter
def deadline_label(key: str) -> str:
    """ "take_in_charge" → "Prise en charge" (events store the key; support/deadlines.py)."""
    from support.deadlines import deadline_label

    return deadline_label(key)


@register.simple_tag
def criticality_definitions() -> list[tuple[str, str]]:
    """(label, definition) of the three criticalities (art. 1)."""
    from support.models import Demande

    return [
        (Demande.Criticality(value).label, definition)
        for value, definition in Demande.CRITICALITY_DEFINITIONS.items()
    ]


@register.filter
def criticality_definition(value) -> str:
    """The art. 1 definition of criticality ``value`` (1, 2 or 3), or ""."""
    from support.models import Demande

    return Demande.CRITICALITY_DEFINITIONS.get(value, "")


@register.filter
def formula_label(value: str) -> str:
    """The offer's name ("Cegid Private") for a formula code kept on a Demande."""
    from subscriptions.models import Formula

    return Formula(value).label if value in Formula.values else value


#: {(model, field name): {value: label}}, built once; the labels stay lazy, so
#: each is translated in the language of the request that shows it.
_CHOICES: dict[tuple[type, str], tuple[str, dict]] = {}


@register.filter
def display(instance, field_name: str) -> str:
    """``instance.get_<field_name>_display()`` without its cost.

    Django builds a dict of every choice, translating each label, on every call
    (``Model._get_FIELD_display``): 19 gettext calls per line of a Demande's
    history. This looks the value up in a dict built once (issue 11).
    """
    key = (type(instance), field_name)
    entry = _CHOICES.get(key)
    if entry is None:
        field = instance._meta.get_field(field_name)
        entry = _CHOICES[key] = (field.attname, dict(field.flatchoices))
    attname, choices = entry
    value = getattr(instance, attname)
    return force_str(choices.get(value, value), strings_only=True)


# --- Forms of the Demande page, without Django's widget templates -------------------

_TEXTAREA = "django/forms/widgets/textarea.html"
#: Widgets whose markup is written here exactly as Django's templates write it
#: (django/forms/templates/django/forms/widgets/); any other goes through them.
_INPUTS = {
    "django/forms/widgets/checkbox.html",
    "django/forms/widgets/clearable_file_input.html",
    "django/forms/widgets/file.html",
}


def _flat_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget_html(field) -> str:
    """``str(field)``, the widget of a bound field, without rendering a template
    for a text area, a file input or a check box."""
    widget = field.field.widget
    template = widget.template_name
    if template != _TEXTAREA and template not in _INPUTS:
        return str(field)
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if context.get("is_initial"):  # a file already there: Django's "Modifier" markup
        return str(field)
    name, flat = conditional_escape(context["name"]), _flat_attrs(context["attrs"])
    value = context["value"]
    if template == _TEXTAREA:
        text = conditional_escape(value) if value else ""
        return f'<textarea name="{name}"{flat}>\n{text}</textarea>'
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return f'<input type="{conditional_escape(context["type"])}" name="{name}"{shown}{flat}>'


def _field_html(field) -> str:
    """templates/form_field.html, in Python: label, widget, help and errors."""
    label, errors = conditional_escape(field.label), field.errors
    label_for = conditional_escape(field.id_for_label)
    if field.widget_type == "checkbox":
        body = f'{_widget_html(field)} <label for="{label_for}">{label}</label>'
    elif field.widget_type == "checkboxselectmultiple":
        body = f"<fieldset><legend>{label}</legend>{_widget_html(field)}</fieldset>"
    else:
        star = ' <span aria-hidden="true">*</span>' if field.field.required else ""
        body = f'<label for="{label_for}">{label}{star}</label>\n{_widget_html(field)}'
    if field.help_text:
        help_id = f"{conditional_escape(field.auto_id)}_helptext"
        body += f'\n<small class="help" id="{help_id}">{field.help_text}</small>'
    body += "".join(f'\n<p class="error" role="alert">{conditional_escape(e)}</p>' for e in errors)
    return f'<div class="field{" has-error" if errors else ""}">\n{body}\n</div>\n'


@register.simple_tag
def form_fields(form) -> str:
    """templates/form.html (each field through form_field.html), in Python.

    The same markup, minus blank lines, for a fraction of the cost: each
    widget template Django renders costs about as much as a query (issue 11).
    """
    html = ""
    if form.non_field_errors():
        errors = "".join(
            f'<p class="error">{conditional_escape(e)}</p>' for e in form.non_field_errors()
        )
        html = f'<div class="errors" role="alert">{errors}</div>\n'
    return mark_safe(html + "".join(_field_html(field) for field in form))  # noqa: S308 — escaped above


@register.simple_tag
def form_field(field) -> str:
    """templates/form_field.html for one bound field, in Python (see ``form_fields``)."""
    return mark_safe(_field_html(field))  # noqa: S308 — escaped in _field_html
@register.simple_tag
def filter_fields(form) -> str:
    """Every field of a list's filter form, as ``form_field.html`` lays them out."""
    from support.filter_form import fields_html

    return fields_html(form)
