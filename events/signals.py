"""Signals the events app sends. Other apps listen; events imports none of them.

``event_completed`` is sent once per registration, after the transaction that
recorded the completion commits, with plain keyword arguments:

- ``user_id`` (int): who completed the event;
- ``source`` (dict, plain JSON)::

      {"kind": "event", "id": <EventPage id>, "title": str,
       "hours": "14.0" (str), "date_from": "2021-02-15", "date_to": "2021-02-16",
       "place": "Rzeszów", "organiser": "18" (TERYT code or "MR"),
       "programme": [{"topic": str, "hours": "2.0"}, ...],
       "form": "szkolenie dwudniowe" (the kind, as printed on certificates),
       "language": "pl", "completion_id": <Registration id>}
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

event_completed = Signal()

# Asked for the links a printed attendance list (as QR codes) and the
# reminder email carry for participants, e.g. the knowledge tests an
# evaluation plan sets, with ``event_id``; each receiver returns a list of
# {"label": str, "url": str (absolute)}.
participant_links = Signal()


def participant_links_for(*, event_id: int) -> list[dict]:
    """Every link the listeners give for this event, in their order; a
    listener that fails is left out, never the document or the email."""
    links: list[dict] = []
    for receiver, answer in participant_links.send_robust(
        sender=None, event_id=event_id
    ):
        if isinstance(answer, Exception):
            logger.error(
                "Links of event %s from %r failed: %r", event_id, receiver, answer
            )
        elif isinstance(answer, list):
            links += [
                {"label": str(link["label"]), "url": str(link["url"])}
                for link in answer
                if isinstance(link, dict) and link.get("url")
            ]
    return links


# Asked, with ``event_id``, how many of the event's places are held back
# from whoever registers next (e.g. places reserved for a team and not yet
# taken); each receiver returns an int. Counted with the places held, so
# registrations, the waiting list and the event page all leave them free.
places_held_back = Signal()


def places_held_back_for(*, event_id: int) -> int:
    """The places the listeners hold back for this event (never negative).
    A failing listener raises: better a refused registration than a place
    sold twice."""
    return sum(
        max(int(answer or 0), 0)
        for _receiver, answer in places_held_back.send(sender=None, event_id=event_id)
    )
