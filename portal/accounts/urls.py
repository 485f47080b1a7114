from django.urls import path

from portal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("equipe/", views.team, name="team"),
    path("equipe/inviter/", views.invite, name="invite"),
    path("equipe/<uuid:public_id>/", views.member, name="member"),
    path("equipe/<uuid:public_id>/desactiver/", views.deactivate, name="deactivate"),
    path("equipe/<uuid:public_id>/reactiver/", views.reactivate, name="reactivate"),
    path("equipe/<uuid:public_id>/renvoyer-invitation/", views.resend, name="resend"),
    path("equipe/<uuid:public_id>/supprimer/", views.delete, name="delete"),
    path("profil/", views.profile, name="profile"),
    path("profil/jeton-api/", views.api_token, name="api_token"),
]
