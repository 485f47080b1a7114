"""Read-mostly admin: instructions are carried out on the vendor pages, which
encrypt the initial password and e-mail the one-time link."""

from django.contrib import admin

from portal.serviceaccounts.models import Instruction, ServiceAccount


@admin.register(ServiceAccount)
class ServiceAccountAdmin(admin.ModelAdmin):
    list_display = ["login", "organisation", "kind", "holder", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["login", "holder", "organisation__name"]


@admin.register(Instruction)
class InstructionAdmin(admin.ModelAdmin):
    list_display = ["account", "action", "urgent", "status", "requested_at", "done_at"]
    list_filter = ["action", "status", "urgent"]
    exclude = ["password_encrypted", "password_token_hash"]
    readonly_fields = ["demande", "password_expires_at", "password_viewed_at"]
