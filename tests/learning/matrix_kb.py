"""Authorization matrix rows of the kb part of learning/.

Articles are not an organisation's: a published one is open to every signed-in
person (art. 12.4), so the outsider reads it like anyone; drafts and internal
articles are a 404 for clients (tests/learning/test_kb_views.py). The
dashboards are the caller's own organisation's (the outsider sees its own).
POSTs without data: the form or the service refuses and the page redirects.
"""

from tests.authz import ADMINS, ANY_SIGNED_IN, API_ANY, statuses

SIGNED_IN_ACTION = statuses(302, 302, 302, 302, 302, 302)
STAFF_PAGE = statuses(302, 403, 403, 403, 200, 200)
STAFF_ACTION = statuses(302, 403, 403, 403, 302, 302)
API_STAFF = statuses(403, 403, 403, 403, 200, 200)


def _article(cast):
    from tests.learning.kb_factories import article

    return article(cast["agent"])


def _slug(cast):
    return {"slug": _article(cast).slug}


def _image(cast):
    from learning import services_kb
    from tests.support.factories import png
    from tests.support.matrix import _temporary_media_root

    _temporary_media_root()
    image = services_kb.add_image(article=_article(cast), editor=cast["agent"], upload=png())
    return {"public_id": image.public_id}


def _reference(cast):
    from tests.support.matrix import _reference as reference

    return reference(cast)


MATRIX: dict = {
    "learning:kb_list": ("get", None, ANY_SIGNED_IN),
    "learning:kb_suggestions": ("get", None, SIGNED_IN_ACTION),  # without htmx: the search
    "learning:kb_dashboard": ("get", None, ADMINS),
    # The cast is on Open: the CSV is for Private (tests/learning/test_kb_dashboard.py).
    "learning:kb_dashboard_csv": ("get", None, statuses(302, 403, 403, 403, 403, 403)),
    "learning:kb_image": ("get", _image, ANY_SIGNED_IN),
    "learning:kb_manage": ("get", None, STAFF_PAGE),
    "learning:kb_create": ("get", None, STAFF_PAGE),
    "learning:kb_from_demande": ("post", _reference, STAFF_ACTION),
    "learning:kb_reply": ("post", _reference, STAFF_ACTION),
    "learning:kb_article": ("get", _slug, ANY_SIGNED_IN),
    "learning:kb_feedback": ("post", _slug, SIGNED_IN_ACTION),
    "learning:kb_edit": ("get", _slug, STAFF_PAGE),
    "learning:kb_publish": ("post", _slug, STAFF_ACTION),
    "learning:kb_archive": ("post", _slug, STAFF_ACTION),
    "learning:kb_image_upload": ("post", _slug, STAFF_ACTION),
    "api:kb-article-list": ("get", None, API_ANY),
    "api:kb-article-detail": ("get", _slug, API_ANY),
    "api:kb-article-publish": ("post", _slug, statuses(403, 403, 403, 403, 409, 409)),
    "api:kb-article-archive": ("post", _slug, API_STAFF),
}
