from django.contrib import admin

from portal.organisations.models import Dossier, Organisation
from subscriptions.models import Contract


class ContractInline(admin.StackedInline):
    model = Contract
    can_delete = False
    filter_horizontal = ["products"]


class DossierInline(admin.TabularInline):
    model = Dossier
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "kind", "formula_label", "city", "mfa_required", "created_at"]
    list_filter = ["kind", "contract__formula", "mfa_required"]
    search_fields = ["name", "siren", "city"]
    list_select_related = ["contract"]
    inlines = [ContractInline, DossierInline]
    readonly_fields = ["public_id", "created_at"]

    @admin.display(description="formule", ordering="contract__formula")
    def formula_label(self, obj):
        contract = getattr(obj, "contract", None)
        return contract.get_formula_display() if contract else "—"


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["reference", "name", "organisation", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["reference", "name", "organisation__name"]
    list_select_related = ["organisation"]
