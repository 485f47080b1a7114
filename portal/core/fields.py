"""Form and API fields for typed text (rules in ``portal.core.text``)."""

from django import forms
from rest_framework import serializers

from portal.core.text import FREE_TEXT_MAX_LENGTH, fold_single_line


class SingleLineField(forms.CharField):
    """A one-line text: line breaks and control characters folded into spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        return fold_single_line(value) if value else value


class FreeTextField(forms.CharField):
    """A multi-line text with the portal's maximum length (French message)."""

    def __init__(self, *, max_length=FREE_TEXT_MAX_LENGTH, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(max_length=max_length, **kwargs)


class SingleLineSerializerField(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return fold_single_line(value) if value else value


class FreeTextSerializerField(serializers.CharField):
    def __init__(self, *, max_length=FREE_TEXT_MAX_LENGTH, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
