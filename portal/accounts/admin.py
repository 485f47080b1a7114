from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "organisation", "role", "status_label", "activated_at"]
    list_filter = ["role", "is_active", "organisation__contract__formula"]
    search_fields = ["email", "first_name", "last_name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["public_id", "date_joined", "activated_at", "deactivated_at", "last_login"]
    exclude = ["password", "groups", "user_permissions"]

    @admin.display(description=_("statut"))
    def status_label(self, obj):
        return obj.get_status_display()


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "token_hash", "created_by", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):
        return False
