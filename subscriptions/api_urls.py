"""Routes of this app under /api/v1/ (included by portal/api_urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from subscriptions.api import ContractLineViewSet, ContractView, InvoiceViewSet, UsageView

router = SimpleRouter()
router.register("contract/lines", ContractLineViewSet, basename="contract-line")
router.register("invoices", InvoiceViewSet, basename="invoice")

urlpatterns = [
    path("contract/", ContractView.as_view(), name="contract"),
    path("contract/usage/", UsageView.as_view(), name="contract-usage"),
    *router.urls,
]
