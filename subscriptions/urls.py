from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("abonnement/", views.mine, name="mine"),
    path("abonnement/extension/", views.order_extension, name="order_extension"),
    path("abonnement/factures/<uuid:public_id>/", views.invoice, name="invoice"),
    path("abonnement/factures/<uuid:public_id>/pdf/", views.invoice_download, name="invoice_pdf"),
    path("editeur/contrats/", views.vendor_contracts, name="vendor_contracts"),
    path(
        "editeur/contrats/preavis/",
        views.vendor_notice_deadlines,
        name="vendor_notice_deadlines",
    ),
    path("editeur/contrats/<uuid:public_id>/", views.vendor_contract, name="vendor_contract"),
    path("editeur/contrats/<uuid:public_id>/commander/", views.vendor_order, name="vendor_order"),
    path(
        "editeur/contrats/<uuid:public_id>/codes-acces/",
        views.vendor_access_codes,
        name="vendor_access_codes",
    ),
    path(
        "editeur/contrats/<uuid:public_id>/non-renouvellement/",
        views.vendor_notice,
        name="vendor_notice",
    ),
    path(
        "editeur/contrats/<uuid:public_id>/lignes/",
        views.vendor_change_lines,
        name="vendor_change_lines",
    ),
    path(
        "editeur/contrats/<uuid:public_id>/lignes/<uuid:line_id>/arreter/",
        views.vendor_end_line,
        name="vendor_end_line",
    ),
    path("editeur/depassements/", views.vendor_overages, name="vendor_overages"),
    path(
        "editeur/depassements/<uuid:public_id>/confirmer/",
        views.vendor_confirm_overage,
        name="vendor_confirm_overage",
    ),
]
