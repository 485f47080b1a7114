"""The demo knowledge base loads through the services and gives the Private dashboard data."""

import pytest
from django.core.management import call_command

from learning import reports_kb, selectors_kb
from learning.models import Article, ArticleView
from portal.accounts.models import User
from portal.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_about_sixty_articles_once():
    call_command("seed_demo")
    counts = (Article.objects.count(), ArticleView.objects.count())
    call_command("seed_demo")
    assert (Article.objects.count(), ArticleView.objects.count()) == counts
    published = Article.objects.filter(state="published", is_internal=False).count()
    assert 55 <= published <= 65
    assert Article.objects.filter(state="draft").exists()
    assert Article.objects.filter(is_internal=True).exists()
    karim = User.objects.get(email="user@durand.demo")
    titles = [a.title for a in selectors_kb.search_articles(karim, query="déclarations TVA")]
    assert "Préparer la déclaration de TVA CA3 mensuelle" in titles
    board = reports_kb.kb_dashboard(Organisation.objects.get(name="Groupe Lefèvre"))
    assert board.views > 50 and board.readers == 2 and board.sessions > 0
