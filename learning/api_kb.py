"""API v1 on the knowledge base (art. 12.4): clients search and read; vendor staff write.

Same selectors (clients never see a draft or an internal article: 404) and the
same services as the pages. Validation errors → 400 with field errors; an
illegal state change → 409.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from learning import selectors_kb, services_kb
from learning.forms_kb import KbSearchForm
from learning.models import Article
from subscriptions.models import Product


class ArticleSerializer(serializers.ModelSerializer):
    products = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    snippet = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "slug", "title", "kind", "question", "products", "versions", "tags",
            "published_at", "snippet", "rank",
        ]  # fmt: skip

    def get_snippet(self, article) -> str:
        return str(getattr(article, "search_snippet", ""))

    def get_rank(self, article) -> float | None:
        return getattr(article, "search_rank", None)


class ArticleDetailSerializer(serializers.ModelSerializer):
    products = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    related = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "slug", "title", "kind", "question", "answer", "answer_html", "products", "versions",
            "tags", "related", "state", "is_internal", "published_at", "updated_at",
        ]  # fmt: skip


class ArticleWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    question = serializers.CharField()
    answer = serializers.CharField()
    kind = serializers.ChoiceField(choices=Article.Kind.choices, default=Article.Kind.FAQ)
    products = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Product.objects.all(), required=False
    )
    versions = serializers.CharField(max_length=200, required=False, allow_blank=True)
    tags = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_internal = serializers.BooleanField(required=False, default=False)
    change_note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PublishSerializer(serializers.Serializer):
    change_note = serializers.CharField(max_length=300, required=False, allow_blank=True)


ERRORS = {
    404: OpenApiResponse(description="Article inconnu, interne ou non publié (clients)."),
}


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Articles de la base de connaissances (art. 12.4)."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return ArticleWriteSerializer
        return ArticleDetailSerializer if self.action != "list" else ArticleSerializer

    def get_queryset(self):
        form = KbSearchForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        self.query = (data.get("q") or "").strip()
        return selectors_kb.search_articles(
            self.request.user,
            query=self.query,
            product=data.get("product"),
            kind=data.get("kind") or "",
        ).prefetch_related("products")

    def get_object(self):
        return selectors_kb.get_article(self.request.user, self.kwargs["slug"])

    def _staff_only(self):
        if not self.request.user.is_vendor_staff:
            raise PermissionDenied(_("Réservé à l'éditeur."))

    @extend_schema(
        summary="Rechercher les articles",
        parameters=[
            OpenApiParameter("q", str, description="Recherche en texte intégral (français)."),
            OpenApiParameter("product", str, description="Code du produit."),
            OpenApiParameter("kind", str, enum=Article.Kind.values),
        ],
    )
    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        if self.query:
            selectors_kb.with_snippets(self.query, page)
        return self.get_paginated_response(ArticleSerializer(page, many=True).data)

    @extend_schema(summary="Lire un article", responses={200: ArticleDetailSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        services_kb.record_view(article=article, user=request.user)
        return Response(ArticleDetailSerializer(article).data)

    @extend_schema(
        summary="Créer un brouillon (éditeur)",
        request=ArticleWriteSerializer,
        responses={201: ArticleDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        self._staff_only()
        serializer = ArticleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("change_note", None)
        article = services_kb.create_article(author=request.user, **data)
        return Response(ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier un article (éditeur)",
        request=ArticleWriteSerializer,
        responses={200: ArticleDetailSerializer, **ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        self._staff_only()
        article = self.get_object()
        serializer = ArticleWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        article = services_kb.update_article(
            article=article, editor=request.user, **serializer.validated_data
        )
        return Response(ArticleDetailSerializer(article).data)

    @extend_schema(
        summary="Publier un article (éditeur)",
        request=PublishSerializer,
        responses={200: ArticleDetailSerializer, 409: OpenApiResponse(description="Déjà publié.")},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        self._staff_only()
        article = self.get_object()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = services_kb.publish_article(
            article=article, editor=request.user, **serializer.validated_data
        )
        return Response(ArticleDetailSerializer(article).data)

    @extend_schema(
        summary="Archiver un article (éditeur)",
        request=None,
        responses={200: ArticleDetailSerializer, 409: OpenApiResponse(description="Non publié.")},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        self._staff_only()
        article = services_kb.archive_article(article=self.get_object(), editor=request.user)
        return Response(ArticleDetailSerializer(article).data)
