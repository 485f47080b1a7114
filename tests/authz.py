"""Shared vocabulary of the authorization matrix (roles, expected-status rows).

Apps' ``tests/<app>/matrix.py`` import from here.
"""

ROLES = ["anonymous", "client_user", "client_admin", "outsider", "agent", "vendor_admin"]


def member_kwargs(cast):
    return {"public_id": cast["client_user"].public_id}


def organisation_kwargs(cast):
    return {"public_id": cast["client_admin"].organisation.public_id}


def statuses(anonymous, client_user, client_admin, outsider, agent, vendor_admin):
    return dict(
        zip(
            ROLES,
            [anonymous, client_user, client_admin, outsider, agent, vendor_admin],
            strict=True,
        )
    )


ANY_SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
MANAGERS = statuses(302, 403, 200, 200, 403, 403)
MEMBER_OBJECT = statuses(302, 403, 200, 404, 403, 403)
MEMBER_ACTION = statuses(302, 403, 302, 404, 403, 403)
ADMINS = statuses(302, 403, 200, 200, 403, 403)
VENDOR = statuses(302, 403, 403, 403, 403, 200)
CLIENTS = statuses(302, 200, 200, 200, 403, 403)
API_ANY = statuses(403, 200, 200, 200, 200, 200)
API_MANAGERS = statuses(403, 403, 200, 200, 403, 403)
API_MEMBER = statuses(403, 403, 200, 404, 403, 403)
