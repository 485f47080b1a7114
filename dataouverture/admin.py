"""Vendor staff keep the connectors catalogue (art. 17, 4.)."""

from django.contrib import admin

from dataouverture.models import Connector


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    list_display = ["partner", "name", "product", "package", "is_published"]
    list_filter = ["package", "is_published", "product"]
    search_fields = ["partner", "name", "description"]
