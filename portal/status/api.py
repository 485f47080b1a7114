"""API v1 of the service status: read for every signed-in user (scoped like the
pages), write for vendor staff (clients get 403). Same selectors and services
as the browser."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.accounts.rights import Right
from portal.core.api import UUID_LOOKUP, filter_params
from portal.core.api_values import iso_datetime
from portal.core.fields import FreeTextSerializerField, SingleLineSerializerField
from portal.core.schema import register_links
from portal.organisations.models import Organisation
from portal.status import selectors, services
from portal.status.availability import two_decimals_down
from portal.status.models import Incident, Maintenance, Release, RestorationRequest, Service
from portal.status.restore_points import DAILY_POINTS, MONTHLY_POINTS


class IsStaffOrReadOnly(BasePermission):
    """Reading for every signed-in user; writing for vendor staff only."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.is_vendor_staff


class CanRequestRestoration(BasePermission):
    """Restoration requests (art. 9): those holding the right read their
    organisation's and file new ones; vendor staff read them all."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.has_right(Right.REQUEST_RESTORATION):
            return True
        return request.method in SAFE_METHODS and user.is_vendor_staff


# --- Serializers ----------------------------------------------------------------


class ServiceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Service
        fields = ["id", "code", "name", "description"]
        read_only_fields = fields


class MaintenanceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    services = ServiceSerializer(many=True, read_only=True)

    class Meta:
        model = Maintenance
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "start",
            "end",
            "announced_at",
            "cancelled_at",
            "services",
        ]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    services = ServiceSerializer(many=True, read_only=True)
    ongoing = serializers.BooleanField(source="is_ongoing", read_only=True)
    counted = serializers.BooleanField(source="is_counted", read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "title",
            "description",
            "environment",
            "cause",
            "start",
            "end",
            "ongoing",
            "counted",
            "services",
        ]
        read_only_fields = fields


def incident_items(incidents) -> list[dict]:
    """What ``IncidentSerializer(many=True)`` gives, without the serializer's
    per-request field building and per-field calls (issue 11); the services are the
    prefetched visible ones. tests/status/test_api_incidents.py checks both give the
    same JSON."""
    zone = timezone.get_current_timezone()
    return [
        {
            "id": str(incident.public_id),
            "title": incident.title,
            "description": incident.description,
            "environment": incident.environment,
            "cause": incident.cause,
            "start": iso_datetime(incident.start, zone),
            "end": iso_datetime(incident.end, zone),
            "ongoing": incident.is_ongoing,
            "counted": incident.is_counted,
            "services": [
                {
                    "id": str(service.public_id),
                    "code": service.code,
                    "name": service.name,
                    "description": service.description,
                }
                for service in incident.services.all()
            ],
        }
        for incident in incidents
    ]


class DownloadSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return obj.url or reverse("status:download", kwargs={"public_id": obj.public_id})


class ReleaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    services = ServiceSerializer(many=True, read_only=True)
    downloads = DownloadSerializer(many=True, read_only=True)

    class Meta:
        model = Release
        fields = [
            "id",
            "kind",
            "version",
            "title",
            "release_date",
            "notes",
            "needs_implementation_services",
            "implementation_notes",
            "announced_at",
            "services",
            "downloads",
        ]
        read_only_fields = fields


class RestorationRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    requested_by = serializers.SerializerMethodField()

    class Meta:
        model = RestorationRequest
        fields = [
            "id",
            "restore_point",
            "restore_point_label",
            "target_date",
            "comment",
            "status",
            "demande_reference",
            "requested_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_requested_by(self, obj) -> str:
        person = obj.requested_by
        return (person.full_name or person.email) if person else ""


class RestorationWriteSerializer(serializers.Serializer):
    # art. 9: the restore points J-1 … J-7 and M-1, M-2
    restore_point = serializers.ChoiceField(
        choices=[
            *(f"J-{n}" for n in range(1, DAILY_POINTS + 1)),
            *(f"M-{n}" for n in range(1, MONTHLY_POINTS + 1)),
        ],
        help_text=_("J-1 à J-7, M-1 ou M-2 (article 9)."),
        error_messages={
            "invalid_choice": _(
                "Ce point de restauration n'existe pas : choisissez J-1 à J-7, M-1 ou M-2."
            )
        },
    )
    comment = FreeTextSerializerField(required=False, allow_blank=True, default="")


def _services_field():
    return serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Service.objects.filter(is_active=True)
    )


class MaintenanceWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Maintenance.Kind.choices)
    services = _services_field()
    title = SingleLineSerializerField(max_length=200)
    description = FreeTextSerializerField(required=False, allow_blank=True, default="")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class IncidentWriteSerializer(serializers.Serializer):
    title = SingleLineSerializerField(max_length=200)
    description = FreeTextSerializerField(required=False, allow_blank=True, default="")
    environment = serializers.ChoiceField(
        choices=Incident.Environment.choices, default=Incident.Environment.PRODUCTION
    )
    cause = serializers.ChoiceField(choices=Incident.Cause.choices, default=Incident.Cause.COUNTED)
    services = _services_field()
    organisation = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=Organisation.objects.all(),
        allow_null=True,
        default=None,
        help_text=_("Identifiant de la seule organisation concernée ; vide : tous les clients."),
    )
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CloseIncidentSerializer(serializers.Serializer):
    end = serializers.DateTimeField()


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    url = serializers.URLField()


class ReleaseWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Release.Kind.choices)
    services = _services_field()
    version = SingleLineSerializerField(max_length=40)
    title = SingleLineSerializerField(max_length=200)
    release_date = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    needs_implementation_services = serializers.BooleanField(default=False)
    implementation_notes = serializers.CharField(required=False, allow_blank=True, default="")
    links = LinkSerializer(many=True, required=False, default=list)


SERVICE_STATES = [
    ("ok", _("Fonctionnement normal")),
    ("maintenance", _("Maintenance en cours")),
    ("incident", _("Incident en cours")),
]


class ServiceStatusSerializer(serializers.Serializer):
    service = ServiceSerializer()
    state = serializers.ChoiceField(choices=SERVICE_STATES)
    state_label = serializers.CharField()
    incidents = IncidentSerializer(many=True)
    maintenances = MaintenanceSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateTimeField(source="period.start")
    end = serializers.DateTimeField(source="period.end", allow_null=True)
    category = serializers.CharField(source="period.category")
    category_label = serializers.CharField()
    counted = serializers.BooleanField(source="is_counted")
    hours_in_prt = serializers.SerializerMethodField()
    services = serializers.ListField(source="period.services", child=serializers.CharField())
    label = serializers.CharField(source="period.label")

    def get_hours_in_prt(self, obj) -> float:
        return round(obj.in_prt.total_seconds() / 3600, 4)


class MonthReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    prt_hours = serializers.SerializerMethodField()
    counted_ti_hours = serializers.SerializerMethodField()
    td = serializers.SerializerMethodField(help_text="TD en %, arrondi par défaut à 2 décimales.")
    td_with_urgent_maintenance = serializers.SerializerMethodField()
    commitment = serializers.FloatField()
    meets_commitment = serializers.BooleanField()
    counted = PeriodSerializer(many=True)
    excluded = PeriodSerializer(many=True)

    def get_prt_hours(self, obj) -> float:
        return round(obj.prt.total_seconds() / 3600, 4)

    def get_counted_ti_hours(self, obj) -> float:
        return round(obj.counted_ti.total_seconds() / 3600, 4)

    def get_td(self, obj) -> float:
        return two_decimals_down(obj.td)

    def get_td_with_urgent_maintenance(self, obj) -> float:
        return two_decimals_down(obj.td_with_urgent)


ERRORS = {
    400: OpenApiResponse(description="Données invalides (erreurs par champ)."),
    403: OpenApiResponse(description="Réservé au personnel de l'éditeur."),
    404: OpenApiResponse(description="Inconnu ou hors de vos services."),
}


def _refusal_as_validation_error(call):
    try:
        return call()
    except services.AnnouncementRefused as error:
        raise ValidationError({"non_field_errors": error.reasons}) from error


# --- Views ------------------------------------------------------------------------


class StatusViewSet(viewsets.ViewSet):
    """Current status of each service the caller follows (the Météo)."""

    permission_classes = [IsStaffOrReadOnly]

    @extend_schema(responses=ServiceStatusSerializer(many=True))
    def list(self, request):
        weather = selectors.weather(request.user)
        return Response(ServiceStatusSerializer(weather.statuses, many=True).data)


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffOrReadOnly]
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP


class MaintenanceFilterSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=["current", "planned", "upcoming", "all"],
        required=False,
        default="upcoming",
        help_text=_(
            "current : en cours ; planned : à venir ; upcoming (défaut) : en cours et à venir ; "
            "all : toutes, annulées comprises."
        ),
    )


class MaintenanceViewSet(_Scoped):
    """Maintenances of the caller's services (art. 5). Vendor staff announce them."""

    serializer_class = MaintenanceSerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.maintenances_for(self.request.user, scope="all")
        scope = filter_params(MaintenanceFilterSerializer, self.request)["scope"]
        return selectors.maintenances_for(self.request.user, scope=scope)

    @extend_schema(parameters=[MaintenanceFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        return selectors.get_maintenance(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        request=MaintenanceWriteSerializer, responses={201: MaintenanceSerializer, **ERRORS}
    )
    def create(self, request):
        serializer = MaintenanceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        maintenance = _refusal_as_validation_error(
            lambda: services.announce_maintenance(actor=request.user, **serializer.validated_data)
        )
        return Response(MaintenanceSerializer(maintenance).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MaintenanceSerializer, 409: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def cancel(self, request, public_id=None):
        maintenance = services.cancel_maintenance(actor=request.user, maintenance=self.get_object())
        return Response(MaintenanceSerializer(maintenance).data)


class IncidentViewSet(_Scoped):
    """Incidents of the caller's services (art. 6). Vendor staff record and close them."""

    serializer_class = IncidentSerializer

    def get_queryset(self):
        return selectors.incidents_for(self.request.user)

    def get_object(self):
        return selectors.get_incident(self.request.user, self.kwargs["public_id"])

    def list(self, request, *args, **kwargs):
        service_ids = selectors.visible_service_ids(request.user)
        # Following no service, one sees no incident: nothing more to ask the database.
        incidents = (
            selectors.incidents_for(request.user, service_ids=service_ids) if service_ids else []
        )
        page = self.paginate_queryset(incidents)
        return self.get_paginated_response(incident_items(page))

    @extend_schema(request=IncidentWriteSerializer, responses={201: IncidentSerializer, **ERRORS})
    def create(self, request):
        serializer = IncidentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = services.record_incident(actor=request.user, **serializer.validated_data)
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseIncidentSerializer, responses={200: IncidentSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request, public_id=None):
        incident = self.get_object()
        serializer = CloseIncidentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = services.close_incident(
            actor=request.user, incident=incident, end=serializer.validated_data["end"]
        )
        return Response(IncidentSerializer(incident).data)


class ReleaseViewSet(_Scoped):
    """New versions and patches of the caller's services (art. 10)."""

    serializer_class = ReleaseSerializer

    def get_queryset(self):
        return selectors.releases_for(self.request.user)

    def get_object(self):
        return selectors.get_release(self.request.user, self.kwargs["public_id"])

    @extend_schema(request=ReleaseWriteSerializer, responses={201: ReleaseSerializer, **ERRORS})
    def create(self, request):
        serializer = ReleaseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["links"] = [(link["label"], link["url"]) for link in data.get("links", [])]
        release = services.publish_release(actor=request.user, **data)
        return Response(ReleaseSerializer(release).data, status=status.HTTP_201_CREATED)


class RestorationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Restoration requests of the caller's organisation (art. 9); filing one
    files a customer-service Demande, as on the page."""

    permission_classes = [CanRequestRestoration]
    serializer_class = RestorationRequestSerializer
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP

    def get_queryset(self):
        return selectors.restorations_for(self.request.user)

    def get_object(self):
        return selectors.get_restoration(self.request.user, self.kwargs["public_id"])

    @extend_schema(
        request=RestorationWriteSerializer,
        responses={
            201: RestorationRequestSerializer,
            400: ERRORS[400],
            403: OpenApiResponse(
                description="Réservé aux détenteurs du droit de demander une restauration."
            ),
        },
    )
    def create(self, request):
        serializer = RestorationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        restoration = services.request_restoration(actor=request.user, **serializer.validated_data)
        return Response(
            RestorationRequestSerializer(restoration).data, status=status.HTTP_201_CREATED
        )


class AvailabilityListView(APIView):
    """TD of the caller's last twelve reportable months (art. 6)."""

    permission_classes = [IsStaffOrReadOnly]

    @extend_schema(responses=MonthReportSerializer(many=True))
    def get(self, request):
        reports = selectors.availability_overview(request.user, months=12)
        return Response(MonthReportSerializer(reports, many=True).data)


class AvailabilityMonthView(APIView):
    """The monthly availability report: PRT, counted TI, TD against 99 %, exclusions."""

    permission_classes = [IsStaffOrReadOnly]

    @extend_schema(responses={200: MonthReportSerializer, 404: ERRORS[404]})
    def get(self, request, year, month):
        if not 1 <= month <= 12:
            raise Http404
        report = selectors.availability_report(request.user, year, month, now=timezone.now())
        return Response(MonthReportSerializer(report).data)


_ID = {"public_id": "$response.body#/id"}
register_links(
    "v1_incidents_create",
    close=("v1_incidents_close_create", _ID, "Clore l'incident (date de fin)."),
)
register_links(
    "v1_maintenances_create",
    cancel=("v1_maintenances_cancel_create", _ID, "Annuler la maintenance."),
)
