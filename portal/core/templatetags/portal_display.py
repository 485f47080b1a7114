"""``{{ demande|display:"state" }}``: a choice field's label, cheaply (issue 11).
Built in (``TEMPLATES["OPTIONS"]["builtins"]``): no ``{% load %}`` needed."""

from django import template
from django.utils.encoding import force_str

register = template.Library()


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
