"""Search in the learning catalogue (art. 13.1), on the knowledge base's engine.

``learning/search.py`` (French stems, accents folded, PostgreSQL and SQLite)
narrows the queryset it is given: the caller's queryset already carries the
access rule (``selectors_training.catalogue``), so the rule filters in the
same SQL query and counts and pages are right.
"""

from learning import search as engine
from learning.training_spec import TRAINING_SEARCH


def search(items, query: str):
    return engine.search(items, TRAINING_SEARCH, query)


def attach_snippets(query: str, objects) -> list:
    if not query:
        return list(objects)
    return engine.attach_snippets(TRAINING_SEARCH, query, objects)


def index_item(item) -> None:
    """Keep the index in step; call it in the transaction that saves the item."""
    engine.index(TRAINING_SEARCH, item)
