"""API v1 on the document space: list, upload (multipart), download, delete.

The same selectors (scope → 404) and services (type, quota, audit) as the
pages: members of a client organisation read the shared folder and their own
private folder, and upload and delete there: no right restricts it (art. 11).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from portal.core.api import UUID_LOOKUP, FormParser, JSONParser, MultiPartParser, filter_params
from portal.core.errors import DomainError
from portal.core.filetypes import FORMATS
from portal.core.schema import file_responses, register_links
from portal.documents import selectors, services
from portal.documents.models import Document, Folder
from portal.documents.views import file_response


class DocumentSpacePermission(BasePermission):
    """Every active client member reads and writes (art. 11). Staff: no access."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user.is_authenticated and user.is_client)


class FolderSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    parent = serializers.UUIDField(source="parent.public_id", read_only=True, allow_null=True)
    private = serializers.BooleanField(source="is_private", read_only=True)

    class Meta:
        model = Folder
        fields = ["id", "name", "parent", "private"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    folder = serializers.UUIDField(source="folder.public_id", read_only=True)
    uploaded_by = serializers.EmailField(
        source="uploaded_by.email", read_only=True, allow_null=True
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "name",
            "folder",
            "size",
            "content_type",
            "kind",
            "uploaded_by",
            "created_at",
            "content_changed_at",
            "updated_at",
        ]
        read_only_fields = fields


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Word, Excel, PowerPoint, PDF ou image.")
    folder = serializers.UUIDField(
        required=False, help_text="Dossier de destination ; par défaut le dossier partagé."
    )
    name = serializers.CharField(
        required=False, max_length=200, help_text="Nom affiché ; par défaut celui du fichier."
    )


ERRORS = {
    400: OpenApiResponse(description="Données invalides (erreurs par champ) : type, quota, nom."),
    404: OpenApiResponse(description="Document inconnu, ou hors de votre espace."),
}


#: What a document may be (art. 4), as the schema's multipart and download media types.
ACCEPTED_TYPES = sorted({f.content_type for f in FORMATS.values()})


class DocumentFilterSerializer(serializers.Serializer):
    folder = serializers.UUIDField(
        required=False,
        default=None,
        help_text="Limiter à ce dossier (404 s'il n'est pas dans votre espace).",
    )


class FolderViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The folders the caller sees: the shared tree and their private tree."""

    serializer_class = FolderSerializer
    permission_classes = [DocumentSpacePermission]

    def get_queryset(self):
        services.ensure_space(self.request.user)
        return selectors.visible_folders(self.request.user).select_related("parent").order_by("pk")


class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DocumentSerializer
    permission_classes = [DocumentSpacePermission]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP

    def get_queryset(self):
        if self.action != "list":
            return selectors.documents_for_api(self.request.user, folder=None)
        folder_id = filter_params(DocumentFilterSerializer, self.request)["folder"]
        folder = selectors.get_folder(self.request.user, folder_id) if folder_id else None
        return selectors.documents_for_api(self.request.user, folder=folder)

    def get_object(self):
        try:
            return selectors.get_document(self.request.user, self.kwargs["public_id"])
        except (ValidationError, ValueError) as exc:  # a malformed id
            raise Http404 from exc

    @extend_schema(parameters=[DocumentFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request={
            "multipart/form-data": OpenApiRequest(
                UploadSerializer,
                encoding={
                    "file": {"contentType": ", ".join(f.content_type for f in FORMATS.values())}
                },
            )
        },
        responses={201: DocumentSerializer, **ERRORS},
        description="Dépose un fichier. Refusé (400, champ `file`) si son contenu n'est pas "
        "Word, Excel, PowerPoint, PDF ou image, ou s'il dépasse l'espace restant.",
    )
    def create(self, request):
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("folder"):
            try:
                folder = selectors.get_folder(request.user, data["folder"])
            except Http404 as exc:
                raise DomainError(
                    _("Ce dossier n'existe pas dans votre espace."), field="folder"
                ) from exc
        else:
            folder = services.shared_root(request.user.organisation)
        document = services.upload_document(
            actor=request.user, folder=folder, upload=data["file"], name=data.get("name", "")
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mettre un document à la corbeille (restaurable 30 jours, art. 9)",
        responses={204: None, **ERRORS},
    )
    def destroy(self, request, public_id=None):
        services.delete_document(actor=request.user, document=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={
            **file_responses(ACCEPTED_TYPES, "Le fichier, en pièce jointe."),
            404: ERRORS[404],
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, public_id=None):
        return file_response(request, self.get_object())


_ID = {"public_id": "$response.body#/id"}
register_links(
    "v1_documents_create",
    read=("v1_documents_retrieve", _ID, "Relire le document."),
    download=("v1_documents_download_retrieve", _ID, "Télécharger le fichier."),
)
register_links(
    "v1_documents_retrieve",
    download=("v1_documents_download_retrieve", _ID, "Télécharger le fichier."),
)
