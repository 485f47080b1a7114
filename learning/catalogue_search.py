"""Search in the learning catalogue (art. 13.1).

Until the knowledge base's engine (``learning/search.py``) is brought in, a
plain case-insensitive match on title and summary; the access rule is applied
by the caller's queryset, so counts and pages stay right.
"""

from django.db.models import Q


def search(items, query: str):
    return items.filter(Q(title__icontains=query) | Q(summary__icontains=query)).order_by(
        "title", "pk"
    )


def attach_snippets(query: str, objects) -> list:
    return list(objects)
