from django.conf import settings

from portal.core.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": entries_for(user, request.path)}


def support_contact(request):
    """The support phone number, shown beside the support hours (art. 12.6)."""
    return {"support_phone": settings.SUPPORT_PHONE}
