"""Seed and measure the knowledge base (``make bench``): 20,000 articles, 1,000,000 views.

``--seed`` loads the data in bulk (articles with ``bulk_create`` and one
``index_many``; views with raw ``executemany`` in chunks, a few seconds for a
million rows). The measures go through Django's test client with a logged-in
user, middleware and templates included, as support's ``bench`` does: the
search page, the suggestion fragment (htmx) and the second Private dashboard,
each with its p50/p95 and SQL query count. Targets (issue 8): search p95
< 50 ms on SQLite, suggestions p95 < 30 ms, Private knowledge dashboard p95
< 100 ms, query counts that do not grow with the data.
"""

import os
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning import search, services_kb
from learning.demo_kb_articles import ARTICLES
from learning.kb_spec import ARTICLE_SEARCH
from learning.models import Article, ArticleView
from portal.accounts.models import Role, User
from portal.accounts.rights import Right
from portal.core.demo import siren_with_key
from portal.organisations.models import Organisation
from subscriptions.models import Contract, Formula
from support.management.commands.bench import _percentile

QUERIES = [
    "déclaration de TVA",
    "lettrage automatique",
    "import bancaire CFONB",
    "FEC",
    "clôture exercice",
    "DSN rejetée",
    "congés payés",
    "immobilisations cession",
    "relance clients",
    "facture électronique",
]
SUBJECTS = [
    "le lettrage ne fonctionne plus",
    "erreur import relevé bancaire",
    "déclaration tva crédit",
    "dsn rejet contrat",
    "fec déséquilibré",
]
ORGANISATIONS = 20
USERS_PER_ORGANISATION = 100


def _n(value: int) -> str:
    """Thousands separated by a narrow no-break space, as in French."""
    return f"{value:,}".replace(",", chr(0x202F))


