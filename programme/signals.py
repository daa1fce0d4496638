"""Signals the programme app sends. Other apps listen; programme imports none
of them.

``path_completed`` is sent once per person and learning path, after the
transaction that recorded the completion commits, with plain keyword
arguments, the same shape as ``course_completed`` / ``event_completed``:

- ``user_id`` (int): who completed the path;
- ``source`` (dict, plain JSON)::

      {"kind": "path", "id": <LearningPath id>, "title": str,
       "hours": "38.0" (str, total of the counted components),
       "date_from": "2021-01-11", "date_to": "2021-03-02",
       "place": "Białystok" (the organiser's seat), "organiser": "20" (TERYT code or "MR"),
       "programme": [{"topic": "Kurs online: … (11.01.2021 – 03.02.2021)",
                      "hours": "8.0"}, ...],
       "language": "pl", "completion_id": <PathEnrolment id>}
"""

from django.dispatch import Signal

path_completed = Signal()

# Asked by the team page with ``user_ids`` (list of int): a receiver returns
# {user_id: [{"number": str, "title": str, "revoked_at": datetime | None},
# ...]}, the members' current certificates, newest first (the certificates
# app answers; this app never imports it).
members_certificates = Signal()


def members_certificates_for(*, user_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for _receiver, answer in members_certificates.send(sender=None, user_ids=user_ids):
        for user_id, rows in (answer or {}).items():
            found.setdefault(user_id, []).extend(rows)
    return found
