"""API routes of the training part of this app (joined in learning/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from learning.api_training import ItemViewSet, WebassistanceViewSet

router = SimpleRouter()
router.register("learning/items", ItemViewSet, basename="learning-item")
router.register("webassistances", WebassistanceViewSet, basename="webassistance")

urlpatterns = [*router.urls]
