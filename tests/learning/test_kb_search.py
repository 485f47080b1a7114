"""The shared search engine (learning/search.py): the same tests on SQLite and PostgreSQL."""

import pytest
from django.core.paginator import Paginator
from django.db import connection

from learning import search, selectors_kb
from learning.kb_spec import ARTICLE_SEARCH
from learning.models import Article
from tests.learning.kb_factories import article

pytestmark = pytest.mark.django_db


def found(query, queryset=None, **kwargs):
    queryset = Article.objects.all() if queryset is None else queryset
    return [a.title for a in search.search(queryset, ARTICLE_SEARCH, query, **kwargs)]


@pytest.fixture
def articles(agent):
    return {
        "tva": article(
            agent,
            title="Déclaration de TVA mensuelle",
            question="Comment préparer la déclaration de TVA CA3 ?",
            answer="Le montant de TVA collectée et déductible est repris des comptes 445.",
        ),
        "fec": article(
            agent,
            title="Générer le FEC",
            question="Comment produire le fichier des écritures comptables ?",
            answer="Les déclarations fiscales exigent un FEC conforme à l'article A47 A-1.",
        ),
        "paie": article(
            agent,
            title="Clôture de la paie",
            question="Comment clôturer le mois de paie ?",
            answer="Vérifiez les bulletins avant la clôture.",
            tags="salaires, DSN",
        ),
    }


def test_it_folds_accents_and_stems_french_words(articles):
    # "déclarations" finds "Déclaration" and "declarations" finds "déclarations".
    assert set(found("déclarations")) == {"Déclaration de TVA mensuelle", "Générer le FEC"}
    assert set(found("DECLARATION")) == {"Déclaration de TVA mensuelle", "Générer le FEC"}
    assert found("clôturer") == ["Clôture de la paie"]
    assert found("cloture") == ["Clôture de la paie"]


def test_it_ranks_a_title_match_above_an_answer_match(articles):
    assert found("déclaration")[0] == "Déclaration de TVA mensuelle"


def test_all_words_must_match_unless_any_is_asked(articles):
    assert found("déclaration paie") == []
    assert set(found("déclaration paie", match="any")) == {a.title for a in articles.values()}


def test_tags_are_searched(articles):
    assert found("salaires") == ["Clôture de la paie"]


def test_stop_words_and_punctuation_alone_find_nothing(articles):
    assert found("le la des") == []
    assert found("' \" * ( ) AND OR NEAR") == []
    assert found("") == []


def test_query_syntax_is_never_interpreted(articles):
    assert found('tva" OR "paie') == []
    assert found("tva:* & !paie") == []


def test_it_composes_with_further_filters_in_the_same_query(articles, django_assert_num_queries):
    published = Article.objects.filter(state=Article.State.PUBLISHED)
    with django_assert_num_queries(1):
        assert found("déclaration", published.exclude(pk=articles["fec"].pk)) == [
            "Déclaration de TVA mensuelle"
        ]
    results = search.search(published, ARTICLE_SEARCH, "déclaration")
    assert results.count() == 2
    assert all(a.search_rank > 0 for a in results)


def test_snippets_highlight_matched_words_and_escape_the_rest(agent):
    tricky = article(
        agent,
        title="Import bancaire",
        question="Comment importer un relevé ?",
        answer="Le relevé <script>alert(1)</script> est importé au format CFONB.",
    )
    [result] = search.attach_snippets(ARTICLE_SEARCH, "relevés", [tricky])
    assert "<mark>relevé</mark>" in result.search_snippet
    assert "<script>" not in result.search_snippet


def test_a_reindexed_article_is_found_by_its_new_words_only(agent):
    from learning import services_kb

    draft = article(agent, title="Ancien titre", publish=False)
    services_kb.update_article(article=draft, editor=agent, title="Rapprochement bancaire")
    assert found("rapprochement") == ["Rapprochement bancaire"]
    assert found("ancien") == []
    search.unindex(ARTICLE_SEARCH, draft.pk)
    assert found("rapprochement") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm typo tolerance")
