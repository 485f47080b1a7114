"""Hooks on the contract lines (see subscriptions/signals.py): the pack's lifecycle."""

from django.dispatch import receiver

from dataouverture.services import lifecycle
from subscriptions.signals import contract_line_ended, contract_line_started


@receiver(contract_line_started, dispatch_uid="dataouverture.pack_started")
def _line_started(sender, *, line, actor=None, now=None, **kwargs):
    if lifecycle.is_pack_line(line):
        lifecycle.pack_line_started(line=line, actor=actor, now=now)


@receiver(contract_line_ended, dispatch_uid="dataouverture.pack_ended")
def _line_ended(sender, *, line, actor=None, now=None, **kwargs):
    if lifecycle.is_pack_line(line):
        lifecycle.pack_line_ended(line=line, actor=actor, now=now)
