"""The catalogue and tariffs are managed by vendor staff in the Django admin.

Contracts are managed on the portal's own pages (subscriptions:vendor_contract),
which go through the services and their rules; the admin shows them read-only.
Invoices are fiscal records: read-only, never deleted (art. 4).
"""

from django.contrib import admin

from subscriptions.models import (
    Contract,
    ContractLine,
    Invoice,
    InvoiceLine,
    Overage,
    Product,
    Tariff,
)


class TariffInline(admin.TabularInline):
    model = Tariff
    extra = 1
    ordering = ["-effective_from"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit", "extends", "is_active"]
    list_filter = ["kind", "unit", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["extends"]
    inlines = [TariffInline]


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["product", "unit_price", "effective_from"]
    list_filter = ["product__kind", "effective_from"]
    search_fields = ["product__name", "product__code"]
    list_select_related = ["product"]
    date_hierarchy = "effective_from"


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContractLineInline(ReadOnlyInline):
    model = ContractLine
    fields = ["product", "quantity", "unit_price", "ordered_on", "ended_on"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "formula",
        "support_started_on",
        "access_codes_sent_on",
        "next_invoice_on",
        "ends_on",
    ]
    list_filter = ["formula"]
    search_fields = ["organisation__name", "organisation__siren"]
    list_select_related = ["organisation"]
    filter_horizontal = ["products"]
    readonly_fields = [
        "access_codes_sent_on",
        "next_invoice_on",
        "notice_party",
        "notice_received_on",
        "ends_on",
    ]
    inlines = [ContractLineInline]


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "customer_name", "issued_on", "total_excl_tax", "total_incl_tax"]
    list_filter = ["issued_on"]
    search_fields = ["number", "customer_name"]
    inlines = [InvoiceLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Overage)
class OverageAdmin(admin.ModelAdmin):
    list_display = ["contract", "kind", "ordered", "measured", "status", "detected_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["contract__organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
