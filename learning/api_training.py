"""API v1 of the learning catalogue and webassistances (art. 12.8, 13).

Same selectors (the access rule filters in SQL; an item or session a client
may not use is a 404) and same services as the pages.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from learning import catalogue_search, services_training, services_webassistance
from learning import selectors_training as selectors
from learning.models import Progress, QuizAttempt, TrainingItem, Webassistance, WebassistanceSeat
from portal.core.api import UUID_LOOKUP


class ItemSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    is_allowed = serializers.BooleanField(read_only=True)
    unlocking_formula = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    products = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = TrainingItem
        fields = [
            "id",
            "url",
            "kind",
            "track",
            "level",
            "title",
            "summary",
            "products",
            "is_allowed",
            "unlocking_formula",
        ]
        read_only_fields = fields

    def get_url(self, item) -> str:
        return reverse("api:learning-item-detail", kwargs={"public_id": item.public_id})

    def get_unlocking_formula(self, item) -> str | None:
        """The formula that would unlock a locked item (a reason to upgrade)."""
        if getattr(item, "is_allowed", True):
            return None
        from learning import access

        return access.MINIMUM_FORMULA[(item.track, item.level)]


class ProgressSerializer(serializers.ModelSerializer):
    """A person's progress on an item; not started yet: ``started_at`` is null."""

    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Progress
        fields = [
            "started_at",
            "updated_at",
            "chapters_done",
            "last_position",
            "completed_at",
            "best_score",
        ]
        read_only_fields = fields


class ChapterDoneSerializer(serializers.Serializer):
    chapter = serializers.IntegerField(min_value=1, help_text="Position du chapitre terminé.")


class QuizAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="Identifiant de question → identifiants des réponses cochées.",
    )


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuizAttempt
        fields = ["score", "passed", "created_at"]
        read_only_fields = fields


class ItemQuerySerializer(serializers.Serializer):
    """The list's filter, validated as the knowledge base's ``q``: too long or with a NUL
    character, a 400 with the field's error (no longer cut silently)."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Recherche en texte intégral (français).",
    )


@extend_schema_view(list=extend_schema(parameters=[ItemQuerySerializer]))
class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Catalogue items: allowed ones, and locked ones with the formula that unlocks them."""

    serializer_class = ItemSerializer
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return TrainingItem.objects.none()
        items = selectors.catalogue(self.request.user).prefetch_related("products")
        params = ItemQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data.get("q", "").strip()
        if query:
            return catalogue_search.search(items, query)
        return items.order_by("track", "title", "pk")

    def get_object(self):
        item = selectors.get_item(self.request.user, self.kwargs["public_id"])
        item.is_allowed = True
        return item

    @extend_schema(request=ChapterDoneSerializer, responses={200: ProgressSerializer})
    @action(detail=True, methods=["get", "post"])
    def progress(self, request, public_id=None):
        item = self.get_object()
        if request.method == "POST":
            data = ChapterDoneSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            progress = services_training.complete_chapter(
                user=request.user, item=item, position=data.validated_data["chapter"]
            )
        else:
            progress = selectors.progress_of(request.user, item)
            if progress is None:  # not started: the same fields, nothing done yet
                progress = Progress(user=request.user, item=item)
        return Response(ProgressSerializer(progress).data)

    @extend_schema(
        request=QuizAnswersSerializer,
        responses={201: AttemptSerializer, 400: OpenApiResponse(description="Réponses invalides")},
    )
    @action(detail=True, methods=["post"])
    def quiz(self, request, public_id=None):
        item = self.get_object()
        data = QuizAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = {}
        for key, choices in data.validated_data["answers"].items():
            if not str(key).isdigit():
                raise serializers.ValidationError(
                    {"answers": ["Identifiant de question invalide."]}
                )
            answers[int(key)] = choices
        attempt = services_training.submit_quiz(user=request.user, item=item, answers=answers)
        return Response(AttemptSerializer(attempt).data, status=201)


class WebassistanceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    product = serializers.CharField(source="product.name", read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Webassistance
        fields = [
            "id",
            "topic",
            "product",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "trainer",
            "capacity",
            "meeting_url",
            "cancelled_at",
        ]
        read_only_fields = fields


class SeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebassistanceSeat
        fields = ["status", "requested_at"]
        read_only_fields = fields


class WebassistanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Upcoming webassistances (Open and Private clients holding the product)."""

    serializer_class = WebassistanceSerializer
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Webassistance.objects.none()
        return selectors.webassistances(self.request.user)

    def get_object(self):
        return selectors.get_webassistance(self.request.user, self.kwargs["public_id"])

    @extend_schema(request=None, responses={200: SeatSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, public_id=None):
        seat = services_webassistance.register(user=request.user, session=self.get_object())
        return Response(SeatSerializer(seat).data)

    @extend_schema(request=None, responses={200: SeatSerializer})
    @action(detail=True, methods=["post"])
    def unregister(self, request, public_id=None):
        seat = services_webassistance.unregister(user=request.user, session=self.get_object())
        return Response(SeatSerializer(seat).data)
