"""Knowledge-base pages (art. 12.4): search, articles, feedback, suggestions while filing,
the second Private dashboard (art. 12.11) and the vendor's editing pages.

Thin: reads through learning/selectors_kb.py and learning/reports_kb.py, writes
through learning/services_kb.py.
"""

import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning import reports_kb, selectors_kb, services_kb
from learning.forms_kb import (
    ArticleForm,
    FeedbackForm,
    ImageForm,
    KbSearchForm,
    ReplyWithArticleForm,
)
from learning.models import Article, ArticleImage
from portal.accounts.rights import Right
from portal.core import dates
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import right_required, staff_required
from subscriptions.models import Formula
from support.charts import Series, bar_chart
from support.files import download_response
from support.selectors import get_demande

PAGE_SIZE = 20


def _filters(request) -> dict:
    form = KbSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return {
        "form": form,
        "query": (data.get("q") or "").strip(),
        "product": data.get("product"),
        "kind": data.get("kind") or "",
    }


@login_required
def kb_list(request):
    """Search with filters; without a query, the most recently updated articles."""
    filters = _filters(request)
    query = filters["query"]
    articles = selectors_kb.search_page(
        request.user,
        query=query,
        product=filters["product"],
        kind=filters["kind"],
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _listed(page.object_list)
    if query:
        selectors_kb.with_snippets(query, page.object_list)
        if page.paginator.count == 0:
            services_kb.record_search_miss(
                user=request.user, text=query, product=filters["product"]
            )
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "learning/kb/list.html",
        {**filters, "page": page, "querystring": urlencode(params) + "&" if params else ""},
    )


def _listed(articles) -> list[Article]:
    """Set what each result of the list shows (learning/kb/_results.html), computed once
    for the page: per row, ``{% url %}``, ``get_kind_display`` and a ``{% blocktranslate %}``
    each cost about as much as the rest of the row."""
    articles = list(articles)
    products = selectors_kb.product_names(articles) if articles else {}
    kinds = {value: str(label) for value, label in Article.Kind.choices}
    before, _slug, after = reverse("learning:kb_article", args=[_SLUG]).rpartition(_SLUG)
    updated = _("mis à jour le %(day)s")
    for article in articles:
        article.list_url = f"{before}{article.slug}{after}"
        article.kind_label = kinds.get(article.kind, article.kind)
        article.product_names = products.get(article.pk, [])
        article.updated_label = (
            updated % {"day": dates.long_date(timezone.localtime(article.published_at).date())}
            if article.published_at
            else ""
        )
    return articles


#: Stands for the slug in the reversed address of an article (slugs are URL-safe).
_SLUG = "slug-0"


@login_required
def kb_article(request, slug):
    article = selectors_kb.get_article(request.user, slug)
    services_kb.record_view(article=article, user=request.user)
    if "suggestion" in request.GET:
        services_kb.record_suggestion_opened(
            session=request.GET["suggestion"], user=request.user, article=article
        )
    context = {
        "article": article,
        "related": selectors_kb.related_articles(request.user, article),
        "feedback_form": FeedbackForm(),
    }
    if request.user.is_vendor_staff:
        context["history"] = article.history.select_related("published_by")
        context["images"] = article.images.all()
        context["image_form"] = ImageForm()
    return render(request, "learning/kb/article.html", context)


@login_required
@require_POST
def kb_feedback(request, slug):
    article = selectors_kb.get_article(request.user, slug)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Répondez par Oui ou par Non."))
    else:
        try:
            services_kb.give_feedback(
                article=article,
                user=request.user,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Merci pour votre avis."))
    return redirect("learning:kb_article", slug=article.slug)


@login_required
def kb_suggestions(request):
    """Up to five articles for a new Demande's subject (htmx fragment, or the search page)."""
    subject = (request.GET.get("subject") or "").strip()[:200]
    if not request.htmx:
        return redirect(f"{_list_url()}?{urlencode({'q': subject})}")
    product = KbSearchForm({"product": request.GET.get("product", "")})
    product = product.cleaned_data.get("product") if product.is_valid() else None
    articles = selectors_kb.suggest_articles(request.user, query=subject, product=product)
    session = request.GET.get("kb_session", "")
    services_kb.record_suggestions(
        session=session, user=request.user, query=subject, product=product, articles=articles
    )
    return render(
        request,
        "learning/kb/fragment_suggestions.html",
        {"articles": articles, "subject": subject, "session": session},
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("learning:kb_list")


@login_required
def kb_image(request, public_id):
    """An article's image, to whoever may read the article."""
    image = get_object_or_404(
        ArticleImage.objects.select_related("article"),
        public_id=public_id,
        article__in=selectors_kb.visible_articles(request.user),
    )
    return download_response(image)


# --- the second Private dashboard (art. 12.11) ---------------------------------------


@right_required(Right.SEE_DASHBOARDS)
def kb_dashboard(request):
    organisation = request.user.organisation
    if organisation.formula != Formula.PRIVATE:
        return render(request, "learning/kb/dashboard_other.html", {"organisation": organisation})
    board = reports_kb.kb_dashboard(organisation)
    months = [formats.date_format(month, "M y") for month, _n, _r in board.months]
    chart = bar_chart(
        chart_id="kb-consultations",
        title=_("Articles consultés par mois"),
        description=_("Consultations d'articles par vos utilisateurs chaque mois depuis %(since)s.")
        % {"since": formats.date_format(board.since, "F Y")},
        categories=months,
        series=[Series(_("Consultations"), tuple(n for _m, n, _r in board.months))],
    )
    return render(
        request,
        "learning/kb/dashboard.html",
        {"organisation": organisation, "board": board, "chart": chart},
    )


@right_required(Right.SEE_DASHBOARDS)
def kb_dashboard_csv(request):
    organisation = request.user.organisation
    if organisation.formula != Formula.PRIVATE:
        raise PermissionDenied
    board = reports_kb.kb_dashboard(organisation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="base-de-connaissances.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with its BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Mois"), _("Consultations"), _("Lecteurs distincts")])
    for month, views, readers in board.months:
        writer.writerow([month.strftime("%Y-%m"), views, readers])
    writer.writerow([])
    writer.writerow([_("Article le plus lu"), _("Consultations"), _("Lecteurs distincts")])
    for row in board.top_articles:
        writer.writerow([row["article__title"], row["n"], row["readers"]])
    writer.writerow([])
    writer.writerow([_("Produit"), _("Consultations")])
    for name, count in board.by_product:
        writer.writerow([name, count])
    writer.writerow([])
    writer.writerow([_("Recherche sans résultat"), _("Nombre")])
    for row in board.misses:
        writer.writerow([row["normalized"], row["n"]])
    writer.writerow([])
    writer.writerow([_("Suggestions proposées"), _("Demandes évitées"), _("Demandes déposées")])
    writer.writerow([board.sessions, board.avoided, board.filed])
    return response


