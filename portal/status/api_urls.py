"""Routes of this app under /api/v1/ (included by portal/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from portal.status import api

router = SimpleRouter()
router.register("status", api.StatusViewSet, basename="status")
router.register("maintenances", api.MaintenanceViewSet, basename="maintenance")
router.register("incidents", api.IncidentViewSet, basename="incident")
router.register("releases", api.ReleaseViewSet, basename="release")
router.register("restorations", api.RestorationViewSet, basename="restoration")

urlpatterns = [
    path("availability/", api.AvailabilityListView.as_view(), name="availability-list"),
    path(
        "availability/<int:year>/<int:month>/",
        api.AvailabilityMonthView.as_view(),
        name="availability-month",
    ),
    *router.urls,
]
