"""Reads on the knowledge base, scoped to who is asking.

Clients (every formula, art. 12.4) see published, non-internal articles;
vendor staff see every article. Any other article is a 404 for a client.
Search goes through learning/search.py, which hides the engine (PostgreSQL
or SQLite); access rules are plain ``.filter()`` calls on its queryset, so
they run in the same SQL query.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from learning import search
from learning.kb_spec import ARTICLE_SEARCH
from learning.models import Article
from portal.accounts.models import User
from subscriptions.models import Product

SUGGESTIONS = 5


def visible_articles(user: User) -> QuerySet[Article]:
    """Every article ``user`` may open."""
    if user.is_authenticated and user.is_vendor_staff:
        return Article.objects.all()
    return Article.objects.filter(state=Article.State.PUBLISHED, is_internal=False)


def get_article(user: User, slug: str) -> Article:
    article = (
        visible_articles(user)
        .filter(slug=slug)
        .prefetch_related("products")
        .select_related("created_by")
        .first()
    )
    if article is None:
        raise Http404
    return article


def related_articles(user: User, article: Article) -> QuerySet[Article]:
    return visible_articles(user).filter(pk__in=article.related.values("pk")).order_by("title")


def _filtered(user: User, *, product: Product | None = None, kind: str = "") -> QuerySet[Article]:
    articles = visible_articles(user)
    if product is not None:
        articles = articles.filter(products=product)
    if kind in Article.Kind.values:
        articles = articles.filter(kind=kind)
    return articles


def search_articles(
    user: User,
    *,
    query: str = "",
    product: Product | None = None,
    kind: str = "",
    match: str = "all",
) -> QuerySet[Article]:
    """Articles matching ``query`` (ranked), or the most recently updated without one."""
    articles = _filtered(user, product=product, kind=kind)
    if query.strip():
        return search.search(articles, ARTICLE_SEARCH, query, match=match)
    return articles.order_by("-published_at", "pk")


class RankedSearch:
    """A ranked search as the object list of a ``Paginator``: the same articles, in the
    same order, as ``search_articles``, but each page is fetched through
    ``search.ranked_page`` (ranked on the full-text index alone, then the access rules),
    and the count is one or two queries. Bounded queries whatever the number of articles.

    ``hidden`` (the articles the reader may not open, when no other filter applies):
    the count is then taken on the full-text index alone, less the hidden matches."""

    def __init__(
        self, articles: QuerySet[Article], query: str, *, hidden: QuerySet[Article] | None = None
    ) -> None:
        self.articles, self.query, self.hidden = articles, query, hidden

    def count(self) -> int:
        if self.hidden is None or not search.counts_on_index():
            return search.search(self.articles, ARTICLE_SEARCH, self.query).count()
        if self.hidden.query.is_empty():
            return search.match_count(ARTICLE_SEARCH, self.query)
        hidden = self.hidden.order_by().values("pk")
        return search.match_count(ARTICLE_SEARCH, self.query, excluding=hidden)

    def __getitem__(self, key: slice) -> list[Article]:
        start, stop = key.start or 0, key.stop
        return search.ranked_page(
            self.articles, ARTICLE_SEARCH, self.query, offset=start, limit=stop - start
        )


def _hidden_articles(user: User) -> QuerySet[Article]:
    """The complement of :func:`visible_articles` (drafts, archived, internal).

    Written as ranges and equalities on the (state, is_internal) index so that SQLite reads
    the few hidden rows from it ("state < or > published" is "not published", exactly;
    "is_internal IN (true)" is an indexable "= 1"; a bare boolean column, or the negation
    of the visible rule, scans every published article)."""
    if user.is_authenticated and user.is_vendor_staff:
        return Article.objects.none()
    published = Article.State.PUBLISHED
    return Article.objects.filter(
        Q(state__lt=published) | Q(state__gt=published) | Q(state=published, is_internal__in=[True])
    )


def search_page(
    user: User,
    *,
    query: str = "",
    product: Product | None = None,
    kind: str = "",
    prefetch: Iterable[str] = (),
) -> "RankedSearch | QuerySet[Article]":
    """What the search page pages through: a :class:`RankedSearch` for a query, the most
    recently updated articles without one."""
    articles = _filtered(user, product=product, kind=kind).prefetch_related(*prefetch)
    if query.strip():
        unfiltered = product is None and kind not in Article.Kind.values
        return RankedSearch(articles, query, hidden=_hidden_articles(user) if unfiltered else None)
    return articles.order_by("-published_at", "pk")


def suggest_articles(user: User, *, query: str, product: Product | None = None) -> list[Article]:
    """At most five published articles for a Demande's subject (any word may match).

    The product narrows the suggestions when it finds some; otherwise every
    product's articles are suggested. Only what the fragment shows is read: no
    snippet, no count. The subject's words are looked for in the titles, questions
    and keywords first; the answers count only when those give fewer than five.
    """
    if len(search.search_terms(query)) == 0:
        return []
    found = []
    if product is not None:
        found = _suggest(_filtered(user, product=product), query)
    if not found:
        found = _suggest(visible_articles(user), query)
    return found


def _suggest(articles: QuerySet[Article], query: str) -> list[Article]:
    light = articles.only("pk", "slug", "title", "kind")
    return search.ranked_page(
        light, ARTICLE_SEARCH, query, match="any", limit=SUGGESTIONS, headline=True
    )


def product_names(articles: Iterable[Article]) -> dict[int, list[str]]:
    """The names of each article's products, in one query: all a list of results shows of
    them (cheaper than prefetching the products, which builds a manager per article)."""
    rows = (
        Article.products.through.objects.filter(article_id__in=[a.pk for a in articles])
        .order_by("product__name")
        .values_list("article_id", "product__name")
    )
    names = defaultdict(list)
    for article_id, name in rows:
        names[article_id].append(name)
    return names


def with_snippets(query: str, articles: Iterable[Article]) -> list[Article]:
    return search.attach_snippets(ARTICLE_SEARCH, query, articles)


def staff_articles(*, state: str = "") -> QuerySet[Article]:
    """Every article for the vendor's list, with its feedback tallies."""
    articles = Article.objects.all()
    if state in Article.State.values:
        articles = articles.filter(state=state)
    return articles.annotate(
        helpful=Count("feedback", filter=Q(feedback__helpful=True)),
        unhelpful=Count("feedback", filter=Q(feedback__helpful=False)),
    ).order_by("-updated_at", "pk")
