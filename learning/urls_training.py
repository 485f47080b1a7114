"""Pages of the training part of this app (joined in learning/urls.py)."""

from django.urls import path

from learning import views_teleassistance, views_training, views_webassistance

ITEM = "formation/<uuid:public_id>/"
SESSION = "webassistances/<uuid:public_id>/"
SLOT = "teleassistance/<uuid:public_id>/"

urlpatterns = [
    path("formation/", views_training.catalogue, name="catalogue"),
    path("formation/equipe/", views_training.team, name="team"),
    path(ITEM, views_training.item_detail, name="item"),
    path(ITEM + "chapitres/<int:position>/", views_training.chapter, name="chapter"),
    path(ITEM + "reprendre/", views_training.resume, name="resume"),
    path(ITEM + "quiz/", views_training.quiz, name="quiz"),
    path(ITEM + "termine/", views_training.mark_viewed, name="viewed"),
    path(ITEM + "video/", views_training.video, name="video"),
    path(ITEM + "support/", views_training.download, name="download"),
    path(ITEM + "forum/", views_training.post, name="post"),
    path("formation/forum/<uuid:public_id>/masquer/", views_training.hide_post, name="hide_post"),
    path("webassistances/", views_webassistance.webassistance_list, name="webassistances"),
    path(SESSION, views_webassistance.webassistance_detail, name="webassistance"),
    path(
        SESSION + "agenda.ics", views_webassistance.webassistance_calendar, name="webassistance_ics"
    ),
    path(SESSION + "inscription/", views_webassistance.register, name="webassistance_register"),
    path(
        SESSION + "desinscription/", views_webassistance.unregister, name="webassistance_unregister"
    ),
    path(
        "demandes/<str:reference>/teleassistance/",
        views_teleassistance.propose,
        name="teleassistance_propose",
    ),
    path(SLOT + "choisir/", views_teleassistance.choose, name="teleassistance_choose"),
    path(SLOT + "compte-rendu/", views_teleassistance.outcome, name="teleassistance_outcome"),
    path(SLOT + "agenda.ics", views_teleassistance.slot_calendar, name="teleassistance_ics"),
]
