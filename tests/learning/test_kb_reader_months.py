"""The readers of each month (KbReaderMonth) agree with a recount of the views (issue 8)."""

import importlib
import random
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.db.models import Count

from learning import reports_kb, services_kb
from learning.models import ArticleView, KbReaderMonth
from subscriptions.models import Contract, Formula
from support.business_time import PARIS
from tests.factories import UserFactory
from tests.learning.kb_factories import article

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=PARIS)


def _recount(organisation, since):
    """The dashboard's figures counted the slow way, straight on the views."""
    views = ArticleView.objects.filter(organisation=organisation, month__gte=since).order_by()
    totals = views.aggregate(views=Count("pk"), readers=Count("user", distinct=True))
    months = {
        row["month"]: (row["n"], row["readers"])
        for row in views.values("month").annotate(
            n=Count("pk"), readers=Count("user", distinct=True)
        )
    }
    top = {
        row["article_id"]: (row["n"], row["readers"])
        for row in views.values("article_id").annotate(
            n=Count("pk"), readers=Count("user", distinct=True)
        )
    }
    return totals, months, top


def _reader_months():
    return set(KbReaderMonth.objects.values_list("organisation_id", "month", "user_id"))


@pytest.fixture
def private(organisation):
    Contract.objects.filter(organisation=organisation).update(formula=Formula.PRIVATE)
    return organisation


def test_recorded_views_keep_the_readers_of_the_month_in_step(
    private, client_user, client_admin, outsider, agent
):
    people = [client_user, client_admin, outsider] + [
        UserFactory(organisation=private, email=f"lecteur{n}@durand.test") for n in range(4)
    ]
    arts = [article(agent, title=f"Article {n}") for n in range(6)]
    rng = random.Random(8)  # noqa: S311 - reproducible
    for _ in range(300):
        at = NOW - timedelta(days=rng.randrange(420), hours=rng.randrange(24))
        services_kb.record_view(article=rng.choice(arts), user=rng.choice(people), now=at)
    services_kb.record_view(article=arts[0], user=agent, now=NOW)  # staff: not counted

    recorded = _reader_months()
    services_kb.rebuild_reader_months()
    assert recorded == _reader_months()  # what the service kept == a rebuild from the views
    assert recorded == set(
        ArticleView.objects.values_list("organisation_id", "month", "user_id").distinct()
    )
    assert not KbReaderMonth.objects.filter(user=agent).exists()

    with time_machine.travel(NOW, tick=False):
        board = reports_kb.kb_dashboard(private)
    totals, months, top = _recount(private, board.since)
    assert (board.views, board.readers) == (totals["views"], totals["readers"])
    assert board.views > 0 and board.readers == 6
    for month, n, readers in board.months:
        assert (n, readers) == months.get(month, (0, 0))
    for row in board.top_articles:
        assert (row["n"], row["readers"]) == top[row["article_id"]]
    assert sum(n for _name, n in board.by_product) == totals["views"]


def test_a_view_on_the_same_day_counts_once_and_a_paris_midnight_starts_a_new_month(
    private, client_user, agent
):
    art = article(agent)
    evening = datetime(2026, 10, 31, 23, 30, tzinfo=PARIS)
    for at in (evening, evening + timedelta(minutes=10), evening + timedelta(minutes=40)):
        services_kb.record_view(article=art, user=client_user, now=at)
    assert ArticleView.objects.count() == 2
    assert sorted(KbReaderMonth.objects.values_list("month", flat=True)) == [
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]


def test_rebuilding_one_organisation_leaves_the_others_alone(private, client_user, outsider, agent):
    art = article(agent)
    services_kb.record_view(article=art, user=client_user, now=NOW)
    services_kb.record_view(article=art, user=outsider, now=NOW)
    KbReaderMonth.objects.filter(organisation=private).delete()
    assert services_kb.rebuild_reader_months(organisation=private) == 1
    assert KbReaderMonth.objects.count() == 2


def test_the_data_migration_builds_the_readers_from_existing_views(
    private, client_user, client_admin, agent
):
    art, other = article(agent), article(agent, title="Générer le FEC")
    days = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 10, 5)]
    ArticleView.objects.bulk_create(
        ArticleView(article=a, user=p, organisation=private, day=d, month=d.replace(day=1))
        for a in (art, other)
        for p in (client_user, client_admin)
        for d in days
    )
    assert not KbReaderMonth.objects.exists()
    migration = importlib.import_module("learning.migrations.0004_kb_reader_month")
    migration.build_reader_months(apps, SimpleNamespace(connection=connection))
    assert _reader_months() == {
        (private.pk, month, user.pk)
        for month in (date(2026, 11, 1), date(2026, 10, 1))
        for user in (client_user, client_admin)
    }
    migration.build_reader_months(apps, SimpleNamespace(connection=connection))  # rerun: same
    assert KbReaderMonth.objects.count() == 4
