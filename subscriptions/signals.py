"""Decoupled hooks for other apps: a contract line starts or ends.

Sent inside the service's transaction, so a receiver's writes commit or roll
back with the change of the contract (the Data Ouverture pack is withdrawn at
once when its line ends, art. 17). Receivers get ``line``, ``actor``, ``now``.
"""

from django.dispatch import Signal

contract_line_started = Signal()
contract_line_ended = Signal()
