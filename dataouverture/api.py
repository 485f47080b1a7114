"""The import APIs of the Data Ouverture pack (art. 17, 1.), for machines.

Authenticated by a credential only (``Authorization: Bearer do_…``; a
person's session or token is not enough), limited per credential, audited
with the credential's name. Scopes: ``import:documents``, ``import:users``
(both need the pack), ``read:demandes``, ``read:invoices``.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from dataouverture.api_auth import CredentialAuthentication, CredentialRateThrottle, HasScope
from dataouverture.services import imports
from portal.core.errors import DomainError

RATE_NOTE = (
    "\n\nLimite d'appels : propre à chaque clé d'API (`rate_per_minute`, 60 par minute par "
    "défaut, réglable de 1 à 600 à la création) ; au-delà, réponse 429 avec l'en-tête "
    "`Retry-After`. Chaque appel est inscrit au journal d'audit avec le nom de la clé."
)
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Identifiant unique choisi par l'appelant (conservé 7 jours) : un appel "
    "répété avec la même clé n'est exécuté qu'une fois et renvoie la même réponse.",
)
COMMON_ERRORS = {
    401: OpenApiResponse(description="Clé absente, inconnue, révoquée, expirée, hors plage IP."),
    403: OpenApiResponse(description="La clé n'a pas l'autorisation (scope) nécessaire."),
    409: OpenApiResponse(description="Clé d'idempotence réutilisée pour une autre requête."),
    429: OpenApiResponse(description="Limite d'appels de la clé atteinte (voir Retry-After)."),
}


class MachineAPIView(APIView):
    authentication_classes = [CredentialAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [CredentialRateThrottle]
    endpoint = ""

    def finalize_response(self, request, response, *args, **kwargs):
        credential = request.auth
        if credential is not None and hasattr(credential, "audit_label"):
            imports.audit_call(
                credential=credential,
                endpoint=self.endpoint,
                status=response.status_code,
                data=getattr(self, "audit_data", None),
            )
        return super().finalize_response(request, response, *args, **kwargs)

    def run_idempotent(self, request, fingerprint, perform):
        status_code, body, replayed = imports.idempotent(
            credential=request.auth,
            key=request.headers.get("Idempotency-Key", ""),
            endpoint=self.endpoint,
            fingerprint=fingerprint,
            perform=perform,
        )
        self.audit_data = {"replayed": replayed}
        response = Response(body, status=status_code)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class ImportedDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    folder = serializers.UUIDField(source="folder.public_id")
    size = serializers.IntegerField()
    kind = serializers.CharField()


class DocumentImportView(MachineAPIView):
    required_scope = "import:documents"
    endpoint = "import/documents"
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="import_documents",
        summary="Importer des fichiers dans l'espace documentaire",
        description="Un ou plusieurs fichiers (champ `file` répété) dans le dossier partagé ou "
        "le dossier `folder`. Mêmes contrôles que les pages : type vérifié par le contenu "
        "(Word, Excel, PowerPoint, PDF, images), quota de l'organisation réservé de façon "
        "atomique. Tous les fichiers sont vérifiés avant qu'aucun ne soit enregistré. "
        "Autorisation : `import:documents` (pack Data Ouverture)." + RATE_NOTE,
        parameters=[IDEMPOTENCY],
        request={
            "multipart/form-data": inline_serializer(
                "DocumentImportRequest",
                {
                    "file": serializers.ListField(child=serializers.FileField()),
                    "folder": serializers.UUIDField(required=False),
                },
            )
        },
        responses={
            201: inline_serializer(
                "DocumentImportResponse",
                {"documents": ImportedDocumentSerializer(many=True)},
            ),
            400: OpenApiResponse(description="Fichier refusé (type, nom, quota) : erreurs."),
            404: OpenApiResponse(description="Dossier inconnu dans votre dossier partagé."),
            **COMMON_ERRORS,
        },
        tags=["Data Ouverture"],
    )
    def post(self, request):
        credential = request.auth
        uploads = request.FILES.getlist("file")
        folder_id = request.data.get("folder") or ""
        folder = imports.target_folder(credential.organisation, _uuid_or_404(folder_id))
        parts = [str(folder.public_id)]
        for upload in uploads:
            upload.seek(0)
            parts += [upload.name, upload.read()]
            upload.seek(0)

        def perform():
            stored = imports.import_documents(
                credential=credential, folder=folder, uploads=uploads, now=timezone.now()
            )
            body = {"documents": ImportedDocumentSerializer(stored, many=True).data}
            return status.HTTP_201_CREATED, _jsonable(body)

        return self.run_idempotent(request, imports.fingerprint(*parts), perform)


class UserImportView(MachineAPIView):
    required_scope = "import:users"
    endpoint = "import/users"
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="import_users",
        summary="Créer des utilisateurs en masse (CSV)",
        description="Fichier CSV UTF-8 (champ `file`), séparateur `;` ou `,`, en-tête "
        "`email;prenom;nom;role` (role : utilisateur ou administrateur). Le fichier est "
        "validé en entier avant toute création : s'il contient une erreur, rien n'est créé "
        "et la réponse 400 liste les erreurs ligne par ligne. Chaque personne reçoit un lien "
        "d'activation par e-mail (aucun mot de passe n'est envoyé). Autorisation : "
        "`import:users` (pack Data Ouverture)." + RATE_NOTE,
        parameters=[IDEMPOTENCY],
        request={
            "multipart/form-data": inline_serializer(
                "UserImportRequest", {"file": serializers.FileField()}
            )
        },
        responses={
            201: inline_serializer(
                "UserImportResponse",
                {"created": serializers.IntegerField(), "emails": serializers.ListField()},
            ),
            400: OpenApiResponse(description='Erreurs par ligne : {"file": ["Ligne 3 : …"]}'),
            **COMMON_ERRORS,
        },
        tags=["Data Ouverture"],
    )
    def post(self, request):
        credential = request.auth
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Joignez le fichier CSV (champ « file »).", field="file")
        if upload.size > 1_000_000:
            raise DomainError("Le fichier CSV dépasse 1 Mo : découpez-le.", field="file")
        data = upload.read()

        def perform():
            users = imports.import_users(credential=credential, data=data)
            return status.HTTP_201_CREATED, {
                "created": len(users),
                "emails": [user.email for user in users],
            }

        try:
            return self.run_idempotent(request, imports.fingerprint(data), perform)
        except imports.CsvRejected as rejected:
            return Response({"file": rejected.errors}, status=status.HTTP_400_BAD_REQUEST)


def _uuid_or_404(value: str):
    import uuid

    from django.http import Http404

    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def _jsonable(body: dict) -> dict:
    """Serializer output with UUIDs as strings, as it is stored for replays."""
    import json

    from rest_framework.utils.encoders import JSONEncoder

    return json.loads(json.dumps(body, cls=JSONEncoder))


class MachineDemandeSerializer(serializers.Serializer):
    reference = serializers.CharField()
    subject = serializers.CharField()
    kind = serializers.CharField()
    state = serializers.CharField()
    criticality = serializers.IntegerField(allow_null=True)
    registered_at = serializers.DateTimeField()
    taken_in_charge_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class MachineInvoiceSerializer(serializers.Serializer):
    number = serializers.CharField()
    issued_on = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    total_excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2)
    total_incl_tax = serializers.DecimalField(max_digits=12, decimal_places=2)


class _MachineListView(MachineAPIView):
    serializer_class = None

    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(self.get_queryset(request.auth.organisation), request)
        return paginator.get_paginated_response(self.serializer_class(page, many=True).data)


class DemandeReadView(_MachineListView):
    required_scope = "read:demandes"
    endpoint = "read/demandes"
    serializer_class = MachineDemandeSerializer

    def get_queryset(self, organisation):
        from support.models import Demande

        return Demande.objects.filter(organisation=organisation).order_by("-registered_at", "pk")

    @extend_schema(
        operation_id="machine_list_demandes",
        summary="Lire les demandes de l'organisation (clé d'API)",
        description="Autorisation : `read:demandes` (sans pack)." + RATE_NOTE,
        responses={200: MachineDemandeSerializer(many=True), **COMMON_ERRORS},
        tags=["Data Ouverture"],
    )
    def get(self, request):
        return super().get(request)


class InvoiceReadView(_MachineListView):
    required_scope = "read:invoices"
    endpoint = "read/invoices"
    serializer_class = MachineInvoiceSerializer

    def get_queryset(self, organisation):
        from subscriptions.models import Invoice

        return Invoice.objects.filter(contract__organisation=organisation).order_by(
            "-issued_on", "-sequence"
        )

    @extend_schema(
        operation_id="machine_list_invoices",
        summary="Lire les factures (clé d'API)",
        description="Autorisation : `read:invoices` (sans pack)." + RATE_NOTE,
        responses={200: MachineInvoiceSerializer(many=True), **COMMON_ERRORS},
        tags=["Data Ouverture"],
    )
    def get(self, request):
        return super().get(request)
