"""Routes of this app under /api/v1/ (included by portal/api_urls.py)."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = [*router.urls]
