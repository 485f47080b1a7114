"""Catalogue pages: locked and hidden items, progress, quiz, files, forum, team."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from learning.models import DiscussionPost, Progress
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.factories_training import hold, item, module_with_quiz, product

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert():
    return product()


def _user(formula, *products, role="client_user"):
    organisation = OrganisationFactory(formula=formula)
    hold(organisation, *products)
    return UserFactory(organisation=organisation, role=role)


def test_an_open_user_sees_private_items_locked_and_never_a_product_not_held(client, expert):
    paie = product("module-paie", "Module Paie", "module")
    item("Approfondir la TVA", level="private", products=[expert])
    item("Maîtriser le lettrage", level="open", products=[expert])
    item("La paie pas à pas", level="connect", products=[paie])
    client.force_login(_user("open", expert))
    page = client.get(reverse("learning:catalogue")).content.decode()
    assert "Maîtriser le lettrage" in page
    assert "Approfondir la TVA" in page and "Inclus dans Cegid Private" in page
    assert "La paie pas à pas" not in page


@pytest.mark.parametrize(
    ("formula", "level"), [("connect", "open"), ("open", "private"), ("connect", "private")]
)
def test_a_direct_url_above_the_formula_is_a_404(client, expert, formula, level):
    locked = item("Au-dessus", level=level, products=[expert])
    client.force_login(_user(formula, expert))
    assert client.get(reverse("learning:item", args=[locked.public_id])).status_code == 404
    api = client.get(reverse("api:learning-item-detail", args=[locked.public_id]))
    assert api.status_code == 404


def test_a_replay_for_a_product_not_held_is_a_404(client, expert):
    replay = item("Replay clôture", level="open", kind="replay", products=[expert])
    client.force_login(_user("private"))
    assert client.get(reverse("learning:item", args=[replay.public_id])).status_code == 404
    listed = client.get(reverse("api:learning-item-list")).json()
    assert listed["count"] == 0


def test_chapters_progress_resume_and_quiz_complete_a_module(client, expert):
    module, right, wrong = module_with_quiz(products=[expert])
    user = _user("open", expert)
    client.force_login(user)
    client.get(reverse("learning:chapter", args=[module.public_id, 1]))
    response = client.post(reverse("learning:chapter", args=[module.public_id, 1]))
    assert response.url == reverse("learning:chapter", args=[module.public_id, 2])
    # "Reprendre" takes the user back where they stopped: chapter 2.
    resume = client.get(reverse("learning:resume", args=[module.public_id]))
    assert resume.url == reverse("learning:chapter", args=[module.public_id, 2])
    client.post(reverse("learning:chapter", args=[module.public_id, 2]))
    progress = Progress.objects.get(user=user, item=module)
    assert progress.chapters_done == [1, 2] and progress.completed_at is None

    question = module.questions.get()
    failed = client.post(
        reverse("learning:quiz", args=[module.public_id]), {f"q{question.pk}": [wrong.pk]}
    )
    assert failed.status_code == 302
    progress.refresh_from_db()
    assert progress.best_score == 0 and progress.completed_at is None
    client.post(reverse("learning:quiz", args=[module.public_id]), {f"q{question.pk}": [right.pk]})
    progress.refresh_from_db()
    assert progress.best_score == 100 and progress.completed_at is not None


def test_a_quiz_without_answers_is_refused_in_french(client, expert):
    module, _right, _wrong = module_with_quiz(products=[expert])
    client.force_login(_user("open", expert))
    response = client.post(reverse("learning:quiz", args=[module.public_id]), {})
    assert response.status_code == 400
    assert "Choisissez au moins une réponse." in response.content.decode()


def test_chapters_are_rendered_sanitised(client, expert):
    module, _r, _w = module_with_quiz(products=[expert])
    chapter = module.chapters.get(position=1)
    chapter.body = "**Gras** <script>alert(1)</script> [lien](javascript:alert(1))"
    chapter.save()
    client.force_login(_user("open", expert))
    page = client.get(reverse("learning:chapter", args=[module.public_id, 1])).content.decode()
    assert "<strong>Gras</strong>" in page
    assert "<script>alert" not in page and 'href="javascript:' not in page


def test_a_video_is_served_with_range_requests(client, expert):
    video = item("Tutoriel", kind="video", products=[expert])
    video.video_file.save("v.mp4", ContentFile(bytes(range(256)) * 4))
    client.force_login(_user("open", expert))
    url = reverse("learning:video", args=[video.public_id])
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 10-19/1024"
    assert b"".join(part.streaming_content) == bytes(range(10, 20))
    assert client.get(url, HTTP_RANGE="bytes=5000-").status_code == 416


def test_a_support_is_downloaded_as_an_attachment(client, expert):
    support = item("Guide", kind="document", products=[expert], document_name="guide.pdf")
    support.document.save("g.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.force_login(_user("open", expert))
    response = client.get(reverse("learning:download", args=[support.public_id]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_forum_takes_questions_and_staff_moderate(client, expert, agent):
    module, _r, _w = module_with_quiz(products=[expert])
    user = _user("open", expert)
    client.force_login(user)
    client.post(reverse("learning:post", args=[module.public_id]), {"body": "Comment lettrer ?"})
    post = DiscussionPost.objects.get()
    client.force_login(agent)
    client.post(reverse("learning:hide_post", args=[post.public_id]))
    client.force_login(user)
    page = client.get(reverse("learning:item", args=[module.public_id])).content.decode()
    assert "Comment lettrer ?" not in page


def test_an_administrator_sees_the_team_progress_with_csv(client, expert):
    module, _r, _w = module_with_quiz(products=[expert])
    admin = _user("open", expert, role="client_admin")
    colleague = UserFactory(organisation=admin.organisation, first_name="Julie", last_name="Petit")
    client.force_login(colleague)
    client.post(reverse("learning:chapter", args=[module.public_id, 1]))
    client.force_login(admin)
    page = client.get(reverse("learning:team")).content.decode()
    assert "Julie Petit" in page and module.title in page
    csv = client.get(reverse("learning:team") + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Julie" in csv.content.decode("utf-8-sig")


def test_the_catalogue_query_count_does_not_grow_with_items(client, expert):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = _user("private", expert)
    client.force_login(user)
    for n in range(3):
        item(f"Contenu {n}", products=[expert])
    client.get(reverse("learning:catalogue"))  # warm-up: session and user caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("learning:catalogue"))
    for n in range(30):
        item(f"Autre {n}", products=[expert], level="private")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("learning:catalogue"))
    assert len(many) == len(few) <= 15
