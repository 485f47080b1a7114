from django.urls import path

from portal.serviceaccounts import views

app_name = "serviceaccounts"

urlpatterns = [
    path("comptes-du-service/", views.index, name="index"),
    path("comptes-du-service/<uuid:public_id>/", views.account_detail, name="account"),
    path(
        "comptes-du-service/<uuid:public_id>/instruction/",
        views.instruct,
        name="instruct",
    ),
    path("comptes-du-service/mot-de-passe/<str:token>/", views.password, name="password"),
    path("editeur/comptes-du-service/", views.queue, name="queue"),
    path(
        "editeur/comptes-du-service/<uuid:public_id>/",
        views.carry_out,
        name="carry_out",
    ),
]
