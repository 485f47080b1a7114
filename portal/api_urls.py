"""/api/v1/: each app registers its routes here."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from portal.accounts.api import MeView, UserViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
