"""Admin of the service status. Announcements made here bypass the services'
checks and notices: vendor staff should use the Météo pages; the admin is for
corrections (e.g. an incident's cause category)."""

from django.contrib import admin

from portal.status.models import (
    Incident,
    Maintenance,
    NoticePreference,
    Release,
    ReleaseDownload,
    RestorationRequest,
    Service,
)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_filter = ["is_active", "products"]
    search_fields = ["name", "code"]
    filter_horizontal = ["products"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Maintenance)
class MaintenanceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start", "end", "announced_at", "announced_by", "reminded_at"]
    list_filter = ["kind", "services", "start"]
    search_fields = ["title", "description"]
    date_hierarchy = "start"
    filter_horizontal = ["services"]
    list_select_related = ["announced_by"]
    readonly_fields = ["public_id", "announced_at", "notified_at", "reminded_at"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["title", "environment", "cause", "start", "end", "organisation", "recorded_by"]
    list_filter = ["environment", "cause", "services", "start"]
    search_fields = ["title", "description", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "start"
    filter_horizontal = ["services"]
    list_select_related = ["recorded_by", "organisation"]
    readonly_fields = ["public_id", "recorded_at"]


class ReleaseDownloadInline(admin.TabularInline):
    model = ReleaseDownload
    extra = 0
    fields = ["label", "file", "url"]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = [
        "version",
        "title",
        "kind",
        "release_date",
        "needs_implementation_services",
        "announced_at",
    ]
    list_filter = ["kind", "needs_implementation_services", "services"]
    search_fields = ["version", "title", "notes"]
    date_hierarchy = "release_date"
    filter_horizontal = ["services"]
    inlines = [ReleaseDownloadInline]
    readonly_fields = ["public_id", "announced_at", "notified_at"]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "receive_notices", "updated_at"]
    list_filter = ["receive_notices"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(RestorationRequest)
class RestorationRequestAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "restore_point_label",
        "status",
        "demande_reference",
        "requested_by",
        "created_at",
    ]
    list_filter = ["status", "restore_point"]
    search_fields = ["organisation__name", "demande_reference", "requested_by__email"]
    list_select_related = ["organisation", "requested_by"]
    readonly_fields = [
        "public_id",
        "organisation",
        "requested_by",
        "restore_point",
        "restore_point_label",
        "target_date",
        "created_at",
    ]
