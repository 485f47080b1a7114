"""Demo knowledge base: about sixty French articles, a few drafts and internal ones, and
twelve months of reading (views, feedback, searches, suggestions) so that the second
Private dashboard (art. 12.11) shows something. Idempotent (``manage.py seed_demo``)."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from learning import services_kb
from learning.demo_kb_articles import ARTICLES, DRAFTS, INTERNAL, MISSES
from learning.models import (
    Article,
    ArticleFeedback,
    ArticleView,
    KbSearchMiss,
    KbSuggestionSession,
)
from portal.accounts.models import Role, User
from subscriptions.models import Product
from support.business_time import PARIS

COMMENTS = [
    "Clair et rapide, merci.",
    "Il manque une capture de l'écran de paramétrage.",
    "Le menu a changé de nom dans ma version.",
    "",
]


def _author():
    return User.objects.filter(role=Role.VENDOR_ADMIN, email__endswith=".demo").first()


def seed() -> None:
    author = _author()
    if author is None or Article.objects.exists():
        return
    rng = random.Random(12)  # noqa: S311 - demo figures, reproducible
    now = timezone.now()
    products = {p.code: p for p in Product.objects.all()}
    published = []
    for index, (title, kind, codes, tags, question, answer) in enumerate(ARTICLES):
        at = now - timedelta(days=360 - index * 5)
        article = services_kb.create_article(
            author=author,
            title=title,
            kind=kind,
            products=[products[c] for c in codes if c in products],
            tags=tags,
            question=question,
            answer=answer,
            is_internal=title in INTERNAL,
            now=at,
        )
        services_kb.publish_article(article=article, editor=author, now=at)
        if not article.is_internal:
            published.append(article)
    for title, kind, codes, tags, question, answer in DRAFTS:
        services_kb.create_article(
            author=author,
            title=title,
            kind=kind,
            products=[products[c] for c in codes if c in products],
            tags=tags,
            question=question,
            answer=answer,
            now=now,
        )
    _relate(published)
    _reading(rng, published, now)


def _relate(articles) -> None:
    """Articles sharing their first tag point at each other."""
    by_tag = {}
    for article in articles:
        by_tag.setdefault(article.tag_list[0] if article.tag_list else "", []).append(article)
    for group in by_tag.values():
        for article in group:
            article.related.set([other for other in group if other.pk != article.pk][:4])


def _reading(rng, articles, now) -> None:
    readers = list(User.objects.filter(email__endswith=".demo", organisation__isnull=False))
    views, feedback, misses, sessions = [], {}, [], []
    for person in readers:
        private = person.organisation.formula == "private"
        for _ in range(rng.randint(60, 120) if private else rng.randint(10, 30)):
            day = (now - timedelta(days=rng.randint(0, 360))).astimezone(PARIS).date()
            article = rng.choice(articles[: 30 if rng.random() < 0.6 else len(articles)])
            views.append(
                ArticleView(
                    article=article,
                    user=person,
                    organisation=person.organisation,
                    day=day,
                    month=day.replace(day=1),
                )
            )
            if rng.random() < 0.15:
                feedback[(article.pk, person.pk)] = ArticleFeedback(
                    article=article,
                    user=person,
                    organisation=person.organisation,
                    helpful=rng.random() < 0.75,
                    comment=rng.choice(COMMENTS),
                    created_at=datetime.combine(day, time(11), tzinfo=PARIS),
                )
        for text in rng.sample(MISSES, 2 if private else 1):
            misses.append(
                KbSearchMiss(
                    text=text,
                    normalized=text.lower(),
                    organisation=person.organisation,
                    user=person,
                    created_at=now - timedelta(days=rng.randint(0, 300)),
                )
            )
        for _ in range(rng.randint(4, 10) if private else rng.randint(0, 3)):
            suggested = rng.sample(articles, 3)
            opened = [a.pk for a in suggested[:1]] if rng.random() < 0.7 else []
            at = now - timedelta(days=rng.randint(0, 360))
            sessions.append(
                KbSuggestionSession(
                    public_id=uuid.UUID(int=rng.getrandbits(128)),
                    organisation=person.organisation,
                    user=person,
                    product=suggested[0].products.first(),
                    last_query=suggested[0].title[:60],
                    suggested=[a.pk for a in suggested],
                    opened=opened,
                    opened_any=bool(opened),
                    filed=not opened or rng.random() < 0.3,
                    created_at=at,
                    updated_at=at,
                )
            )
    ArticleView.objects.bulk_create(views, ignore_conflicts=True)
    services_kb.rebuild_reader_months()  # the views were loaded in bulk, not one by one
    ArticleFeedback.objects.bulk_create(feedback.values())
    KbSearchMiss.objects.bulk_create(misses)
    KbSuggestionSession.objects.bulk_create(sessions)
