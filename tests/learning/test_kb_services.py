"""Writing the knowledge base: workflow, versions, sanitised Markdown, images, support links."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning import markup, services_kb
from learning.models import Article
from portal.core.errors import DomainError, IllegalStateChange
from support import services as support_services
from tests.learning.kb_factories import article
from tests.support.factories import file, png

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_sanitised():
    html = markup.render(
        "# Titre\n\n**gras** [lien](javascript:alert(1)) <script>alert(1)</script>"
        '<img src=x onerror="alert(1)"> [ok](https://exemple.fr)\n\n'
        "![logo](https://pisteur.example/x.png) ![capture](/base-de-connaissances/images/a/)"
    )
    assert "<h2>Titre</h2>" in html and "<strong>gras</strong>" in html
    assert 'href="javascript' not in html and "<script" not in html and "<img src=x" not in html
    assert 'href="https://exemple.fr"' in html and "noopener" in html
    assert "pisteur.example" not in html
    assert 'src="/base-de-connaissances/images/a/"' in html


def test_a_draft_is_published_with_a_version_then_edits_need_a_note(agent, vendor_admin):
    draft = article(agent, publish=False)
    assert draft.state == Article.State.DRAFT and draft.published_at is None
    services_kb.publish_article(article=draft, editor=agent)
    assert draft.state == Article.State.PUBLISHED
    assert list(draft.history.values_list("number", "change_note")) == [(1, "Première publication")]
    with pytest.raises(DomainError) as error:
        services_kb.update_article(article=draft, editor=vendor_admin, answer="Nouvelle réponse.")
    assert error.value.field == "change_note"
    services_kb.update_article(
        article=draft, editor=vendor_admin, answer="Nouvelle réponse.", change_note="Menu renommé"
    )
    latest = draft.history.first()
    assert (latest.number, latest.published_by, latest.answer) == (
        2,
        vendor_admin,
        "Nouvelle réponse.",
    )
    with pytest.raises(IllegalStateChange):
        services_kb.publish_article(article=draft, editor=agent)
    services_kb.archive_article(article=draft, editor=agent)
    assert draft.state == Article.State.ARCHIVED and draft.history.count() == 2
    with pytest.raises(IllegalStateChange):
        services_kb.archive_article(article=draft, editor=agent)


def test_only_vendor_staff_write(client_admin):
    with pytest.raises(DomainError):
        services_kb.create_article(author=client_admin, title="T", question="Q", answer="R")


def test_bad_input_is_refused_with_a_french_message(agent):
    with pytest.raises(DomainError) as error:
        services_kb.create_article(author=agent, title=" ", question="Q", answer="R")
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        services_kb.create_article(author=agent, title="T", question="Q", answer="R", kind="x")
    assert error.value.field == "kind"
    assert not Article.objects.exists()


def test_slugs_are_unique_and_never_a_page_of_the_knowledge_base(agent):
    first = article(agent, title="Suggestions")
    second = article(agent, title="Suggestions")
    assert first.slug == "suggestions-2" and second.slug == "suggestions-3"


def test_images_are_checked_by_content(agent):
    draft = article(agent, publish=False)
    image = services_kb.add_image(article=draft, editor=agent, upload=png())
    assert image.content_type == "image/png"
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(DomainError) as error:
        services_kb.add_image(article=draft, editor=agent, upload=fake)
    assert error.value.field == "image"
    pdf = SimpleUploadedFile("notice.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(DomainError):
        services_kb.add_image(article=draft, editor=agent, upload=pdf)


def _resolved(client_user, agent):
    demande = file(client_user, subject="Écart de lettrage sur le compte 411DURAND")
    support_services.take_in_charge(demande=demande, agent=agent)
    support_services.qualify(demande=demande, agent=agent, qualification="other")
    support_services.resolve(demande=demande, agent=agent, message="Relancez le lettrage.")
    return demande


def test_a_draft_from_a_resolved_demande_must_be_reworked_before_publishing(client_user, agent):
    demande = _resolved(client_user, agent)
    draft = services_kb.draft_from_demande(demande=demande, agent=agent)
    assert draft.state == Article.State.DRAFT and draft.needs_review and draft.is_internal
    assert draft.answer == "Relancez le lettrage." and draft.source_demande == demande
    with pytest.raises(IllegalStateChange):
        services_kb.publish_article(article=draft, editor=agent)
    services_kb.update_article(
        article=draft, editor=agent, title="Écart de lettrage", is_internal=False
    )
    services_kb.publish_article(article=draft, editor=agent)
    assert draft.is_visible_to_clients


def test_an_open_demande_cannot_become_an_article(client_user, agent):
    with pytest.raises(IllegalStateChange):
        services_kb.draft_from_demande(demande=file(client_user), agent=agent)


def test_an_agent_replies_with_a_link_to_a_published_article(client_user, agent):
    demande = file(client_user)
    published = article(agent)
    comment = services_kb.reply_with_article(
        demande=demande, agent=agent, article=published, message="Voici la marche à suivre."
    )
    assert comment.body.startswith("Voici la marche à suivre.")
    assert f"/base-de-connaissances/{published.slug}/" in comment.body
    internal = article(agent, title="Note interne", is_internal=True)
    with pytest.raises(DomainError):
        services_kb.reply_with_article(demande=demande, agent=agent, article=internal)
