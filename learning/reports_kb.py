"""Figures on the knowledge base: the second Private dashboard (art. 12.11) and the
vendor's lists (least helpful articles, searches without a result, Demandes avoided).

Every function runs a fixed number of queries whatever the number of views,
articles or searches: grouped counts in SQL on the (organisation, day) and
(organisation, created_at) indexes.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from learning.models import (
    Article,
    ArticleView,
    KbReaderMonth,
    KbSearchMiss,
    KbSuggestionSession,
)
from subscriptions.models import Product
from subscriptions.terms import add_months
from support.business_time import PARIS
from support.compliance import local_midnight
from support.selectors_reports import DASHBOARD_MONTHS, dashboard_start

TOP = 10


@dataclass
class KbDashboard:
    """What a Private client's users read in the knowledge base over twelve months."""

    since: date
    views: int
    readers: int
    months: list[tuple[date, int, int]]  # month, views, distinct readers
    top_articles: list[dict]
    by_product: list[tuple[str, int]]
    misses: list[dict]
    misses_total: int
    sessions: int
    avoided: int
    filed: int
    extra: dict = field(default_factory=dict)

    @property
    def avoided_percent(self) -> int | None:
        return round(100 * self.avoided / self.sessions) if self.sessions else None


def _month_key(value) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(PARIS) if timezone.is_aware(value) else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def kb_dashboard(organisation, *, now=None) -> KbDashboard:
    """Seven queries whatever the number of views (see the module docstring).

    Grouped on stored columns only (``month``, ``article_id``): no per-row
    function or join over the views, so the cost follows the organisation's
    own views on the (organisation, month) index. Distinct readers come from
    KbReaderMonth (one row per user and month, kept by ``services_kb.record_view``)
    and, for the ten most read articles only, from their own views.
    """
    now = now or timezone.now()
    since = dashboard_start(now)
    views = ArticleView.objects.filter(organisation=organisation, month__gte=since).order_by()
    readers = KbReaderMonth.objects.filter(organisation=organisation, month__gte=since).order_by()
    per_month_views = dict(views.values_list("month").annotate(n=Count("pk")))
    # At most twelve rows per user: the distinct readers of the year and of each month.
    per_month_readers, everyone = Counter(), set()
    for month, user_id in readers.values_list("month", "user_id"):
        per_month_readers[month] += 1
        everyone.add(user_id)
    totals = {"views": sum(per_month_views.values()), "readers": len(everyone)}
    months = []
    for offset in range(DASHBOARD_MONTHS):
        month = add_months(since, offset)
        months.append((month, per_month_views.get(month, 0), per_month_readers.get(month, 0)))
    misses_qs = KbSearchMiss.objects.filter(
        organisation=organisation, created_at__gte=local_midnight(since)
    )
    misses = list(
        misses_qs.order_by()
        .values("normalized")
        .annotate(n=Count("pk"))
        .order_by("-n", "normalized")[:TOP]
    )
    sessions = KbSuggestionSession.objects.filter(
        organisation=organisation, created_at__gte=local_midnight(since)
    ).aggregate(
        sessions=Count("pk"),
        avoided=Count("pk", filter=Q(opened_any=True, filed=False)),
        filed=Count("pk", filter=Q(filed=True)),
    )
    return KbDashboard(
        since=since,
        views=totals["views"],
        readers=totals["readers"],
        months=months,
        top_articles=_top_articles(views, organisation, since),
        by_product=_by_product(views, totals["views"]),
        misses=misses,
        misses_total=sum(row["n"] for row in misses) if len(misses) < TOP else misses_qs.count(),
        sessions=sessions["sessions"],
        avoided=sessions["avoided"],
        filed=sessions["filed"],
    )


def _top_articles(views, organisation, since) -> list[dict]:
    """The most read: grouped on ``article_id`` alone; titles and distinct readers
    fetched for the ten only (one query on their own views)."""
    top = list(
        views.values("article_id").annotate(n=Count("pk")).order_by("-n", "article_id")[:TOP]
    )
    found = {
        pk: (title, slug, readers)
        for pk, title, slug, readers in Article.objects.filter(
            pk__in=[row["article_id"] for row in top]
        )
        .annotate(
            readers=Count(
                "views__user",
                distinct=True,
                filter=Q(views__organisation=organisation, views__month__gte=since),
            )
        )
        .values_list("pk", "title", "slug", "readers")
    }
    for row in top:
        row["article__title"], row["article__slug"], row["readers"] = found.get(
            row["article_id"], ("", "", 0)
        )
    return top


def _by_product(views, total: int) -> list[tuple[str, int]]:
    """Views per product: one conditional count per product over an ``IN`` list of its
    articles (computed once by the database), instead of joining every view."""
    links = Article.products.through.objects
    products = list(Product.objects.filter(is_active=True).values_list("pk", "name"))
    if not products:
        return [("—", total)] if total else []
    counts = views.aggregate(
        **{
            f"p{pk}": Count(
                "pk", filter=Q(article_id__in=links.filter(product_id=pk).values("article_id"))
            )
            for pk, _name in products
        },
        none=Count("pk", filter=~Q(article_id__in=links.values("article_id"))),
    )
    rows = [(name, counts[f"p{pk}"]) for pk, name in products if counts[f"p{pk}"]]
    if counts["none"]:
        rows.append(("—", counts["none"]))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


# --- the vendor's lists ------------------------------------------------------------


def least_helpful(limit: int = 50):
    """Articles with feedback, the least helpful first (share of "Non", then count)."""
    return (
        Article.objects.annotate(
            answers=Count("feedback"),
            unhelpful=Count("feedback", filter=Q(feedback__helpful=False)),
        )
        .filter(answers__gt=0)
        .annotate(unhelpful_ratio=Cast("unhelpful", FloatField()) / Cast("answers", FloatField()))
        .order_by("-unhelpful_ratio", "-unhelpful", "title")[:limit]
    )


def search_misses(*, since: datetime, limit: int = 50) -> list[dict]:
    """Searches without a result, the most frequent first: the articles to write next."""
    return list(
        KbSearchMiss.objects.filter(created_at__gte=since)
        .values("normalized", "product__name")
        .annotate(n=Count("pk"), organisations=Count("organisation", distinct=True))
        .order_by("-n", "normalized")[:limit]
    )


def avoided_by_month_and_product(*, since: datetime) -> list[dict]:
    """Rate of Demandes avoided (suggestion opened, nothing filed), by month and product."""
    rows = (
        KbSuggestionSession.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at", tzinfo=PARIS))
        .order_by()
        .values("month", "product__name")
        .annotate(
            sessions=Count("pk"),
            avoided=Count("pk", filter=Q(opened_any=True, filed=False)),
            filed=Count("pk", filter=Q(filed=True)),
        )
        .order_by("-month", F("product__name").asc(nulls_first=True))
    )
    return [
        {
            **row,
            "month": _month_key(row["month"]),
            "percent": round(100 * row["avoided"] / row["sessions"]) if row["sessions"] else 0,
        }
        for row in rows
    ]
