from django.urls import path

from support import urls_reports, views

app_name = "support"

REF = "demandes/<str:reference>/"

urlpatterns = [
    path("demandes/", views.demande_list, name="list"),
    path("demandes/nouvelle/", views.demande_create, name="create"),
    path(REF, views.demande_detail, name="detail"),
    path(REF + "commenter/", views.demande_comment, name="comment"),
    path(REF + "fichiers/", views.demande_attach, name="attach"),
    path(REF + "rouvrir/", views.demande_reopen, name="reopen"),
    path(REF + "cloturer/", views.demande_close, name="close"),
    path(REF + "suivre/", views.demande_watch, name="watch"),
    path(REF + "fichiers/<uuid:public_id>/", views.attachment_download, name="attachment"),
    path(REF + "prendre-en-charge/", views.demande_take, name="take"),
    path(REF + "attribuer/", views.demande_assign, name="assign"),
    path(REF + "qualifier/", views.demande_qualify, name="qualify"),
    path(REF + "requalifier/", views.demande_requalify, name="requalify"),
    path(REF + "repondre/", views.demande_respond, name="respond"),
    path(REF + "resoudre/", views.demande_resolve, name="resolve"),
    path("support/file/", views.queue, name="queue"),
    path("support/telephone/", views.phone_demande, name="phone"),
]
urlpatterns += urls_reports.urlpatterns  # compliance and Private dashboard
