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

from django.dispatch import Signal

event_completed = Signal()
