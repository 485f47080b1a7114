"""``.ics`` files (RFC 5545) for webassistances and téléassistance slots.

Built with icalendar, a maintained library. A changed or cancelled session
keeps its UID and raises its SEQUENCE, so calendar programs update the event
they already hold instead of adding a second one.
"""

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress

PRODID = "-//Portail client//Formation//FR"


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(*, uid: str, start, end, summary: str, description: str, sequence: int, now, url=""):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", sequence)
    if url:
        event.add("url", url)
        event.add("location", url)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].strip('> ')}")
    event.add("organizer", organizer)
    return event


def webassistance_ics(session, *, now, cancelled: bool = False) -> str:
    """The invitation (REQUEST) or its cancellation (CANCEL) of a webassistance."""
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    event = _event(
        uid=f"webassistance-{session.public_id}@portail",
        start=session.starts_at,
        end=session.ends_at,
        summary=f"Webassistance — {session.topic}",
        description=f"{session.product.name} · {session.trainer}\n{session.meeting_url}",
        sequence=session.sequence,
        now=now,
        url=session.meeting_url,
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()


def teleassistance_ics(slot, *, now) -> str:
    demande = slot.demande
    calendar = _calendar("REQUEST")
    event = _event(
        uid=f"teleassistance-{slot.public_id}@portail",
        start=slot.starts_at,
        end=slot.ends_at,
        summary=f"Téléassistance — {demande.reference}",
        description=f"{demande.reference} — {demande.subject}",
        sequence=0,
        now=now,
    )
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
