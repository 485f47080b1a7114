from django.urls import path

from dataouverture import views

app_name = "dataouverture"

urlpatterns = [
    path("data-ouverture/", views.index, name="index"),
    path("data-ouverture/commander/", views.order_pack, name="order_pack"),
    path("data-ouverture/cles-api/", views.credentials, name="credentials"),
    path(
        "data-ouverture/cles-api/<uuid:public_id>/renouveler/",
        views.rotate_credential,
        name="credential_rotate",
    ),
    path(
        "data-ouverture/cles-api/<uuid:public_id>/revoquer/",
        views.revoke_credential,
        name="credential_revoke",
    ),
    path("data-ouverture/data-access/", views.data_access, name="data_access"),
    path("data-ouverture/data-access/base/", views.build_snapshot, name="snapshot_build"),
    path("data-ouverture/data-access/apercu/", views.preview, name="preview"),
    path("data-ouverture/data-access/requetes/", views.create_query, name="query_create"),
    path(
        "data-ouverture/data-access/requetes/<uuid:public_id>/",
        views.edit_query,
        name="query_edit",
    ),
    path(
        "data-ouverture/data-access/requetes/<uuid:public_id>/supprimer/",
        views.delete_query,
        name="query_delete",
    ),
    path(
        "data-ouverture/data-access/requetes/<uuid:public_id>/exporter/",
        views.export_query,
        name="query_export",
    ),
    path("data-ouverture/exports/<uuid:public_id>/", views.export, name="export"),
    path(
        "data-ouverture/exports/<uuid:public_id>/telecharger/",
        views.download_export,
        name="export_download",
    ),
    path("data-ouverture/ged/", views.exchange_view, name="exchange"),
    path("data-ouverture/ged/exporter/", views.exchange_run_now, name="exchange_run_now"),
    path("data-ouverture/ged/exports/<uuid:public_id>/", views.exchange_run, name="exchange_run"),
    path("data-ouverture/connecteurs/", views.connectors, name="connectors"),
    path(
        "data-ouverture/connecteurs/<uuid:public_id>/activer/",
        views.request_connector,
        name="connector_request",
    ),
]
