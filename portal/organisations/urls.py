from django.urls import path

from portal.organisations import views

app_name = "organisations"

urlpatterns = [
    path("editeur/organisations/", views.vendor_list, name="vendor_list"),
    path("editeur/organisations/nouvelle/", views.vendor_create, name="vendor_create"),
    path("editeur/organisations/<uuid:public_id>/", views.vendor_detail, name="vendor_detail"),
    path("organisation/securite/", views.security, name="security"),
    path("organisation/dossiers/", views.dossiers, name="dossiers"),
]
