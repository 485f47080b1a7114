"""This app's rows of the authorization matrix (see tests/test_authorization_matrix.py).

Accounts belong to client_admin's organisation: the outsider (an administrator
of another organisation) gets 404 on them, even holding a password link.
"""

from tests.authz import ADMINS, MEMBER_ACTION, MEMBER_OBJECT, statuses

STAFF = statuses(302, 403, 403, 403, 200, 200)


def _account(cast):
    from django.utils import timezone

    from portal.serviceaccounts.models import ServiceAccount

    account = ServiceAccount.objects.create(
        organisation=cast["client_admin"].organisation,
        kind=ServiceAccount.Kind.APPLICATION,
        login="matrice",
        holder="Logiciel de paie",
        status=ServiceAccount.Status.ACTIVE,
        created_at=timezone.now(),
    )
    return {"public_id": account.public_id}


def _instruction(cast):
    from django.utils import timezone

    from portal.serviceaccounts.models import Instruction, ServiceAccount

    account = ServiceAccount.objects.get(public_id=_account(cast)["public_id"])
    instruction = Instruction.objects.create(
        account=account,
        action=Instruction.Action.RESET_PASSWORD,
        requested_by=cast["client_admin"],
        requested_at=timezone.now(),
    )
    return {"public_id": instruction.public_id}


def _password(cast):
    from datetime import timedelta

    from django.utils import timezone

    from portal.core import crypto
    from portal.serviceaccounts.models import Instruction

    instruction = Instruction.objects.get(public_id=_instruction(cast)["public_id"])
    token = "jeton-de-la-matrice"
    instruction.status = Instruction.Status.DONE
    instruction.password_encrypted = crypto.encrypt("motdepasse-initial")
    instruction.password_token_hash = Instruction.hash_token(token)
    instruction.password_expires_at = timezone.now() + timedelta(hours=72)
    instruction.save()
    return {"token": token}


MATRIX = {
    "serviceaccounts:index": ("get", None, ADMINS),
    "serviceaccounts:account": ("get", _account, MEMBER_OBJECT),
    "serviceaccounts:instruct": ("post", _account, MEMBER_ACTION),
    "serviceaccounts:password": ("get", _password, MEMBER_OBJECT),
    "serviceaccounts:queue": ("get", None, STAFF),
    "serviceaccounts:carry_out": ("get", _instruction, STAFF),
}
