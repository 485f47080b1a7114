"""API v1 on Demandes: clients list, file, read and comment; agents act.

Same selectors (scope: another organisation's Demande is a 404) and same
services as the browser. Validation errors → 400 with field errors; a
transition the state does not allow → 409 with the reason.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiRequest,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from portal.accounts.rights import Right
from portal.core.api import UUID_LOOKUP, FieldsBuiltOnce, FormParser, JSONParser, MultiPartParser
from portal.core.api_values import iso_datetime
from portal.core.fields import FreeTextSerializerField, SingleLineSerializerField
from portal.core.fragments import cached
from portal.core.resilience import DATABASE_ERRORS
from portal.core.schema import file_responses, register_links
from subscriptions.models import Product
from support import selectors, selectors_api, services
from support.business_time import BusinessTimeExplanation
from support.deadlines import deadlines_of
from support.files import EXTENSIONS, download_response
from support.filters import DemandeApiFilter
from support.list_cache import demandes_version, list_key
from support.models import Attachment, Comment, Demande, DemandeEvent
from support.services import idempotency

logger = logging.getLogger(__name__)

# --- Output ----------------------------------------------------------------------------


def extend_schema_field_list(serializer_class):
    return extend_schema_field(serializer_class(many=True))


class DemandeSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    requester = serializers.EmailField(source="requester.email", read_only=True)
    assignee = serializers.EmailField(source="assignee.email", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Demande
        fields = [
            "reference",
            "url",
            "kind",
            "category",
            "channel",
            "subject",
            "state",
            "formula",
            "organisation",
            "requester",
            "assignee",
            "qualification",
            "criticality",
            "registered_at",
            "taken_in_charge_at",
            "take_in_charge_due_at",
            "action_plan_due_at",
            "fix_due_at",
            "resolved_at",
            "closed_at",
            "is_breached",
        ]
        read_only_fields = fields

    def get_url(self, demande) -> str:
        return reverse("api:demande-detail", kwargs={"reference": demande.reference})


#: A reference the router accepts, to build every Demande's URL from one ``reverse``.
_SAMPLE_REFERENCE = "D-0000-000000"


def demande_list_items(rows) -> list[dict]:
    """What ``DemandeSerializer(many=True)`` gives, built from the list's plain values
    (support/selectors_api.py) without the serializer's per-field work (about 0.1 ms
    a row). DemandeSerializer stays the contract (the schema, the detail);
    tests/support/test_api_list.py checks that both give the same JSON."""
    zone = timezone.get_current_timezone()
    sample_url = reverse("api:demande-detail", kwargs={"reference": _SAMPLE_REFERENCE})
    before, after = sample_url.split(_SAMPLE_REFERENCE)
    return [
        {
            "reference": row["reference"],
            "url": f"{before}{row['reference']}{after}",
            "kind": row["kind"],
            "category": row["category"],
            "channel": row["channel"],
            "subject": row["subject"],
            "state": row["state"],
            "formula": row["formula"],
            "organisation": row["organisation_name"],
            "requester": row["requester_email"],
            "assignee": row["assignee_email"],
            "qualification": row["qualification"],
            "criticality": row["criticality"],
            "registered_at": iso_datetime(row["registered_at"], zone),
            "taken_in_charge_at": iso_datetime(row["taken_in_charge_at"], zone),
            "take_in_charge_due_at": iso_datetime(row["take_in_charge_due_at"], zone),
            "action_plan_due_at": iso_datetime(row["action_plan_due_at"], zone),
            "fix_due_at": iso_datetime(row["fix_due_at"], zone),
            "resolved_at": iso_datetime(row["resolved_at"], zone),
            "closed_at": iso_datetime(row["closed_at"], zone),
            "is_breached": row["is_breached"],
        }
        for row in rows
    ]


class AttachmentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, attachment) -> str:
        """The API's download (token or session), scoped like the Demande itself."""
        return reverse(
            "api:demande-attachment",
            kwargs={"reference": attachment.demande.reference, "public_id": attachment.public_id},
        )


class CommentSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    author = serializers.CharField(source="author.__str__", read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "body", "is_internal", "created_at", "attachments"]
        read_only_fields = fields


class EventSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    class Meta:
        model = DemandeEvent
        fields = ["action", "actor_label", "is_public", "created_at", "data"]
        read_only_fields = fields


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due_at = serializers.DateTimeField()
    met_at = serializers.DateTimeField(allow_null=True)
    explanation = serializers.SerializerMethodField()

    def get_explanation(self, deadline) -> list[dict]:
        """The stretches counted and skipped (business hours) or the days (jours ouvrés)."""
        explanation = deadline.explanation
        if isinstance(explanation, BusinessTimeExplanation):
            return [
                {
                    "start": segment.start.isoformat(),
                    "end": segment.end.isoformat(),
                    "counted": segment.counted,
                    "reason": segment.reason,
                }
                for segment in explanation.segments
            ]
        return [
            {"day": entry.day.isoformat(), "counted": entry.counted, "reason": entry.reason}
            for entry in explanation.entries
        ]


class DemandeDetailSerializer(DemandeSerializer):
    product = serializers.SlugRelatedField(slug_field="code", read_only=True)
    dossier = serializers.UUIDField(source="dossier.public_id", read_only=True, allow_null=True)
    comments = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()

    class Meta(DemandeSerializer.Meta):
        fields = [
            *DemandeSerializer.Meta.fields,
            "product",
            "dossier",
            "context",
            "error_messages",
            "menu_sequence",
            "comments",
            "attachments",
            "events",
            "deadlines",
        ]
        read_only_fields = fields

    def _detail(self, demande):
        if "_detail" not in self.context:
            self.context["_detail"] = selectors.demande_detail(
                demande, user=self.context["request"].user
            )
        return self.context["_detail"]

    @extend_schema_field_list(CommentSerializer)
    def get_comments(self, demande):
        return CommentSerializer(self._detail(demande)["comments"], many=True).data

    @extend_schema_field_list(AttachmentSerializer)
    def get_attachments(self, demande):
        return AttachmentSerializer(self._detail(demande)["attachments"], many=True).data

    @extend_schema_field_list(EventSerializer)
    def get_events(self, demande):
        return EventSerializer(self._detail(demande)["events"], many=True).data

    @extend_schema_field_list(DeadlineSerializer)
    def get_deadlines(self, demande):
        return DeadlineSerializer(deadlines_of(demande), many=True).data


# --- Input ----------------------------------------------------------------------------


class FileListField(serializers.ListField):
    child = serializers.FileField()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        if not kwargs["required"]:
            kwargs.setdefault("default", list)
        super().__init__(**kwargs)


class DemandeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Demande.Kind.choices, default=Demande.Kind.SUPPORT)
    category = serializers.ChoiceField(
        choices=Demande.Category.choices, required=False, allow_blank=True, default=""
    )
    product = serializers.SlugRelatedField(
        slug_field="code", queryset=Product.objects.all(), required=False, allow_null=True
    )
    dossier = serializers.UUIDField(required=False, allow_null=True)
    subject = SingleLineSerializerField(max_length=200)
    context = FreeTextSerializerField(required=False, allow_blank=True, default="")
    error_messages = FreeTextSerializerField(required=False, allow_blank=True, default="")
    menu_sequence = FreeTextSerializerField(required=False, allow_blank=True, default="")
    attachments = FileListField()


class PhoneDemandeCreateSerializer(serializers.Serializer):
    """A call recorded by an agent (art. 12.6): the same fields as the browser form."""

    requester = serializers.EmailField(help_text="Adresse du compte client qui a appelé.")
    called_at = serializers.DateTimeField(
        help_text="Heure de l'appel (heure de Paris si sans fuseau) : le délai part de là."
    )
    kind = serializers.ChoiceField(choices=Demande.Kind.choices, default=Demande.Kind.SUPPORT)
    category = serializers.ChoiceField(
        choices=Demande.Category.choices, required=False, allow_blank=True, default=""
    )
    subject = SingleLineSerializerField(max_length=200)
    context = FreeTextSerializerField(required=False, allow_blank=True, default="")
    error_messages = FreeTextSerializerField(required=False, allow_blank=True, default="")
    menu_sequence = FreeTextSerializerField(required=False, allow_blank=True, default="")

    def validate_requester(self, email):
        person = selectors.client_requesters().filter(email__iexact=email).first()
        if person is None:
            raise serializers.ValidationError(
                _("Aucun utilisateur client actif n'a cette adresse.")
            )
        return person


