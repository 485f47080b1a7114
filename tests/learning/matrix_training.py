"""Authorization matrix rows of the training part of learning/.

Objects: a catalogue item about a product that only ``client_admin``'s
organisation holds (the outsider's organisation does not: 404), a
webassistance on that product, a téléassistance slot on a Demande of
``client_user``. POSTs without data are refused by the form or the service
and redirect back (302) or answer 400/409 on the API.
"""

from django.core.files.base import ContentFile

from tests.authz import statuses

OBJECT_PAGE = statuses(302, 200, 200, 404, 200, 200)
OBJECT_ACTION = statuses(302, 302, 302, 404, 302, 302)
STAFF_ACTION = statuses(302, 403, 403, 403, 302, 302)
API_OBJECT = statuses(403, 200, 200, 404, 200, 200)


def _held_product(cast):
    from tests.learning.factories_training import hold, product

    expert = product()
    hold(cast["client_admin"].organisation, expert)
    return expert


def _item(cast, **fields):
    from tests.learning.factories_training import module_with_quiz

    module, _right, _wrong = module_with_quiz(products=[_held_product(cast)])
    for name, value in fields.items():
        if name in ("video_file", "document"):
            getattr(module, name).save(*value, save=False)
        else:
            setattr(module, name, value)
    module.save()
    return module


def _item_kwargs(cast):
    return {"public_id": _item(cast).public_id}


def _chapter_kwargs(cast):
    return {"public_id": _item(cast).public_id, "position": 1}


def _video_kwargs(cast):
    item = _item(cast, video_file=("video.mp4", ContentFile(b"\x00" * 2048)))
    return {"public_id": item.public_id}


def _document_kwargs(cast):
    item = _item(
        cast,
        document=("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")),
        document_name="guide.pdf",
        document_type="application/pdf",
    )
    return {"public_id": item.public_id}


def _post_kwargs(cast):
    from learning.models import DiscussionPost

    post = DiscussionPost.objects.create(
        item=_item(cast), author=cast["client_user"], body="Question", created_at=_now()
    )
    return {"public_id": post.public_id}


def _now():
    from django.utils import timezone

    return timezone.now()


def _session_kwargs(cast):
    from datetime import timedelta

    from tests.learning.factories_training import session

    return {
        "public_id": session(_held_product(cast), starts_at=_now() + timedelta(days=5)).public_id
    }


def _reference(cast):
    from tests.support.factories import file

    return {"reference": file(cast["client_user"]).reference}


def _slot_kwargs(cast):
    from datetime import timedelta

    from learning.models import TeleassistanceSlot
    from tests.support.factories import file

    demande = file(cast["client_user"])
    start = _now() + timedelta(days=7)
    slot = TeleassistanceSlot.objects.create(
        demande=demande,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        proposed_by=cast["agent"],
        created_at=_now(),
    )
    return {"public_id": slot.public_id}


MATRIX: dict = {
    "learning:catalogue": ("get", None, statuses(302, 200, 200, 200, 200, 200)),
    "learning:team": ("get", None, statuses(302, 403, 200, 200, 403, 403)),
    "learning:item": ("get", _item_kwargs, OBJECT_PAGE),
    "learning:chapter": ("get", _chapter_kwargs, OBJECT_PAGE),
    "learning:resume": ("get", _item_kwargs, OBJECT_ACTION),
    "learning:quiz": ("post", _item_kwargs, statuses(302, 400, 400, 404, 302, 302)),
    "learning:viewed": ("post", _item_kwargs, OBJECT_ACTION),
    "learning:video": ("get", _video_kwargs, OBJECT_PAGE),
    "learning:download": ("get", _document_kwargs, OBJECT_PAGE),
    "learning:post": ("post", _item_kwargs, OBJECT_ACTION),
    "learning:hide_post": ("post", _post_kwargs, STAFF_ACTION),
    "learning:webassistances": ("get", None, statuses(302, 200, 200, 200, 200, 200)),
    "learning:webassistance": ("get", _session_kwargs, OBJECT_PAGE),
    "learning:webassistance_ics": ("get", _session_kwargs, OBJECT_PAGE),
    "learning:webassistance_register": ("post", _session_kwargs, OBJECT_ACTION),
    "learning:webassistance_unregister": ("post", _session_kwargs, OBJECT_ACTION),
    "learning:teleassistance_propose": ("post", _reference, STAFF_ACTION),
    "learning:teleassistance_choose": ("post", _slot_kwargs, OBJECT_ACTION),
    "learning:teleassistance_outcome": ("post", _slot_kwargs, STAFF_ACTION),
    "learning:teleassistance_ics": ("get", _slot_kwargs, OBJECT_PAGE),
    "api:learning-item-list": ("get", None, statuses(403, 200, 200, 200, 200, 200)),
    "api:learning-item-detail": ("get", _item_kwargs, API_OBJECT),
    "api:learning-item-progress": ("get", _item_kwargs, API_OBJECT),
    "api:learning-item-quiz": ("post", _item_kwargs, statuses(403, 400, 400, 404, 400, 400)),
    "api:webassistance-list": ("get", None, statuses(403, 200, 200, 200, 200, 200)),
    "api:webassistance-detail": ("get", _session_kwargs, API_OBJECT),
    "api:webassistance-register": ("post", _session_kwargs, statuses(403, 200, 200, 404, 400, 400)),
    "api:webassistance-unregister": (
        "post",
        _session_kwargs,
        statuses(403, 409, 409, 404, 409, 409),
    ),
}
