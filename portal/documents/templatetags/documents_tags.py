from django import template

from portal.documents.sizes import human_size as _human_size

register = template.Library()


@register.filter
def human_size(value):
    """1288490188 → "1,2 Go" (binary units, French decimal comma)."""
    return _human_size(value)