class Command(BaseCommand):
    help = (
        "Base de connaissances : charge 20 000 articles et 1 000 000 de consultations, et mesure."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", action="store_true")
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--views", type=int, default=1_000_000)
        parser.add_argument("--iterations", type=int, default=30)
        parser.add_argument("--output", help="Ajouter aussi le tableau à ce fichier.")

    def handle(self, *args, seed, articles, views, iterations, output=None, **options):
        self.iterations = iterations
        lines = []
        if seed:
            lines += self._seed(articles, views)
        lines += [
            "",
            "| mesure (base de connaissances) | résultat | objectif |",
            "| --- | --- | --- |",
        ]
        lines += self._measures()
        text = "\n".join(lines)
        self.stdout.write(text)
        if output:
            with open(output, "a", encoding="utf-8") as handle:
                handle.write(text + "\n")

    # --- seeding ------------------------------------------------------------------

    def _seed(self, count: int, views: int) -> list[str]:
        began = time.perf_counter()
        rng = random.Random(8)  # noqa: S311 - reproducible figures
        with transaction.atomic():
            author = self._author()
            people = self._readers()
            loaded = self._articles(rng, author, count)
        articles_s = time.perf_counter() - began
        began = time.perf_counter()
        self._views(loaded, people, views)
        views_s = time.perf_counter() - began
        began = time.perf_counter()
        readers = services_kb.rebuild_reader_months()
        readers_s = time.perf_counter() - began
        return [
            f"- base de connaissances : {_n(count)} articles chargés et indexés "
            f"en {articles_s:.1f} s, {_n(views)} consultations en {views_s:.1f} s, "
            f"{_n(readers)} lecteurs par mois recalculés en {readers_s:.1f} s"
        ]

    def _author(self):
        return User.objects.create(
            email="redaction@bench.test", role=Role.VENDOR_ADMIN, is_active=True
        )

    def _readers(self) -> list[int]:
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Lecteurs {n}", siren=siren_with_key(f"{70_000_000 + n:08d}"), city="Paris"
            )
            for n in range(ORGANISATIONS)
        )
        Contract.objects.bulk_create(
            Contract(
                organisation=o,
                formula=Formula.PRIVATE,
                support_started_on=timezone.localdate() - timedelta(days=400),
            )
            for o in organisations
        )
        User.objects.bulk_create(
            User(
                email=f"lecteur{n}-{o.pk}@bench.test",
                organisation=o,
                role=Role.CLIENT_ADMIN if n == 0 else Role.CLIENT_USER,
                rights=[Right.SEE_DASHBOARDS] if n == 0 else [],
                is_active=True,
            )
            for o in organisations
            for n in range(USERS_PER_ORGANISATION)
        )
        return list(
            User.objects.filter(email__endswith="@bench.test", organisation__isnull=False)
            .order_by("pk")
            .values_list("pk", "organisation_id")
        )

    def _articles(self, rng, author, count: int) -> list[int]:
        now = timezone.now()
        batch = []
        for n in range(count):
            title, kind, _codes, tags, question, answer = ARTICLES[n % len(ARTICLES)]
            other = ARTICLES[rng.randrange(len(ARTICLES))]
            text = f"{answer}\n\n{other[5]}"
            batch.append(
                Article(
                    slug=f"bench-{n}",
                    title=f"{title} ({n})",
                    question=question,
                    answer=text,
                    answer_html=text,
                    answer_text=text,
                    kind=kind,
                    tags=tags,
                    state=Article.State.PUBLISHED,
                    created_by=author,
                    created_at=now,
                    updated_at=now,
                    published_at=now - timedelta(days=n % 365),
                )
            )
        Article.objects.bulk_create(batch, batch_size=2000)
        loaded = Article.objects.filter(slug__startswith="bench-").prefetch_related("products")
        search.index_many(ARTICLE_SEARCH, loaded)
        return list(loaded.values_list("pk", flat=True))

    def _views(self, articles: list[int], people: list[tuple[int, int]], count: int) -> None:
        """Unique (article, user, day) by construction; raw SQL, 50,000 rows a statement."""
        today = timezone.localdate()
        table = connection.ops.quote_name(ArticleView._meta.db_table)
        sql = f"INSERT INTO {table} (article_id, user_id, organisation_id, day, month) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608,E501
        chunk = []
        readers = len(people)
        with transaction.atomic(), connection.cursor() as cursor:
            for k in range(count):
                user, organisation = people[k % readers]
                j = k // readers
                day = today - timedelta(days=j % 365)
                article = articles[(j * 7919 + user * 31) % len(articles)]
                chunk.append((article, user, organisation, day, day.replace(day=1)))
                if len(chunk) == 50_000:
                    cursor.executemany(sql, chunk)
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)

    # --- measures -----------------------------------------------------------------

    def _measures(self) -> list[str]:
        admin = (
            User.objects.filter(
                email__endswith="@bench.test", role=Role.CLIENT_ADMIN, organisation__isnull=False
            )
            .order_by("pk")
            .first()
        )
        reader = User.objects.filter(organisation=admin.organisation, role=Role.CLIENT_USER).first()
        search_urls = [f"{reverse('learning:kb_list')}?q={q}" for q in QUERIES]
        suggest_urls = [f"{reverse('learning:kb_suggestions')}?subject={s}" for s in SUBJECTS]
        articles, views = _n(Article.objects.count()), _n(ArticleView.objects.count())
        totals = f"{articles} articles, {views} consultations"
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        return [
            f"| volume | {totals} | |",
            f"| charge de la machine (load average 1, 5, 15 min) | {load} | |",
            self._page("recherche (page, 20 résultats + extraits)", reader, search_urls, 50),
            self._page(
                "suggestions (fragment htmx, 5 articles)", reader, suggest_urls, 30, htmx=True
            ),
            self._page(
                "tableau de bord Private de la base de connaissances",
                admin,
                [reverse("learning:kb_dashboard")],
                100,
            ),
        ]

    def _page(self, label, user, urls, target, *, htmx=False) -> str:
        client = Client(HTTP_HOST="localhost", **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        client.force_login(user)
        for url in urls[:3]:
            client.get(url)
        timings, cpu, counts, statuses = [], [], set(), set()
        for i in range(self.iterations):
            url = urls[i % len(urls)]
            with CaptureQueriesContext(connection) as captured:
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
            counts.add(len(captured))
            statuses.add(response.status_code)
        p50, p95, p99 = (_percentile(timings, n) for n in (50, 95, 99))
        queries = "–".join(str(n) for n in sorted({min(counts), max(counts)}))
        ok = p95 < target and statuses == {200}
        status = "" if statuses == {200} else f" — HTTP {sorted(statuses)}"
        return (
            f"| {label} | p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms "
            f"(CPU p50 {_percentile(cpu, 50):.1f}, p95 {_percentile(cpu, 95):.1f}, "
            f"p99 {_percentile(cpu, 99):.1f}), {queries} requêtes SQL{status} "
            f"| p95 < {target} ms {'✓' if ok else '✗'} |"
        )
