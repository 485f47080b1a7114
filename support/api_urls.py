"""Routes of this app under /api/v1/ (included by portal/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from support.api import DemandeViewSet

router = SimpleRouter()
router.register("demandes", DemandeViewSet, basename="demande")

urlpatterns = [*router.urls]
