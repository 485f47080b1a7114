"""Writes on the knowledge base (art. 12.4, 12.11).

Articles: written by vendor staff in Markdown, rendered and sanitised at save
(learning/markup.py), indexed for search in the same transaction
(learning/search.py), every publication kept as a version. Readers' traces:
views (one per user, article and day), feedback, searches without a result,
suggestions while filing a Demande. Views, the API and the support pages call
these functions only.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learning import markup, search
from learning.kb_spec import ARTICLE_SEARCH
from learning.models import (
    Article,
    ArticleFeedback,
    ArticleImage,
    ArticleVersion,
    ArticleView,
    KbReaderMonth,
    KbSearchMiss,
    KbSuggestionSession,
)
from portal.accounts.models import User
from portal.audit.services import record
from portal.core.errors import DomainError, IllegalStateChange
from portal.organisations.models import Organisation
from subscriptions.models import Product
from support.files import check_upload
from support.models import Comment, Demande

EDITABLE = ("title", "question", "answer", "kind", "versions", "tags", "is_internal")
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAX_COMMENT = 2000


def _require_staff(user: User) -> None:
    if user is None or not user.is_active or not user.is_vendor_staff:
        raise DomainError(_("Seul l'éditeur rédige la base de connaissances."))


def _clean_fields(fields: dict) -> dict:
    cleaned = {key: value for key, value in fields.items() if key in EDITABLE}
    for key in ("title", "question", "answer", "versions", "tags"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "title" in cleaned and not cleaned["title"]:
        raise DomainError(_("Donnez un titre à l'article."), field="title")
    if "title" in cleaned and len(cleaned["title"]) > 200:
        raise DomainError(_("Le titre ne doit pas dépasser 200 caractères."), field="title")
    if "question" in cleaned and not cleaned["question"]:
        raise DomainError(_("Formulez la question à laquelle l'article répond."), field="question")
    if "answer" in cleaned and not cleaned["answer"]:
        raise DomainError(_("Rédigez la réponse."), field="answer")
    if "kind" in cleaned and cleaned["kind"] not in Article.Kind.values:
        raise DomainError(_("Nature d'article inconnue."), field="kind")
    return cleaned


#: Paths of the knowledge base's own pages (learning/urls_kb.py): never an article's slug.
RESERVED_SLUGS = {"suggestions", "tableau-de-bord", "images", "gestion"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "article"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_and_index(
    article: Article,
    *,
    update_fields: list[str] | None = None,
    products: Iterable[Product] | None = None,
    related: Iterable[Article] | None = None,
) -> None:
    article.answer_html = markup.render(article.answer)
    article.answer_text = markup.plain_text(article.answer)
    if update_fields is None:
        article.save()
    else:
        article.save(update_fields=[*update_fields, "answer_html", "answer_text", "updated_at"])
    if products is not None:
        article.products.set(products)
    if related is not None:
        article.related.set([other for other in related if other.pk != article.pk])
    search.index(ARTICLE_SEARCH, article)


def create_article(
    *,
    author: User,
    title: str,
    question: str,
    answer: str,
    kind: str = Article.Kind.FAQ,
    products: Iterable[Product] = (),
    versions: str = "",
    tags: str = "",
    is_internal: bool = False,
    related: Iterable[Article] = (),
    now: datetime | None = None,
) -> Article:
    """A new draft (nothing is visible to clients until it is published)."""
    now = now or timezone.now()
    _require_staff(author)
    fields = _clean_fields(
        {
            "title": title,
            "question": question,
            "answer": answer,
            "kind": kind,
            "versions": versions,
            "tags": tags,
            "is_internal": bool(is_internal),
        }
    )
    with transaction.atomic():
        article = Article(
            slug=_unique_slug(fields["title"]),
            created_by=author,
            created_at=now,
            updated_at=now,
            **fields,
        )
        _save_and_index(article, products=list(products), related=list(related))
        record(actor=author, action="kb.article_created", target=article.title, now=now)
    return article


def update_article(
    *,
    article: Article,
    editor: User,
    change_note: str = "",
    products: Iterable[Product] | None = None,
    related: Iterable[Article] | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Article:
    """Edit an article. A published one gets a new version at once, with what changed."""
    now = now or timezone.now()
    _require_staff(editor)
    fields = _clean_fields(fields)
    change_note = (change_note or "").strip()
    if article.state == Article.State.ARCHIVED:
        raise IllegalStateChange(_("Cet article est archivé : republiez-le pour le modifier."))
    if article.state == Article.State.PUBLISHED and not change_note:
        raise DomainError(
            _("Indiquez ce qui a changé : la modification est publiée aussitôt."),
            field="change_note",
        )
    with transaction.atomic():
        for key, value in fields.items():
            setattr(article, key, value)
        article.updated_at = now
        update = [*fields, "needs_review"]
        article.needs_review = False  # the editor has reworked the copy of the Demande
        if article.state == Article.State.PUBLISHED:
            article.published_at = now
            update.append("published_at")
        _save_and_index(article, update_fields=update, products=products, related=related)
        if article.state == Article.State.PUBLISHED:
            _new_version(article, editor=editor, change_note=change_note, now=now)
        record(actor=editor, action="kb.article_updated", target=article.title, now=now)
    return article


def publish_article(
    *, article: Article, editor: User, change_note: str = "", now: datetime | None = None
) -> Article:
    """Draft or archived → published; the version is kept (who, when, what changed)."""
    now = now or timezone.now()
    _require_staff(editor)
    if article.needs_review:
        raise IllegalStateChange(
            _(
                "Cet article a été copié d'une demande : relisez-le et retirez toute donnée "
                "du client (enregistrez une modification) avant de le publier."
            )
        )
    with transaction.atomic():
        changed = Article.objects.filter(
            pk=article.pk, state__in=(Article.State.DRAFT, Article.State.ARCHIVED)
        ).update(state=Article.State.PUBLISHED, published_at=now, updated_at=now)
        article.refresh_from_db()
        if not changed:
            raise IllegalStateChange(_("Cet article est déjà publié."))
        note = (change_note or "").strip() or (
            _("Première publication") if not article.history.exists() else _("Republication")
        )
        _new_version(article, editor=editor, change_note=note, now=now)
        record(actor=editor, action="kb.article_published", target=article.title, now=now)
    return article


def archive_article(*, article: Article, editor: User, now: datetime | None = None) -> Article:
    """Published → archived: clients no longer see it; its versions stay."""
    now = now or timezone.now()
    _require_staff(editor)
    with transaction.atomic():
        changed = Article.objects.filter(pk=article.pk, state=Article.State.PUBLISHED).update(
            state=Article.State.ARCHIVED, updated_at=now
        )
        article.refresh_from_db()
        if not changed:
            raise IllegalStateChange(_("Seul un article publié peut être archivé."))
        record(actor=editor, action="kb.article_archived", target=article.title, now=now)
    return article


def _new_version(
    article: Article, *, editor: User, change_note: str, now: datetime
) -> ArticleVersion:
    last = article.history.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleVersion.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        question=article.question,
        answer=article.answer,
        change_note=change_note[:300],
        published_by=editor,
        published_at=now,
    )


def add_image(
    *, article: Article, editor: User, upload: UploadedFile, now: datetime | None = None
) -> ArticleImage:
    """An image for the article, checked by content like a Demande's attachments."""
    now = now or timezone.now()
    _require_staff(editor)
    checked = check_upload(upload, field="image")
    if checked.content_type not in IMAGE_TYPES:
        raise DomainError(
            _("Seules les images (PNG, JPEG, GIF, WebP) peuvent illustrer un article."),
            field="image",
        )
    with transaction.atomic():
        image = ArticleImage(
            article=article,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=editor,
            created_at=now,
        )
        image.file.save(checked.name, checked.upload, save=False)
        image.save()
        record(actor=editor, action="kb.image_added", target=article.title, now=now)
    return image


