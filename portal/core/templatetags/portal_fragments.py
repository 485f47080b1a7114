"""``{% cached_part key seconds %}…{% endcached_part %}``: the enclosed part
rendered once per ``key`` (see portal/core/fragments.py); an empty key renders
it afresh. Built in (``TEMPLATES["OPTIONS"]["builtins"]``).
"""

from django import template
from django.core.cache import cache

from portal.core.fragments import TOKEN_PLACEHOLDER, with_token

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, nodelist, key, seconds):
        self.nodelist, self.key, self.seconds = nodelist, key, seconds

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=TOKEN_PLACEHOLDER):
                html = self.nodelist.render(context)
            cache.set(key, html, self.seconds.resolve(context))
        return with_token(html, context)


@register.tag
def cached_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("usage: {% cached_part key seconds %}")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
