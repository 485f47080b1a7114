"""``{% cached_part key seconds [value …] %}…{% endcached_part %}``: the enclosed
part rendered once per ``key``, the values given after it and the language
(see portal/core/fragments.py); an empty key renders it afresh. Built in
(``TEMPLATES["OPTIONS"]["builtins"]``).
"""

from django import template
from django.utils.translation import get_language

from portal.core.fragments import TOKEN_PLACEHOLDER, cached, signature, with_token

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, nodelist, key, seconds, values):
        self.nodelist, self.key, self.seconds, self.values = nodelist, key, seconds, values

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        values = [value.resolve(context) for value in self.values]
        key = f"part:{key}:{signature(get_language(), *values)}"
        html = cached(key, self.seconds.resolve(context), lambda: self._render(context))
        return with_token(html, context)

    def _render(self, context) -> str:
        with context.push(csrf_token=TOKEN_PLACEHOLDER):
            return self.nodelist.render(context)


@register.tag
def cached_part(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("usage: {% cached_part key seconds [value …] %}")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    key, seconds, *values = (parser.compile_filter(bit) for bit in bits[1:])
    return CachedPartNode(nodelist, key, seconds, values)