# --- from the support desk ------------------------------------------------------------


def draft_from_demande(*, demande: Demande, agent: User, now: datetime | None = None) -> Article:
    """A draft from a resolved Demande: its question and resolution, to rework before publishing.

    Nothing of the client's data is published without editing: the draft is
    marked ``needs_review`` and cannot be published until an editor saved a
    change (publish_article refuses).
    """
    from portal.accounts.models import STAFF_ROLES

    now = now or timezone.now()
    _require_staff(agent)
    if demande.state not in (Demande.State.RESOLVED, Demande.State.CLOSED):
        raise IllegalStateChange(_("Seule une demande résolue peut servir de modèle à un article."))
    resolution = (
        Comment.objects.filter(demande=demande, is_internal=False, author__role__in=STAFF_ROLES)
        .order_by("-created_at")
        .values_list("body", flat=True)
        .first()
    )
    question = "\n\n".join(
        part for part in (demande.context, demande.error_messages, demande.menu_sequence) if part
    )
    article = create_article(
        author=agent,
        title=demande.subject,
        question=question or demande.subject,
        answer=resolution or _("(Rédigez la réponse.)"),
        products=[demande.product] if demande.product is not None else [],
        is_internal=True,
        now=now,
    )
    Article.objects.filter(pk=article.pk).update(needs_review=True, source_demande=demande)
    article.refresh_from_db()
    return article


