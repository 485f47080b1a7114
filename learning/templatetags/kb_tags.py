"""Template helpers of the knowledge base."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def kb_session_id(request) -> str:
    """The id tying a new-Demande form's suggestions to its filing (kept across a re-display)."""
    posted = request.POST.get("kb_session", "") if request.method == "POST" else ""
    try:
        return str(uuid.UUID(posted))
    except ValueError:
        return str(uuid.uuid4())