class CommentCreateSerializer(serializers.Serializer):
    body = FreeTextSerializerField()
    internal = serializers.BooleanField(default=False)
    attachments = FileListField()


class AttachmentsCreateSerializer(serializers.Serializer):
    attachments = FileListField(required=True, allow_empty=False)


class ReopenSerializer(serializers.Serializer):
    reason = FreeTextSerializerField()


class QualifySerializer(serializers.Serializer):
    qualification = serializers.ChoiceField(choices=Demande.Qualification.choices)
    criticality = serializers.ChoiceField(
        choices=Demande.Criticality.choices, required=False, allow_null=True, default=None
    )


class RequalifySerializer(QualifySerializer):
    reason = serializers.CharField()


class RespondSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=["action_plan", "workaround", "fix"])
    message = FreeTextSerializerField()


class ResolveSerializer(serializers.Serializer):
    message = FreeTextSerializerField(required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    assignee = serializers.UUIDField(help_text="Identifiant public de l'agent.")


# --- Endpoints --------------------------------------------------------------------------


ERRORS = {
    400: OpenApiResponse(description="Données invalides (erreurs par champ)."),
    404: OpenApiResponse(description="Demande inconnue ou d'une autre organisation."),
    409: OpenApiResponse(description="Changement d'état impossible, avec la raison."),
}
AGENT_ERRORS = {
    **ERRORS,
    403: OpenApiResponse(description="Réservé aux agents du support."),
}


def _with_files(serializer_class):
    """A multipart body whose ``attachments`` parts are images or PDF (checked by content)."""
    encoding = {"attachments": {"contentType": ", ".join(EXTENSIONS)}}
    return OpenApiRequest(serializer_class, encoding=encoding)


class IsSupportAgent(BasePermission):
    """The agents' actions (take in charge, qualify, respond…): vendor staff only."""

    message = gettext_lazy("Réservé aux agents du support.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_vendor_staff)


STAFF_ONLY = [IsAuthenticated, IsSupportAgent]


class DemandeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Demandes au support et au service client (art. 12.2-12.3)."""

    lookup_field = "reference"
    lookup_value_regex = r"D-\d{4}-\d{6}"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = [DjangoFilterBackend]
    filterset_class = DemandeApiFilter

    def get_serializer_class(self):
        return DemandeDetailSerializer if self.action == "retrieve" else DemandeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Demande.objects.none()
        # The list's filters hand their values to the list's selector (support/filters.py).
        return selectors.visible_demandes(self.request.user)

    def get_object(self):
        return selectors.get_demande(self.request.user, self.kwargs["reference"])

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _answer(self, demande, code=status.HTTP_200_OK):
        """The Demande as it is now, after a change (read again)."""
        return self._represent(selectors.get_demande(self.request.user, demande.reference), code)

    def _represent(self, demande, code=status.HTTP_200_OK):
        data = DemandeDetailSerializer(demande, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(
        summary="Lister les demandes",
        description="Clients : leurs demandes (scope=organisation avec le droit) ; "
        "agents : la file (Private d'abord, art. 12.9).",
    )
    def list(self, request, *args, **kwargs):
        """The answer is cached whole under the list's version and the request's
        address (support/list_cache.py): only a valid request is answered, and
        so cached, and the same address is valid again."""

        def answer() -> dict:
            demandes = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(selectors_api.api_demande_rows(demandes))
            return self.get_paginated_response(demande_list_items(page)).data

        return Response(cached(self._list_key(), settings.CACHED_LISTS_SECONDS, answer))

    def _list_key(self) -> str:
        """The agents' queue, or the client's organisation's list, with what decides
        what this person may see, and the address (its page and filters, and the
        host its links name); the time zone its instants are written in."""
        user = self.request.user
        staff = user.is_vendor_staff
        version = demandes_version(None if staff else user.organisation_id)
        who = (user.pk, user.organisation_id, staff, user.has_right(Right.SEE_ORG_DEMANDES))
        address = (self.request.build_absolute_uri(), timezone.get_current_timezone_name())
        return list_key("api", version, (*who, address))

    @extend_schema(summary="Lire une demande", responses={200: DemandeDetailSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        return self._represent(self.get_object())

    @extend_schema(
        summary="Déposer une demande",
        description="Avec l'en-tête `Idempotency-Key` (un UUID par dépôt), un nouvel essai "
        "avec la même clé renvoie la demande déjà déposée (en-tête `Idempotent-Replayed`) "
        "au lieu d'en créer une seconde.",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                location=OpenApiParameter.HEADER,
                required=False,
                description="Clé unique de ce dépôt (1 à 255 caractères ASCII).",
            )
        ],
        request={
            "multipart/form-data": _with_files(DemandeCreateSerializer),
            "application/json": DemandeCreateSerializer,
        },
        responses={
            201: DemandeDetailSerializer,
            403: OpenApiResponse(description="Sans le droit."),
            **ERRORS,
        },
    )
    def create(self, request):
        if not request.user.has_right(Right.FILE_DEMANDES):
            raise PermissionDenied(_("Vous n'avez pas le droit de créer des demandes."))
        data = self._input(DemandeCreateSerializer)
        dossier_id = data.pop("dossier", None)
        dossier = None
        if dossier_id:
            organisation = request.user.organisation
            dossier = organisation.dossiers.filter(public_id=dossier_id).first()
            if dossier is None:
                raise serializers.ValidationError(
                    {"dossier": [_("Ce dossier client n'existe pas.")]}
                )

        def filing():
            return services.file_demande(
                requester=request.user,
                draft=services.DemandeDraft.from_data({**data, "dossier": dossier}),
                channel=Demande.Channel.API,
            )

        key = request.headers.get("Idempotency-Key")
        if key is None:
            return self._committed_answer(filing())
        demande, filed_now = idempotency.file_once(user=request.user, key=key, filing=filing)
        response = self._committed_answer(demande)
        if not filed_now:
            response["Idempotent-Replayed"] = "true"
        return response

    def _committed_answer(self, demande):
        """The filing has committed: answer 201 even if decorating the answer fails.

        A dropped database connection while reading the Demande back must not
        tell the client it failed (it would file again): the reference is enough.
        """
        try:
            return self._answer(demande, status.HTTP_201_CREATED)
        except DATABASE_ERRORS:
            logger.warning("Demande %s filed; answering without details", demande.reference)
            url = reverse("api:demande-detail", kwargs={"reference": demande.reference})
            return Response(
                {"reference": demande.reference, "url": url}, status=status.HTTP_201_CREATED
            )

    @extend_schema(
        summary="Répondre (ou note interne pour les agents)",
        request={
            "multipart/form-data": _with_files(CommentCreateSerializer),
            "application/json": CommentCreateSerializer,
        },
        responses={201: CommentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def comment(self, request, reference=None):
        demande = self.get_object()
        data = self._input(CommentCreateSerializer)
        comment = services.add_comment(
            demande=demande,
            author=request.user,
            body=data["body"],
            internal=data["internal"],
            attachments=data["attachments"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Joindre des fichiers (images, PDF)",
        request={"multipart/form-data": _with_files(AttachmentsCreateSerializer)},
        responses={201: AttachmentSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request, reference=None):
        demande = self.get_object()
        data = self._input(AttachmentsCreateSerializer)
        saved = services.add_attachments(
            demande=demande, actor=request.user, files=data["attachments"]
        )
        return Response(AttachmentSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rouvrir une demande résolue",
        request=ReopenSerializer,
        responses={200: DemandeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, reference=None):
        demande = self.get_object()
        data = self._input(ReopenSerializer)
        return self._answer(
            services.reopen(demande=demande, actor=request.user, reason=data["reason"])
        )

    @extend_schema(
        summary="Clôturer une demande résolue",
        request=None,
        responses={200: DemandeDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, reference=None):
        demande = self.get_object()
        return self._answer(services.close(demande=demande, actor=request.user))

    @extend_schema(
        summary="Prendre en charge (agents)",
        request=None,
        responses={200: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=STAFF_ONLY)
    def take(self, request, reference=None):
        demande = self.get_object()
        return self._answer(services.take_in_charge(demande=demande, agent=request.user))

    @extend_schema(
        summary="Attribuer à un agent (agents)",
        request=AssignSerializer,
        responses={200: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=STAFF_ONLY)
    def assign(self, request, reference=None):
        demande = self.get_object()
        data = self._input(AssignSerializer)
        assignee = selectors.support_agents().filter(public_id=data["assignee"]).first()
        if assignee is None:
            raise serializers.ValidationError(
                {"assignee": [_("Choisissez un agent du support actif.")]}
            )
        return self._answer(services.assign(demande=demande, actor=request.user, assignee=assignee))

    @extend_schema(
        summary="Qualifier (agents)",
        request=QualifySerializer,
        responses={200: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=STAFF_ONLY)
    def qualify(self, request, reference=None):
        demande = self.get_object()
        data = self._input(QualifySerializer)
        return self._answer(services.qualify(demande=demande, agent=request.user, **data))

    @extend_schema(
        summary="Requalifier, avec la raison (agents) : les délais repartent de maintenant",
        request=RequalifySerializer,
        responses={200: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=STAFF_ONLY)
    def requalify(self, request, reference=None):
        demande = self.get_object()
        data = self._input(RequalifySerializer)
        return self._answer(services.requalify(demande=demande, agent=request.user, **data))

    @extend_schema(
        summary="Plan d'action, contournement ou correctif (agents)",
        request=RespondSerializer,
        responses={200: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=STAFF_ONLY)
    def respond(self, request, reference=None):
        demande = self.get_object()
        data = self._input(RespondSerializer)
        return self._answer(services.respond(demande=demande, agent=request.user, **data))

    @extend_schema(
        summary="Résoudre (agents)",
        request=ResolveSerializer,
        responses={200: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=STAFF_ONLY)
    def resolve(self, request, reference=None):
        demande = self.get_object()
        data = self._input(ResolveSerializer)
        return self._answer(services.resolve(demande=demande, agent=request.user, **data))

    @extend_schema(
        summary="Enregistrer un appel téléphonique (agents)",
        description="Pour le compte d'un utilisateur client (art. 12.6) : l'heure de l'appel "
        "est l'heure d'enregistrement, d'où part le délai de prise en charge.",
        request=PhoneDemandeCreateSerializer,
        responses={201: DemandeDetailSerializer, **AGENT_ERRORS},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="telephone",
        url_name="phone",
        permission_classes=STAFF_ONLY,
    )
    def phone(self, request):
        data = self._input(PhoneDemandeCreateSerializer)
        demande = services.record_phone_demande(
            agent=request.user,
            requester=data["requester"],
            called_at=data["called_at"],
            draft=services.DemandeDraft.from_data(data),
        )
        return self._answer(demande, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Télécharger une pièce jointe",
        description="Mêmes règles que la demande : une autre organisation reçoit 404, "
        "les fichiers des notes internes ne sont servis qu'aux agents.",
        responses={
            **file_responses(EXTENSIONS, "Le fichier : image en ligne, PDF en pièce jointe."),
            404: ERRORS[404],
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=rf"fichiers/(?P<public_id>{UUID_LOOKUP})",
        url_name="attachment",
    )
    def attachment(self, request, reference=None, public_id=None):
        return download_response(selectors.get_attachment(request.user, reference, public_id))


_REFERENCE = {"reference": "$response.body#/reference"}
for _source in ("v1_demandes_create", "v1_demandes_retrieve", "v1_demandes_telephone_create"):
    register_links(
        _source,
        read=("v1_demandes_retrieve", _REFERENCE, "Relire la demande."),
        comment=("v1_demandes_comment_create", _REFERENCE, "Répondre."),
        attach=("v1_demandes_attachments_create", _REFERENCE, "Joindre des fichiers."),
        close=("v1_demandes_close_create", _REFERENCE, "Clôturer une fois résolue."),
        reopen=("v1_demandes_reopen_create", _REFERENCE, "Rouvrir une fois résolue."),
    )
register_links(
    "v1_demandes_attachments_create",
    download=(
        "v1_demandes_fichiers_retrieve",
        {"reference": "$request.path.reference", "public_id": "$response.body#/0/id"},
        "Télécharger le premier fichier joint.",
    ),
)
