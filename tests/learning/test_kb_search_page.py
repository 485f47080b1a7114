"""The search page's results: what each row shows, and a query count that does not grow
with the number of results (the rows' details are computed once for the page)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from learning.models import Article
from tests.learning.kb_factories import article
from tests.subscriptions.factories import ProductFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _results(html: str) -> str:
    return html.split('<ol class="plain kb-results">', 1)[1].split("</ol>", 1)[0]


def test_each_result_shows_its_address_kind_products_and_date(login, agent, client_user):
    paie, compta = ProductFactory(name="Paie"), ProductFactory(name="Comptabilité")
    found = article(
        agent,
        title="Lettrage des comptes clients",
        kind=Article.Kind.HOWTO,
        products=[paie, compta],
    )
    # 1 March 2026, 00:30 in Paris: still 28 February in UTC; the page shows the local day.
    Article.objects.filter(pk=found.pk).update(
        published_at=datetime(2026, 3, 1, 0, 30, tzinfo=PARIS)
    )
    rows = _results(login(client_user).get(reverse("learning:kb_list"), {"q": "lettrage"}).text)
    assert f'<a href="/base-de-connaissances/{found.slug}/">' in rows
    assert "Mode opératoire · Comptabilité · Paie · mis à jour le 1er mars 2026" in rows
    assert "badge" not in rows  # the state is for the vendor's staff


def test_staff_see_the_state_of_each_result(login, agent):
    article(agent, title="Lettrage interne", is_internal=True)
    article(agent, title="Lettrage en brouillon", publish=False)
    rows = _results(login(agent).get(reverse("learning:kb_list"), {"q": "lettrage"}).text)
    assert '<span class="badge">interne</span>' in rows
    assert "Brouillon" in rows and "mis à jour le" in rows


@pytest.mark.parametrize("query", ["lettrage", ""])
def test_the_page_costs_the_same_queries_for_one_result_or_twenty(
    login, agent, client_user, django_assert_num_queries, query
):
    products = [ProductFactory(name="Paie"), ProductFactory(name="Comptabilité")]
    article(agent, title="Lettrage n° 0", products=products)
    browser = login(client_user)
    browser.get(reverse("learning:kb_list"), {"q": query})  # the session, warmed up

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert browser.get(reverse("learning:kb_list"), {"q": query}).status_code == 200
        return len(captured)

    one = queries()
    for n in range(1, 25):
        article(agent, title=f"Lettrage n° {n}", products=products)
    assert queries() == one


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": '  déclaration <TVA> & "FEC" \'  '},
        {"q": "lettrage", "product": "paie", "kind": "howto"},
        {"q": "", "product": "compta", "kind": ""},
        {"product": "inconnu", "kind": "pas-une-nature"},
        {"q": "x" * 201},
        {"q": "a\x00b"},
    ],
)
def test_the_written_out_filters_render_as_django_s_widgets(data):
    """_search_form.html goes through the portal's quick form renderer; it must
    give the HTML of Django's own widget templates."""
    from django.forms.renderers import DjangoTemplates
    from django.template import engines
    from django.test.html import parse_html

    from learning.forms_kb import KbSearchForm

    ProductFactory(code="paie", name="Paie & <RH>")
    ProductFactory(code="compta", name="Comptabilité")
    engine = engines["django"]
    by_django = engine.from_string(
        '{% for field in form %}{% include "form_field.html" %}{% endfor %}'
    )
    written_out = engine.from_string('{% include "learning/kb/_search_form.html" %}')
    django_form = KbSearchForm(data, renderer=DjangoTemplates())
    ours = written_out.render({"form": KbSearchForm(data)})
    assert parse_html(ours) == parse_html(by_django.render({"form": django_form}))