def article_url(article: Article) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("learning:kb_article", kwargs={"slug": article.slug})


def reply_with_article(
    *,
    demande: Demande,
    agent: User,
    article: Article,
    message: str = "",
    now: datetime | None = None,
) -> Comment:
    """An agent answers a Demande with a link to a published article (a public reply)."""
    from support import services as support_services

    _require_staff(agent)
    if not article.is_visible_to_clients:
        raise DomainError(
            _("Seul un article publié et non interne peut être proposé au client."),
            field="article",
        )
    link = _("Article de la base de connaissances : « %(title)s » — %(url)s") % {
        "title": article.title,
        "url": article_url(article),
    }
    body = f"{(message or '').strip()}\n\n{link}".strip()
    return support_services.add_comment(demande=demande, author=agent, body=body, now=now)


# --- readers' traces (art. 12.11) ---------------------------------------------------


def _paris_day(now: datetime) -> date:
    return timezone.localtime(now).date()


def record_view(*, article: Article, user: User, now: datetime | None = None) -> None:
    """One view per client user, article and day (staff reading is not counted).

    The user is also counted once as a reader of the month (KbReaderMonth), in the
    same transaction: the dashboard's distinct readers without a scan of the views.
    """
    now = now or timezone.now()
    if not user.is_client or user.organisation_id is None:
        return
    day = _paris_day(now)
    with transaction.atomic():
        ArticleView.objects.bulk_create(
            [
                ArticleView(
                    article=article,
                    user=user,
                    organisation_id=user.organisation_id,
                    day=day,
                    month=day.replace(day=1),
                )
            ],
            ignore_conflicts=True,
        )
        KbReaderMonth.objects.bulk_create(
            [
                KbReaderMonth(
                    organisation_id=user.organisation_id, month=day.replace(day=1), user=user
                )
            ],
            ignore_conflicts=True,
        )


