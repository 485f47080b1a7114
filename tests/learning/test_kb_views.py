"""Knowledge-base pages: who reads what, traces of reading, suggestions while filing."""

import uuid

import pytest
from django.urls import reverse

from learning.models import ArticleFeedback, ArticleView, KbSearchMiss, KbSuggestionSession
from subscriptions.models import Formula
from tests.factories import OrganisationFactory, UserFactory
from tests.learning.kb_factories import article
from tests.support.factories import file

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"learning:{name}", kwargs=kwargs or None)


@pytest.fixture
def published(agent):
    return article(agent, title="Lettrage automatique des comptes", tags="lettrage, 411")


def test_every_formula_reads_published_articles(login, published):
    for formula in (Formula.CONNECT, Formula.OPEN, Formula.PRIVATE):
        person = UserFactory(organisation=OrganisationFactory(formula=formula))
        page = login(person).get(url("kb_article", slug=published.slug))
        assert page.status_code == 200
        assert "Lettrage automatique des comptes" in page.content.decode()
        assert "mis à jour le" in page.content.decode()


def test_drafts_and_internal_articles_are_a_404_for_clients(login, agent, client_user, outsider):
    draft = article(agent, title="Brouillon confidentiel", publish=False)
    internal = article(agent, title="Procédure interne", is_internal=True)
    for person in (client_user, outsider):
        browser = login(person)
        for hidden in (draft, internal):
            assert browser.get(url("kb_article", slug=hidden.slug)).status_code == 404
            assert browser.post(url("kb_feedback", slug=hidden.slug)).status_code == 404
        listing = browser.get(url("kb_list"), {"q": "confidentiel procédure"}).content.decode()
        assert "Brouillon confidentiel" not in listing and "Procédure interne" not in listing
        api = browser.get(reverse("api:kb-article-detail", kwargs={"slug": draft.slug}))
        assert api.status_code == 404
    assert login(agent).get(url("kb_article", slug=draft.slug)).status_code == 200


def test_search_shows_highlighted_snippets_and_records_searches_without_result(
    login, client_user, published
):
    browser = login(client_user)
    page = browser.get(url("kb_list"), {"q": "lettrer"}).content.decode()
    assert "Lettrage automatique des comptes" in page
    assert "<mark>" in page
    assert not KbSearchMiss.objects.exists()
    page = browser.get(url("kb_list"), {"q": "immobilisations crédit-bail"}).content.decode()
    assert "Aucun article ne répond" in page
    miss = KbSearchMiss.objects.get()
    assert (miss.text, miss.organisation) == (
        "immobilisations crédit-bail",
        client_user.organisation,
    )


def test_a_bad_filter_is_ignored_not_an_error(login, client_user, published):
    page = login(client_user).get(url("kb_list"), {"product": "inconnu", "kind": "x"})
    assert page.status_code == 200


def test_a_view_is_recorded_once_per_user_and_day_and_never_for_staff(
    login, client_user, agent, published
):
    browser = login(client_user)
    browser.get(url("kb_article", slug=published.slug))
    browser.get(url("kb_article", slug=published.slug))
    assert ArticleView.objects.filter(user=client_user).count() == 1
    login(agent).get(url("kb_article", slug=published.slug))
    assert ArticleView.objects.count() == 1


def test_feedback_yes_or_no_with_a_comment_the_last_answer_counts(login, client_user, published):
    browser = login(client_user)
    response = browser.post(url("kb_feedback", slug=published.slug), {"helpful": "non"})
    assert response.status_code == 302
    browser.post(url("kb_feedback", slug=published.slug), {"helpful": "oui", "comment": "Merci !"})
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (True, "Merci !")
    page = browser.post(url("kb_feedback", slug=published.slug), {}, follow=True)
    assert "Répondez par Oui ou par Non." in page.content.decode()


def test_suggestions_under_a_new_demande_are_recorded_with_what_came_of_them(
    login, client_user, published
):
    browser = login(client_user)
    form = browser.get(reverse("support:create")).content.decode()
    assert 'hx-get="/base-de-connaissances/suggestions/"' in form
    assert "<script>" not in form.split("</head>")[1]
    session = str(uuid.uuid4())
    fragment = browser.get(
        url("kb_suggestions"),
        {"subject": "le lettrage ne marche pas", "kb_session": session},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Lettrage automatique des comptes" in fragment
    assert f"?suggestion={session}" in fragment
    browser.get(url("kb_article", slug=published.slug), {"suggestion": session})
    row = KbSuggestionSession.objects.get(public_id=session)
    assert row.suggested == [published.pk] and row.opened_any and not row.filed
    browser.post(
        reverse("support:create"),
        {"kind": "support", "subject": "Le lettrage ne marche pas", "kb_session": session},
    )
    row.refresh_from_db()
    assert row.filed and row.demande is not None


def test_without_javascript_rechercher_opens_the_search_for_the_subject(login, client_user):
    response = login(client_user).get(url("kb_suggestions"), {"subject": "TVA intracommunautaire"})
    assert response.status_code == 302
    assert response["Location"] == url("kb_list") + "?q=TVA+intracommunautaire"


def test_the_connect_page_points_at_the_knowledge_base(login):
    connect = UserFactory(organisation=OrganisationFactory(formula=Formula.CONNECT))
    page = login(connect).get(reverse("support:create")).content.decode()
    assert url("kb_list") in page


def test_agents_reply_with_an_article_and_start_one_from_a_demande(
    login, client_user, agent, published
):
    demande = file(client_user)
    browser = login(agent)
    detail = browser.get(reverse("support:detail", kwargs={"reference": demande.reference}))
    assert url("kb_reply", reference=demande.reference) in detail.content.decode()
    browser.post(
        url("kb_reply", reference=demande.reference),
        {"article": f"https://portail.example/base-de-connaissances/{published.slug}/"},
    )
    page = login(client_user).get(
        reverse("support:detail", kwargs={"reference": demande.reference})
    )
    assert (
        f'href="http://127.0.0.1:8000/base-de-connaissances/{published.slug}/"'
        in (page.content.decode())
        or f"/base-de-connaissances/{published.slug}/</a>" in page.content.decode()
    )
    refused = login(agent).post(url("kb_from_demande", reference=demande.reference), follow=True)
    assert "Seule une demande résolue" in refused.content.decode()


def test_staff_write_through_the_pages(login, agent):
    browser = login(agent)
    response = browser.post(
        url("kb_create"),
        {"title": "Export FEC", "kind": "howto", "question": "Comment ?", "answer": "Ainsi."},
    )
    assert response.status_code == 302
    slug = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    browser.post(url("kb_publish", slug=slug))
    page = browser.get(url("kb_article", slug=slug)).content.decode()
    assert "Première publication" in page
    errors = browser.post(url("kb_create"), {"title": "", "question": "", "answer": ""})
    assert errors.status_code == 200 and "Ce champ est obligatoire." in errors.content.decode()
