"""Hooks of the training part: join stored .ics files to outbox e-mails."""

from learning.models import CalendarInvite


def attach_calendar_invite(sender, *, email, message, **kwargs) -> None:
    invite = CalendarInvite.objects.filter(email_id=email.pk).first()
    if invite is not None:
        message.attach(invite.filename, invite.content, "text/calendar; method=REQUEST")
