"""The second Private dashboard (art. 12.11) and the vendor's figures."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from learning import reports_kb, services_kb
from learning.models import ArticleFeedback, ArticleView, KbSearchMiss, KbSuggestionSession
from portal.accounts.models import Role
from subscriptions.models import Contract, Formula, Product
from support.business_time import PARIS
from tests.factories import UserFactory
from tests.learning.kb_factories import article

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=PARIS)


@pytest.fixture
def private(organisation):
    Contract.objects.filter(organisation=organisation).update(formula=Formula.PRIVATE)
    return organisation


@pytest.fixture
def product(db):
    return Product.objects.create(code="expert", name="Cegid Expert", kind="production")


def _views(art, people, days):
    """Views loaded in bulk, then the readers of each month rebuilt (as the demo does)."""
    ArticleView.objects.bulk_create(
        ArticleView(article=art, user=p, organisation=p.organisation, day=d, month=d.replace(day=1))
        for p in people
        for d in days
    )
    services_kb.rebuild_reader_months()


def test_a_private_administrator_sees_what_the_users_read(
    login, private, client_admin, client_user, outsider, agent, product
):
    tva = article(agent, title="Déclaration de TVA", products=[product])
    fec = article(agent, title="Générer le FEC")
    _views(tva, [client_user, client_admin], [date(2026, 11, 2), date(2026, 10, 5)])
    _views(fec, [client_user], [date(2026, 9, 1), date(2025, 10, 1)])  # the last: too old
    _views(tva, [outsider], [date(2026, 11, 3)])  # another organisation
    KbSearchMiss.objects.create(
        text="Crédit-bail", normalized="credit bail", organisation=private, created_at=NOW
    )
    KbSuggestionSession.objects.create(
        public_id="00000000-0000-0000-0000-000000000001",
        organisation=private,
        user=client_user,
        last_query="tva",
        suggested=[tva.pk],
        opened=[tva.pk],
        opened_any=True,
        created_at=NOW,
        updated_at=NOW,
    )
    with time_machine.travel(NOW, tick=False):
        board = reports_kb.kb_dashboard(private)
        page = login(client_admin).get(reverse("learning:kb_dashboard")).content.decode()
        csv = login(client_admin).get(reverse("learning:kb_dashboard_csv"))
    assert (board.views, board.readers) == (5, 2)
    assert board.months[-1] == (date(2026, 11, 1), 2, 2)
    assert board.top_articles[0]["article__title"] == "Déclaration de TVA"
    assert dict(board.by_product) == {"Cegid Expert": 4, "—": 1}
    assert board.misses == [{"normalized": "credit bail", "n": 1}]
    assert (board.sessions, board.avoided, board.avoided_percent) == (1, 1, 100)
    assert "Déclaration de TVA" in page and "credit bail" in page
    assert "Données du graphique" in page  # the chart comes with its data table
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "2026-11;2;2" in body and "Déclaration de TVA;4;2" in body


def test_a_user_with_the_dashboards_right_sees_it_and_others_do_not(login, private):
    with_right = UserFactory(organisation=private, role=Role.CLIENT_USER, rights=["see_dashboards"])
    without = UserFactory(organisation=private, role=Role.CLIENT_USER, rights=[])
    assert login(with_right).get(reverse("learning:kb_dashboard")).status_code == 200
    assert login(without).get(reverse("learning:kb_dashboard")).status_code == 403


def test_other_formulas_get_a_clear_message(login, client_admin):
    page = login(client_admin).get(reverse("learning:kb_dashboard")).content.decode()
    assert "font partie de la formule Cegid Private" in page
    assert login(client_admin).get(reverse("learning:kb_dashboard_csv")).status_code == 403


def test_the_dashboard_costs_the_same_queries_whatever_the_data(
    private, client_user, agent, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=False):
        with django_assert_max_num_queries(7):
            reports_kb.kb_dashboard(private)
        arts = [article(agent, title=f"Article {n}") for n in range(5)]
        for art in arts:
            _views(art, [client_user], [date(2026, m, 3) for m in range(1, 12)])
        with django_assert_max_num_queries(7):
            reports_kb.kb_dashboard(private)


def test_the_vendor_sees_the_least_helpful_articles_first(login, agent, client_user, outsider):
    good = article(agent, title="Utile")
    bad = article(agent, title="Peu utile")
    for art, verdicts in ((good, (True, True)), (bad, (False, True))):
        for person, helpful in zip((client_user, outsider), verdicts, strict=True):
            ArticleFeedback.objects.create(
                article=art,
                user=person,
                organisation=person.organisation,
                helpful=helpful,
                created_at=NOW,
            )
    assert [a.title for a in reports_kb.least_helpful()] == ["Peu utile", "Utile"]
    page = login(agent).get(reverse("learning:kb_manage")).content.decode()
    assert page.index("Peu utile") < page.rindex("Utile")


def test_the_vendor_sees_the_rate_of_demandes_avoided_by_month_and_product(client_user, product):
    def session(n, *, opened, filed, at=NOW):
        KbSuggestionSession.objects.create(
            public_id=f"00000000-0000-0000-0000-00000000000{n}",
            organisation=client_user.organisation,
            user=client_user,
            product=product,
            last_query="tva",
            suggested=[1],
            opened_any=opened,
            filed=filed,
            created_at=at,
            updated_at=at,
        )

    session(1, opened=True, filed=False)
    session(2, opened=True, filed=True)
    session(3, opened=False, filed=True)
    session(4, opened=True, filed=False)
    [row] = reports_kb.avoided_by_month_and_product(since=datetime(2026, 11, 1, tzinfo=PARIS))
    assert (row["month"], row["product__name"]) == (date(2026, 11, 1), "Cegid Expert")
    assert (row["sessions"], row["avoided"], row["filed"], row["percent"]) == (4, 2, 2, 50)
