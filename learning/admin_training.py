"""Vendor staff's tools for the learning catalogue and webassistances (art. 12.8, 13).

Registered from ``LearningConfig.ready``. Saving a webassistance goes through
``learning/services_webassistance.py`` (invitations, changes of time and
cancellations are e-mailed with their .ics); supports are checked by content
with the document space's rules (``portal/core/filetypes.py``).
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from learning import services_webassistance
from learning.catalogue_search import index_item
from learning.models import Chapter, Choice, Question, TrainingItem, Webassistance
from portal.core import filetypes
from portal.core.errors import DomainError


class ChapterInline(admin.StackedInline):
    model = Chapter
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 2


class TrainingItemForm(forms.ModelForm):
    class Meta:
        model = TrainingItem
        fields = [
            "kind",
            "track",
            "level",
            "products",
            "title",
            "summary",
            "video_file",
            "video_url",
            "document",
            "document_name",
            "pass_mark",
            "is_published",
        ]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                detected = filetypes.detect(upload, upload.name)
            except filetypes.FileTypeRefused as refusal:
                raise forms.ValidationError(refusal.message) from refusal
            self.instance.document_type = detected.content_type
            if not self.cleaned_data.get("document_name"):
                self.instance.document_name = upload.name[:200]
        return upload


@admin.register(TrainingItem)
class TrainingItemAdmin(admin.ModelAdmin):
    form = TrainingItemForm
    list_display = ["title", "kind", "track", "level", "is_published"]
    list_filter = ["kind", "track", "level", "is_published"]
    search_fields = ["title"]
    filter_horizontal = ["products"]
    inlines = [ChapterInline, QuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        index_item(form.instance)  # after the chapters: their words are indexed too


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "item", "position"]
    inlines = [ChoiceInline]


class WebassistanceForm(forms.ModelForm):
    replay_video_url = forms.URLField(
        label=_("Lien du replay"),
        required=False,
        help_text=_("Après la session."),
        assume_scheme="https",
    )

    class Meta:
        model = Webassistance
        fields = [
            "topic",
            "product",
            "starts_at",
            "duration_minutes",
            "trainer",
            "capacity",
            "meeting_url",
        ]


@admin.register(Webassistance)
class WebassistanceAdmin(admin.ModelAdmin):
    form = WebassistanceForm
    list_display = ["topic", "product", "starts_at", "capacity", "cancelled_at"]
    list_filter = ["product"]
    actions = ["cancel_sessions"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                created = services_webassistance.schedule(
                    actor=request.user,
                    **{name: data[name] for name in WebassistanceForm.Meta.fields},
                )
                obj.pk, obj.public_id = created.pk, created.public_id
                return
            if {"starts_at", "duration_minutes"} & set(form.changed_data):
                services_webassistance.reschedule(
                    actor=request.user,
                    session=obj,
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                )
            Webassistance.objects.filter(pk=obj.pk).update(
                topic=data["topic"],
                trainer=data["trainer"],
                capacity=data["capacity"],
                meeting_url=data["meeting_url"],
            )
            if data.get("replay_video_url"):
                services_webassistance.attach_replay(
                    actor=request.user, session=obj, video_url=data["replay_video_url"]
                )
        except DomainError as error:
            messages.error(request, error.message)

    @admin.action(description=_("Annuler les sessions choisies (les inscrits sont prévenus)"))
    def cancel_sessions(self, request, queryset):
        for session in queryset.filter(cancelled_at__isnull=True):
            services_webassistance.cancel(actor=request.user, session=session)
