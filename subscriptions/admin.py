from django.contrib import admin

from subscriptions.models import Contract, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["organisation", "formula", "support_started_on", "created_at"]
    list_filter = ["formula"]
    search_fields = ["organisation__name", "organisation__siren"]
    list_select_related = ["organisation"]
    filter_horizontal = ["products"]
