from django.contrib import admin
from django.http import HttpRequest

from portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is immutable."""

    list_display = ["created_at", "organisation", "actor_label", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
