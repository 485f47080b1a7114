"""Vendor administrators edit the support calendars here (art. 12.2, 12.10).

The hours are validated by BusinessCalendar.from_spec, the same parser that
computes deadlines. Demandes are read-only here: they change through the
services only (the agents' workspace and the API).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from support.business_time import BusinessCalendar, CalendarSpecError
from support.models import Demande, DemandeEvent, SupportCalendar


class SupportCalendarForm(forms.ModelForm):
    class Meta:
        model = SupportCalendar
        fields = ["name", "formula", "contract", "spec"]
        help_texts = {
            "spec": _(
                "Plages par jour (0 = lundi … 6 = dimanche), heure de Paris, par exemple "
                '{"0": [["09:00", "12:30"], ["14:30", "17:30"]], "4": [["09:00", "17:00"]]}. '
                "Les jours fériés sont toujours fermés. Les demandes déjà enregistrées gardent "
                "leurs échéances."
            )
        }

    def clean_spec(self):
        spec = self.cleaned_data["spec"]
        if not isinstance(spec, dict):
            raise forms.ValidationError(_("Les horaires doivent être un objet JSON par jour."))
        try:
            calendar = BusinessCalendar.from_spec("validation", spec)
        except (CalendarSpecError, ValueError, TypeError) as error:
            raise forms.ValidationError(str(error)) from error
        if not calendar.weekly_business_time:
            raise forms.ValidationError(_("Le support doit être ouvert au moins une heure."))
        return calendar.to_spec()

    def clean(self):
        cleaned = super().clean()
        contract = cleaned.get("contract")
        formula = cleaned.get("formula")
        if contract is not None and formula and contract.formula != formula:
            self.add_error("formula", _("La formule doit être celle du contrat."))
        return cleaned


@admin.register(SupportCalendar)
class SupportCalendarAdmin(admin.ModelAdmin):
    form = SupportCalendarForm
    list_display = ["name", "formula", "contract", "updated_at"]
    list_filter = ["formula"]
    autocomplete_fields = []
    raw_id_fields = ["contract"]


class DemandeEventInline(admin.TabularInline):
    model = DemandeEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor_label", "is_public", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Demande)
class DemandeAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "kind", "state", "registered_at", "assignee"]
    list_filter = ["state", "kind", "formula", "is_breached"]
    search_fields = ["reference", "subject", "organisation__name"]
    list_select_related = ["organisation", "assignee"]
    inlines = [DemandeEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
