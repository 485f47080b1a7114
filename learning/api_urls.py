"""Routes of this app under /api/v1/ (included by portal/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from learning import api_urls_kb, api_urls_training

router = SimpleRouter()

urlpatterns = [*router.urls, *api_urls_kb.urlpatterns, *api_urls_training.urlpatterns]