# --- vendor staff ------------------------------------------------------------------


@staff_required
def kb_manage(request):
    """Every article, the least helpful ones, searches without a result, Demandes avoided."""
    state = request.GET.get("etat", "")
    since = timezone.now() - timedelta(days=365)
    page = Paginator(selectors_kb.staff_articles(state=state), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/kb/manage.html",
        {
            "page": page,
            "state": state,
            "states": Article.State.choices,
            "least_helpful": reports_kb.least_helpful(limit=10),
            "misses": reports_kb.search_misses(since=since, limit=20),
            "avoided": reports_kb.avoided_by_month_and_product(since=since),
            "querystring": urlencode({"etat": state}) + "&" if state else "",
        },
    )


@staff_required
def kb_create(request):
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("change_note", None)
        try:
            article = services_kb.create_article(author=request.user, **data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect("learning:kb_article", slug=article.slug)
    return render(request, "learning/kb/edit.html", {"form": form, "article": None})


@staff_required
def kb_edit(request, slug):
    article = get_object_or_404(Article, slug=slug)
    initial = {
        "title": article.title,
        "kind": article.kind,
        "question": article.question,
        "answer": article.answer,
        "products": list(article.products.all()),
        "versions": article.versions,
        "tags": article.tags,
        "related": ", ".join(article.related.values_list("slug", flat=True)),
        "is_internal": article.is_internal,
    }
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_kb.update_article(article=article, editor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Article enregistré."))
            return redirect("learning:kb_article", slug=article.slug)
    return render(request, "learning/kb/edit.html", {"form": form, "article": article})


def _act(request, slug, action, success):
    article = get_object_or_404(Article, slug=slug)
    try:
        action(article)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect("learning:kb_article", slug=article.slug)


@staff_required
@require_POST
def kb_publish(request, slug):
    return _act(
        request,
        slug,
        lambda a: services_kb.publish_article(
            article=a, editor=request.user, change_note=request.POST.get("change_note", "")
        ),
        _("Article publié."),
    )


@staff_required
@require_POST
def kb_archive(request, slug):
    return _act(
        request,
        slug,
        lambda a: services_kb.archive_article(article=a, editor=request.user),
        _("Article archivé."),
    )


@staff_required
@require_POST
def kb_image_upload(request, slug):
    article = get_object_or_404(Article, slug=slug)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choisissez une image."))
    else:
        try:
            image = services_kb.add_image(
                article=article, editor=request.user, upload=form.cleaned_data["image"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            from django.urls import reverse

            url = reverse("learning:kb_image", kwargs={"public_id": image.public_id})
            messages.success(
                request,
                _("Image déposée. Pour l'afficher, écrivez dans la réponse : ![%(name)s](%(url)s)")
                % {"name": image.original_name, "url": url},
            )
    return redirect("learning:kb_article", slug=article.slug)


# --- from the support desk (agents) ---------------------------------------------------


@staff_required
@require_POST
def kb_from_demande(request, reference):
    demande = get_demande(request.user, reference)
    try:
        article = services_kb.draft_from_demande(demande=demande, agent=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("support:detail", reference=demande.reference)
    messages.success(
        request,
        _("Brouillon créé depuis %(ref)s : retirez toute donnée du client avant de le publier.")
        % {"ref": demande.reference},
    )
    return redirect("learning:kb_edit", slug=article.slug)


@staff_required
@require_POST
def kb_reply(request, reference):
    demande = get_demande(request.user, reference)
    form = ReplyWithArticleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            services_kb.reply_with_article(
                demande=demande,
                agent=request.user,
                article=form.cleaned_data["article"],
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Réponse publiée avec le lien vers l'article."))
    return redirect("support:detail", reference=demande.reference)
