"""Routes of this app under /api/v1/ (included by portal/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from portal.documents.api import DocumentViewSet, FolderViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("document-folders", FolderViewSet, basename="folder")

urlpatterns = [*router.urls]
