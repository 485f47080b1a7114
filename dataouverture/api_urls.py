from django.urls import path

from dataouverture import api

urlpatterns = [
    path(
        "data-ouverture/import/documents/",
        api.DocumentImportView.as_view(),
        name="dataouverture-import-documents",
    ),
    path(
        "data-ouverture/import/utilisateurs/",
        api.UserImportView.as_view(),
        name="dataouverture-import-users",
    ),
    path("data-ouverture/demandes/", api.DemandeReadView.as_view(), name="dataouverture-demandes"),
    path("data-ouverture/factures/", api.InvoiceReadView.as_view(), name="dataouverture-invoices"),
]
