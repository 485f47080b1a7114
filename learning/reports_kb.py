"""Figures on the knowledge base: the second Private dashboard (art. 12.11) and the
vendor's lists (least helpful articles, searches without a result, Demandes avoided).

Every function runs a fixed number of queries whatever the number of views,
articles or searches: grouped counts in SQL on the (organisation, day) and
(organisation, created_at) indexes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from learning.models import Article, ArticleView, KbSearchMiss, KbSuggestionSession
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
    """Six queries whatever the number of views (see the module docstring)."""
    now = now or timezone.now()
    since = dashboard_start(now)
    views = ArticleView.objects.filter(organisation=organisation, day__gte=since)
    totals = views.aggregate(views=Count("pk"), readers=Count("user", distinct=True))
    per_month = {
        _month_key(row["month"]): (row["n"], row["readers"])
        for row in views.annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), readers=Count("user", distinct=True))
    }
    months = []
    for offset in range(DASHBOARD_MONTHS):
        month = add_months(since, offset)
        months.append((month, *per_month.get(month, (0, 0))))
    top = list(
        views.order_by()
        .values("article_id", "article__title", "article__slug")
        .annotate(n=Count("pk"), readers=Count("user", distinct=True))
        .order_by("-n", "article__title")[:TOP]
    )
    by_product = [
        (row["article__products__name"] or "—", row["n"])
        for row in views.order_by()
        .values("article__products__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "article__products__name")
    ]
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
        top_articles=top,
        by_product=by_product,
        misses=misses,
        misses_total=sum(row["n"] for row in misses) if len(misses) < TOP else misses_qs.count(),
        sessions=sessions["sessions"],
        avoided=sessions["avoided"],
        filed=sessions["filed"],
    )


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
