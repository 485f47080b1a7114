from django.urls import path

from portal.status import views

app_name = "status"

urlpatterns = [
    path("meteo/", views.weather, name="weather"),
    path(
        "meteo/maintenances/<uuid:public_id>/",
        views.maintenance_detail,
        name="maintenance_detail",
    ),
    path("meteo/disponibilite/", views.availability_index, name="availability_index"),
    path(
        "meteo/disponibilite/<int:year>/<int:month>/",
        views.availability_report,
        name="availability_report",
    ),
    path(
        "meteo/disponibilite/<int:year>/<int:month>/export.csv",
        views.availability_csv,
        name="availability_csv",
    ),
    path("meteo/versions/", views.releases, name="releases"),
    path("meteo/versions/telechargements/<uuid:public_id>/", views.download, name="download"),
    path("meteo/restauration/", views.restoration, name="restoration"),
    path("meteo/avis/", views.notice_preferences, name="notice_preferences"),
    path("editeur/meteo/", views.vendor_dashboard, name="vendor_dashboard"),
    path(
        "editeur/meteo/maintenances/nouvelle/",
        views.maintenance_create,
        name="maintenance_create",
    ),
    path(
        "editeur/meteo/maintenances/<uuid:public_id>/annuler/",
        views.maintenance_cancel,
        name="maintenance_cancel",
    ),
    path("editeur/meteo/incidents/nouveau/", views.incident_create, name="incident_create"),
    path(
        "editeur/meteo/incidents/<uuid:public_id>/cloturer/",
        views.incident_close,
        name="incident_close",
    ),
    path("editeur/meteo/versions/nouvelle/", views.release_create, name="release_create"),
    path(
        "editeur/meteo/restaurations/<uuid:public_id>/issue/",
        views.restoration_outcome,
        name="restoration_outcome",
    ),
]