def rebuild_reader_months(*, organisation: Organisation | None = None) -> int:
    """Recompute the readers of each month from the views (after views loaded in bulk:
    demo, bench, tests); returns the number of rows. The data migration does the same."""
    views = ArticleView.objects.order_by()
    months = KbReaderMonth.objects.all()
    if organisation is not None:
        views, months = (
            views.filter(organisation=organisation),
            months.filter(organisation=organisation),
        )
    with transaction.atomic():
        months.delete()
        rows = [
            KbReaderMonth(organisation_id=o, month=m, user_id=u)
            for o, m, u in views.values_list("organisation_id", "month", "user_id").distinct()
        ]
        KbReaderMonth.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def give_feedback(
    *, article: Article, user: User, helpful: bool, comment: str = "", now: datetime | None = None
) -> ArticleFeedback:
    """ "Cet article vous a-t-il aidé ?" — answering again replaces the earlier answer."""
    now = now or timezone.now()
    if not user.is_client or user.organisation_id is None:
        raise DomainError(_("Seuls les clients donnent leur avis sur un article."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError(
            _("Le commentaire ne doit pas dépasser %(max)s caractères.") % {"max": MAX_COMMENT},
            field="comment",
        )
    with transaction.atomic():
        feedback, _created = ArticleFeedback.objects.update_or_create(
            article=article,
            user=user,
            defaults={
                "organisation_id": user.organisation_id,
                "helpful": bool(helpful),
                "comment": comment,
                "created_at": now,
            },
        )
    return feedback


def record_search_miss(
    *, user: User, text: str, product: Product | None = None, now: datetime | None = None
) -> None:
    """A client's search found nothing: kept for the vendor (and the Private dashboard)."""
    now = now or timezone.now()
    terms = search.search_terms(text)
    if not terms or not user.is_client or user.organisation_id is None:
        return
    KbSearchMiss.objects.create(
        text=text.strip()[:200],
        normalized=search.fold(" ".join(terms))[:200],
        product=product,
        organisation_id=user.organisation_id,
        user=user,
        created_at=now,
    )


def _session_id(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def record_suggestions(
    *,
    session: object,
    user: User,
    query: str,
    product: Product | None,
    articles: Sequence[Article],
    now: datetime | None = None,
) -> None:
    """What was suggested under the subject of a new Demande (one row per form)."""
    now = now or timezone.now()
    session_id = _session_id(session)
    if session_id is None or not user.is_client or user.organisation_id is None or not articles:
        return
    ids = [article.pk for article in articles]
    with transaction.atomic():
        row = KbSuggestionSession.objects.select_for_update().filter(public_id=session_id).first()
        if row is None:
            try:
                with transaction.atomic():
                    KbSuggestionSession.objects.create(
                        public_id=session_id,
                        organisation_id=user.organisation_id,
                        user=user,
                        product=product,
                        last_query=query[:200],
                        suggested=ids,
                        created_at=now,
                        updated_at=now,
                    )
                return
            except IntegrityError:
                row = KbSuggestionSession.objects.get(public_id=session_id)
        if row.user_id != user.pk:
            return
        row.suggested = row.suggested + [pk for pk in ids if pk not in row.suggested]
        row.last_query, row.product, row.updated_at = query[:200], product, now
        row.save(update_fields=["suggested", "last_query", "product", "updated_at"])


def record_suggestion_opened(
    *, session: object, user: User, article: Article, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    session_id = _session_id(session)
    if session_id is None:
        return
    with transaction.atomic():
        row = (
            KbSuggestionSession.objects.select_for_update()
            .filter(public_id=session_id, user=user)
            .first()
        )
        if row is None or article.pk not in row.suggested or article.pk in row.opened:
            return
        row.opened = [*row.opened, article.pk]
        row.opened_any, row.updated_at = True, now
        row.save(update_fields=["opened", "opened_any", "updated_at"])


def record_demande_filed(
    *, session: object, user: User, demande: Demande, now: datetime | None = None
) -> None:
    """The client filed a Demande anyway: that form's suggestions did not avoid it."""
    now = now or timezone.now()
    session_id = _session_id(session)
    if session_id is None:
        return
    KbSuggestionSession.objects.filter(public_id=session_id, user=user).update(
        demande=demande, filed=True, updated_at=now
    )
