"""Reads on accounts, always scoped to the caller's organisation."""

from django.db.models import Count, Q
from django.http import Http404

from portal.accounts.models import Role, User


def members_of(organisation, *, query: str = "", role: str = "", status: str = ""):
    members = User.objects.filter(organisation=organisation, pseudonymised_at__isnull=True)
    if query:
        members = members.filter(
            Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    if role:
        members = members.filter(role=role)
    if status == User.Status.ACTIVE:
        members = members.filter(is_active=True)
    elif status == User.Status.INVITED:
        members = members.filter(is_active=False, activated_at__isnull=True)
    elif status == User.Status.DEACTIVATED:
        members = members.filter(is_active=False, activated_at__isnull=False)
    return members.order_by("last_name", "first_name", "email")


def member_counts(organisation) -> dict[str, int]:
    """Active members, pending invitations and active administrators, in one query."""
    return User.objects.filter(organisation=organisation, pseudonymised_at__isnull=True).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        invited=Count("pk", filter=Q(is_active=False, activated_at__isnull=True)),
        admins=Count("pk", filter=Q(role=Role.CLIENT_ADMIN, is_active=True)),
    )


def get_member(actor: User, public_id) -> User:
    """A member of the actor's organisation, or 404 — never another organisation's."""
    if actor.organisation_id is None:
        raise Http404
    member = User.objects.filter(
        organisation_id=actor.organisation_id, public_id=public_id, pseudonymised_at__isnull=True
    ).first()
    if member is None:
        raise Http404
    return member


def staff():
    return User.objects.filter(role__in=[Role.AGENT, Role.VENDOR_ADMIN])
