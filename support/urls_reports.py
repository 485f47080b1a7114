"""URLs of the support reports: compliance (art. 12.2) and the Private dashboard (art. 12.11).

Appended to support/urls.py's ``urlpatterns`` (same "support" namespace).
"""

from django.urls import path

from support import views_reports

urlpatterns = [
    path("conformite/", views_reports.compliance, name="compliance"),
    path(
        "conformite/<uuid:public_id>/",
        views_reports.compliance_client,
        name="compliance_client",
    ),
    path("tableau-de-bord/", views_reports.dashboard, name="dashboard"),
]
