"""The one way views check who may do what.

Anonymous → login page; signed in without the role or right → 403;
an object of another organisation → 404 (raised by the selectors).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def _guard(test):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def right_required(right: str):
    return _guard(lambda user: user.has_right(right))


client_required = _guard(lambda user: user.is_client)
client_admin_required = _guard(lambda user: user.is_client_admin)
vendor_admin_required = _guard(lambda user: user.is_vendor_admin)
staff_required = _guard(lambda user: user.is_vendor_staff)
