"""Articles' Markdown → safe HTML, and → plain text for the search index.

Rendered by markdown-it-py (CommonMark, raw HTML off) then cleaned by nh3
(the ammonia sanitiser) with an allow-list: whatever a writer types, no
script, no event attribute, no ``style`` and no ``javascript:`` link reaches a
reader. Links open with ``rel="noopener noreferrer"``. Images may only come
from this portal (relative URLs of the knowledge base's own images).
No Django import: fast to test, easy to read.
"""

import re
from html import unescape

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")

TAGS = {
    "a", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}}
#: Only our own images: a path on this site, never a remote URL (tracking, mixed content).
IMAGE_PREFIX = "/base-de-connaissances/images/"


def render(markdown: str) -> str:
    """Sanitised HTML of ``markdown``; headings start at h2 (the page has the h1)."""
    html = _markdown.render(markdown or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_keep_attribute,
    )


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not value.startswith(IMAGE_PREFIX):
        return None
    return value


def plain_text(markdown: str) -> str:
    """The words of ``markdown`` without its markup (indexed, and shown in snippets)."""
    html = render(markdown)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text)).strip()
