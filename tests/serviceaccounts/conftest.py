import pytest

from portal.serviceaccounts import services
from portal.serviceaccounts.models import ServiceAccount


@pytest.fixture
def created(client_admin, agent):
    """An active application account, created on the client administrator's instruction."""
    instruction = services.request_account(
        actor=client_admin,
        kind=ServiceAccount.Kind.APPLICATION,
        login="paie-robot",
        holder="Logiciel de paie",
    )
    instruction, token = services.carry_out(
        actor=agent, instruction=instruction, password="Initial-secret-42"
    )
    instruction.account.refresh_from_db()
    return instruction, token
