"""Pages of the learning catalogue (art. 13.1, 13.2).

Thin: reads go through ``learning/selectors_training.py`` (the access rule
filters in SQL; an item the client may not use is a 404), writes through
``learning/services_training.py``.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning import catalogue_search, services_training
from learning import selectors_training as selectors
from learning.forms_training import CatalogueFilterForm, PostForm, QuizForm
from learning.markup import render as render_markdown
from learning.models import Chapter, TrainingItem
from learning.ranges import ranged_file_response
from portal.audit.services import record
from portal.core.errors import DomainError
from portal.core.forms import apply_domain_error
from portal.core.permissions import client_admin_required, staff_required
from subscriptions.models import Formula

PAGE_SIZE = 24


def formula_label(code: str | None) -> str:
    return str(Formula(code).label) if code else ""


@login_required
def catalogue(request):
    """The catalogue: allowed items, and locked ones as a reason to upgrade."""
    filters = CatalogueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.catalogue(
        request.user, track=data.get("track", ""), kind=data.get("kind", "")
    )
    query = data.get("q", "")
    if query:
        items = catalogue_search.search(items, query)
    else:
        items = items.order_by("track", "title", "pk")
    if request.user.is_client:
        items = selectors.with_progress(items, request.user)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    catalogue_search.attach_snippets(query, page.object_list)
    context = {"filters": filters, "page": page, "query": query}
    template = "learning/training/fragment_catalogue.html" if request.htmx else None
    return render(request, template or "learning/training/catalogue.html", context)


def _item_context(request, item):
    user = request.user
    chapters = list(Chapter.objects.filter(item=item).only("position", "title"))
    questions = list(item.questions.prefetch_related("choices"))
    return {
        "item": item,
        "chapters": chapters,
        "progress": selectors.progress_of(user, item) if user.is_client else None,
        "quiz_form": QuizForm(questions=questions) if questions else None,
        "posts": selectors.posts_of(item, user),
        "post_form": PostForm(),
        "staff": user.is_vendor_staff,
    }


@login_required
def item_detail(request, public_id):
    item = selectors.get_item(request.user, public_id)
    return render(request, "learning/training/item.html", _item_context(request, item))


@login_required
def chapter(request, public_id, position):
    item = selectors.get_item(request.user, public_id)
    current = Chapter.objects.filter(item=item, position=position).first()
    if current is None:
        raise Http404
    if request.method == "POST" and request.user.is_client:
        services_training.complete_chapter(user=request.user, item=item, position=position)
        following = Chapter.objects.filter(item=item, position__gt=position).order_by("position")
        nxt = following.first()
        if nxt is not None:
            return redirect("learning:chapter", public_id=item.public_id, position=nxt.position)
        return redirect("learning:item", public_id=item.public_id)
    progress = None
    if request.user.is_client:
        progress = services_training.open_chapter(user=request.user, item=item, position=position)
    chapters = list(Chapter.objects.filter(item=item).only("position", "title"))
    return render(
        request,
        "learning/training/chapter.html",
        {
            "item": item,
            "chapter": current,
            # Sanitised by nh3 in learning/markup.py (the knowledge base's renderer).
            "body": mark_safe(render_markdown(current.body)),  # noqa: S308
            "chapters": chapters,
            "progress": progress,
        },
    )


@login_required
def resume(request, public_id):
    """ "Reprendre": back to the chapter where the user stopped."""
    item = selectors.get_item(request.user, public_id)
    progress = selectors.progress_of(request.user, item)
    position = progress.last_position if progress else None
    if not Chapter.objects.filter(item=item, position=position).exists():
        first = Chapter.objects.filter(item=item).order_by("position").first()
        if first is None:
            return redirect("learning:item", public_id=item.public_id)
        position = first.position
    return redirect("learning:chapter", public_id=item.public_id, position=position)


@login_required
def quiz(request, public_id):
    item = selectors.get_item(request.user, public_id)
    if request.method != "POST" or not request.user.is_client:
        return redirect("learning:item", public_id=item.public_id)
    questions = list(item.questions.prefetch_related("choices"))
    form = QuizForm(request.POST, questions=questions)
    if form.is_valid():
        try:
            attempt = services_training.submit_quiz(
                user=request.user, item=item, answers=form.answers()
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            text = _("Votre score : %(score)s %% (seuil de réussite %(mark)s %%).") % {
                "score": attempt.score,
                "mark": item.pass_mark,
            }
            if attempt.passed:
                messages.success(request, _("Quiz réussi ! ") + text)
            else:
                messages.warning(request, _("Quiz non réussi. ") + text)
            return redirect("learning:item", public_id=item.public_id)
    context = _item_context(request, item)
    context["quiz_form"] = form
    return render(request, "learning/training/item.html", context, status=400)


@login_required
@require_POST
def mark_viewed(request, public_id):
    item = selectors.get_item(request.user, public_id)
    if request.user.is_client:
        services_training.mark_viewed(user=request.user, item=item)
        messages.success(request, _("Contenu marqué comme terminé."))
    return redirect("learning:item", public_id=item.public_id)


@login_required
def video(request, public_id):
    """The uploaded video, with range requests so that the player can seek."""
    item = selectors.get_item(request.user, public_id)
    if not item.video_file:
        raise Http404
    return ranged_file_response(request, item.video_file, content_type="video/mp4")


@login_required
def download(request, public_id):
    """A support checked by content at upload (portal/core/filetypes.py)."""
    item = selectors.get_item(request.user, public_id)
    if not item.document:
        raise Http404
    response = FileResponse(
        item.document.open("rb"),
        as_attachment=True,
        filename=item.document_name or "support",
        content_type=item.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    record(
        actor=request.user,
        action="learning.downloaded",
        organisation=request.user.organisation,
        target=item.title,
        now=timezone.now(),
    )
    return response


@login_required
@require_POST
def post(request, public_id):
    item = selectors.get_item(request.user, public_id)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            services_training.post_message(
                author=request.user, item=item, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Message publié."))
    else:
        messages.error(request, _("Écrivez votre message (5 000 caractères au plus)."))
    return redirect(f"{item_url(item)}#forum")


def item_url(item: TrainingItem) -> str:
    from django.urls import reverse

    return reverse("learning:item", kwargs={"public_id": item.public_id})


@staff_required
@require_POST
def hide_post(request, public_id):
    post_ = selectors.get_post(public_id)
    services_training.hide_post(actor=request.user, post=post_)
    messages.success(request, _("Message masqué."))
    return redirect(f"{item_url(post_.item)}#forum")


@client_admin_required
def team(request):
    """Who of the team started or completed what (client administrators)."""
    rows = selectors.team_progress(request.user.organisation)
    if request.GET.get("format") == "csv":
        return _team_csv(rows)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "learning/training/team.html", {"page": page})


def _team_csv(rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="progression-formation.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Nom", "E-mail", "Contenu", "Commencé le", "Terminé le", "Meilleur score (%)"])
    for row in rows.iterator():
        writer.writerow(
            [
                _csv_safe(row.user.full_name),
                row.user.email,
                _csv_safe(row.item.title),
                timezone.localtime(row.started_at).strftime("%d/%m/%Y %H:%M"),
                timezone.localtime(row.completed_at).strftime("%d/%m/%Y %H:%M")
                if row.completed_at
                else "",
                "" if row.best_score is None else row.best_score,
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """No formula injection when the file is opened in a spreadsheet."""
    text = text or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
