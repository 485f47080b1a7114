"""API routes of the kb part of this app (joined in learning/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from learning.api_kb import ArticleViewSet

router = SimpleRouter()
router.register("kb/articles", ArticleViewSet, basename="kb-article")

urlpatterns: list = [*router.urls]