def test_postgres_tolerates_a_typo(articles):
    assert "Déclaration de TVA mensuelle" in found("declaratoin")


def test_prefix_of_the_word_being_typed_matches(articles):
    assert "Générer le FEC" in found("générer le fe")


def test_index_many_indexes_a_bulk_load(agent):
    from django.utils import timezone

    now = timezone.now()
    loaded = Article.objects.bulk_create(
        Article(
            slug=f"import-{n}",
            title=f"Import bancaire numéro {n}",
            question="Comment importer ?",
            answer="CFONB",
            answer_text="CFONB",
            created_by=agent,
            created_at=now,
            updated_at=now,
        )
        for n in range(3)
    )
    assert search.index_many(ARTICLE_SEARCH, loaded) == 3
    assert len(found("importer bancaire")) == 3
    assert search.index_many(ARTICLE_SEARCH, loaded[:1]) == 1  # again: no duplicate
    assert len(found("importer bancaire")) == 3


# --- one page of a ranked search (the search page and the suggestions) ---------------


@pytest.fixture
def many(agent):
    """Twelve articles on the same words, some of them hidden from clients."""
    created = []
    for n in range(12):
        created.append(
            article(
                agent,
                title=f"Lettrage {'automatique ' * (n % 3)}n° {n}",
                publish=n % 4 != 0,  # every fourth stays a draft
            )
        )
    return created


def _page(queryset, query, **kwargs):
    return [a.pk for a in search.ranked_page(queryset, ARTICLE_SEARCH, query, **kwargs)]


def _sliced(queryset, query, offset, limit, match="all"):
    ranked = search.search(queryset, ARTICLE_SEARCH, query, match=match)
    return [a.pk for a in ranked[offset : offset + limit]]


@pytest.mark.parametrize("window", [search.MIN_WINDOW, 2])
def test_a_ranked_page_is_the_same_slice_as_the_full_search(many, monkeypatch, window):
    # window=2: the access rules hide candidates, so the joined query answers instead.
    monkeypatch.setattr(search, "MIN_WINDOW", window)
    monkeypatch.setattr(search, "WINDOW_FACTOR", 1 if window == 2 else search.WINDOW_FACTOR)
    published = Article.objects.filter(state=Article.State.PUBLISHED)
    for query, match in (("lettrage automatique", "all"), ("lettrage automatique", "any")):
        for offset, limit in ((0, 5), (3, 4), (8, 5), (20, 5)):
            expected = _sliced(published, query, offset, limit, match)
            assert _page(published, query, offset=offset, limit=limit, match=match) == expected
    assert _page(published, "le la") == []


def test_a_ranked_page_carries_the_rank_and_a_bounded_number_of_queries(
    many, django_assert_max_num_queries
):
    published = Article.objects.filter(state=Article.State.PUBLISHED)
    with django_assert_max_num_queries(4):
        page = search.ranked_page(published, ARTICLE_SEARCH, "lettrage", limit=5)
    assert len(page) == 5
    assert all(a.search_rank > 0 for a in page)
    assert [a.search_rank for a in page] == sorted((a.search_rank for a in page), reverse=True)


def test_the_search_page_counts_exactly_what_each_reader_may_open(
    many, agent, client_user, django_assert_max_num_queries
):
    # On SQLite the count is taken on the index alone, less the hidden matches.
    internal = article(agent, title="Lettrage interne n° 99", is_internal=True)
    assert internal.is_internal
    for user in (client_user, agent):
        for query in ("lettrage", "lettrage automatique", "lettrage inconnu"):
            expected = selectors_kb.search_articles(user, query=query).count()
            with django_assert_max_num_queries(2):
                assert Paginator(selectors_kb.search_page(user, query=query), 5).count == expected
    assert selectors_kb.search_articles(client_user, query="lettrage").count() == 9
    assert selectors_kb.search_articles(agent, query="lettrage").count() == 13
