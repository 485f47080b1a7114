from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal.accounts import views as account_views
from portal.core import api as core_api
from portal.core import health
from portal.core import views as core_views

admin.site.site_header = _("Administration du portail client")
admin.site.site_title = _("Administration du portail")
admin.site.index_title = _("Gestion éditeur")
# The admin signs in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)

# A dropped database connection answers 503 with Retry-After (portal/core/resilience.py).
handler500 = "portal.core.resilience.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("healthz/ready/", health.readiness, name="healthz_ready"),
    path("invitation/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    # The API before the pages' URLconfs: an /api/ path is not tried against
    # every page pattern first (issue 11: URL resolution was ~7 % of a call).
    path("api/v1/", include(("portal.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    path("", include("portal.accounts.urls")),
    path("", include("portal.organisations.urls")),
    path("", include("portal.audit.urls")),
    path("", include("portal.documents.urls")),
    path("", include("portal.serviceaccounts.urls")),
    path("", include("portal.status.urls")),
    path("", include("support.urls")),
    path("", include("subscriptions.urls")),
    path("", include("learning.urls")),
    path("", include("dataouverture.urls")),
    path("accounts/", include("allauth.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    # Last: any other /api/…/ path (a malformed identifier too) is a JSON 404.
    path("api/<path:unmatched>/", core_api.not_found),
]
