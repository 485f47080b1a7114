"""Pages of the kb part of this app (joined in learning/urls.py).

The image prefix must stay ``base-de-connaissances/images/``: learning/markup.py
lets articles show images from there only.
"""

from django.urls import path

from learning import views_kb

KB = "base-de-connaissances/"
ARTICLE = KB + "<slug:slug>/"

urlpatterns = [
    path(KB, views_kb.kb_list, name="kb_list"),
    path(KB + "suggestions/", views_kb.kb_suggestions, name="kb_suggestions"),
    path(KB + "tableau-de-bord/", views_kb.kb_dashboard, name="kb_dashboard"),
    path(KB + "tableau-de-bord/export.csv", views_kb.kb_dashboard_csv, name="kb_dashboard_csv"),
    path(KB + "images/<uuid:public_id>/", views_kb.kb_image, name="kb_image"),
    path(KB + "gestion/", views_kb.kb_manage, name="kb_manage"),
    path(KB + "gestion/nouvel-article/", views_kb.kb_create, name="kb_create"),
    path(
        KB + "gestion/depuis-demande/<str:reference>/",
        views_kb.kb_from_demande,
        name="kb_from_demande",
    ),
    path(KB + "gestion/repondre/<str:reference>/", views_kb.kb_reply, name="kb_reply"),
    path(ARTICLE, views_kb.kb_article, name="kb_article"),
    path(ARTICLE + "avis/", views_kb.kb_feedback, name="kb_feedback"),
    path(ARTICLE + "modifier/", views_kb.kb_edit, name="kb_edit"),
    path(ARTICLE + "publier/", views_kb.kb_publish, name="kb_publish"),
    path(ARTICLE + "archiver/", views_kb.kb_archive, name="kb_archive"),
    path(ARTICLE + "images/", views_kb.kb_image_upload, name="kb_image_upload"),
]
