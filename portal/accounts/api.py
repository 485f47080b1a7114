"""API v1 on accounts: the caller, and the organisation's users for those who
manage them. Same services as the browser."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from portal.accounts import selectors, services
from portal.accounts.models import CLIENT_ROLES, Role, User
from portal.accounts.rights import Right
from portal.core.api import UUID_LOOKUP
from portal.core.fields import SingleLineSerializerField


class UserSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    status = serializers.CharField(read_only=True)
    organisation = serializers.UUIDField(
        source="organisation.public_id", read_only=True, allow_null=True
    )
    rights = serializers.ListField(
        source="effective_rights", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "role",
            "status",
            "organisation",
            "rights",
        ]
        read_only_fields = fields


def user_items(members, organisation) -> list[dict]:
    """What ``UserSerializer(many=True)`` gives for users of ``organisation``, without
    the serializer's per-request field building and per-field work (issue 11);
    tests/accounts/test_api_list.py checks that both give the same JSON."""
    organisation_id = str(organisation.public_id) if organisation is not None else None
    return [
        {
            "id": str(member.public_id),
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "role": member.role,
            "status": str(member.status),
            "organisation": organisation_id,
            "rights": member.effective_rights(),
        }
        for member in members
    ]


class InviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = SingleLineSerializerField(max_length=100, required=False, default="")
    last_name = SingleLineSerializerField(max_length=100, required=False, default="")
    role = serializers.ChoiceField(
        choices=[r.value for r in CLIENT_ROLES], default=Role.CLIENT_USER
    )
    rights = serializers.ListField(
        child=serializers.ChoiceField(choices=Right.values), required=False
    )


class CanManageUsers(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.has_right(Right.MANAGE_USERS)


class MeView(RetrieveAPIView):
    serializer_class = UserSerializer

    def get_object(self):
        return self.request.user

    def get(self, request, *args, **kwargs):
        return Response(user_items([request.user], request.user.organisation)[0])


ERRORS = {
    400: OpenApiResponse(description="Données invalides (erreurs par champ)."),
    404: OpenApiResponse(description="Utilisateur inconnu dans votre organisation."),
    409: OpenApiResponse(description="Changement d'état impossible."),
}


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UserSerializer
    permission_classes = [CanManageUsers]
    lookup_field = "public_id"
    lookup_value_regex = UUID_LOOKUP

    def get_queryset(self):
        return selectors.members_of(self.request.user.organisation).select_related("organisation")

    def get_object(self):
        return selectors.get_member(self.request.user, self.kwargs["public_id"])

    def list(self, request, *args, **kwargs):
        # Every member is of the caller's organisation, already loaded with the caller:
        # the page reads the listed columns only, without joining it again.
        organisation = request.user.organisation
        page = self.paginate_queryset(selectors.ListedMembers(organisation.pk))
        return self.get_paginated_response(user_items(page, organisation))

    @extend_schema(request=InviteSerializer, responses={201: UserSerializer, **ERRORS})
    def create(self, request):
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.invite_user(
            actor=request.user, organisation=request.user.organisation, **serializer.validated_data
        )
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: UserSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, public_id=None):
        user = services.deactivate_user(actor=request.user, user=self.get_object())
        return Response(UserSerializer(user).data)

    @extend_schema(request=None, responses={200: UserSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reactivate(self, request, public_id=None):
        user = services.reactivate_user(actor=request.user, user=self.get_object())
        return Response(UserSerializer(user).data)
