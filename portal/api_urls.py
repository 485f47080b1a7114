"""/api/v1/: each app registers its routes here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from portal.accounts.api import MeView, UserViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
    path("", include("support.api_urls")),
    path("", include("subscriptions.api_urls")),
    path("", include("portal.documents.api_urls")),
    path("", include("portal.status.api_urls")),
    path("", include("learning.api_urls")),
    path("", include("dataouverture.api_urls")),
]
