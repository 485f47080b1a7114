from django.urls import path

from portal.documents import views

app_name = "documents"

urlpatterns = [
    path("documents/", views.index, name="index"),
    path("documents/dossiers/<uuid:public_id>/", views.folder, name="folder"),
    path("documents/dossiers/<uuid:public_id>/deposer/", views.upload, name="upload"),
    path(
        "documents/dossiers/<uuid:public_id>/nouveau-dossier/",
        views.create_folder,
        name="create_folder",
    ),
    path("documents/dossiers/<uuid:public_id>/modifier/", views.edit_folder, name="edit_folder"),
    path(
        "documents/dossiers/<uuid:public_id>/supprimer/", views.delete_folder, name="delete_folder"
    ),
    path("documents/fichiers/<uuid:public_id>/", views.detail, name="detail"),
    path("documents/fichiers/<uuid:public_id>/telecharger/", views.download, name="download"),
    path("documents/fichiers/<uuid:public_id>/modifier/", views.edit, name="edit"),
    path("documents/fichiers/<uuid:public_id>/nouvelle-version/", views.replace, name="replace"),
    path("documents/fichiers/<uuid:public_id>/restaurer/", views.restore, name="restore"),
    path("documents/fichiers/<uuid:public_id>/supprimer/", views.delete, name="delete"),
    path("documents/corbeille/", views.trash, name="trash"),
    path(
        "documents/corbeille/<uuid:public_id>/restaurer/", views.trash_restore, name="trash_restore"
    ),
    path("documents/corbeille/<uuid:public_id>/purger/", views.trash_purge, name="trash_purge"),
]
