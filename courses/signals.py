"""Signals the courses app sends. Other apps listen; courses imports none of them.

``course_completed`` is sent once per enrolment, after the transaction that
recorded the completion commits, with plain keyword arguments:

- ``user_id`` (int): who completed the course;
- ``source`` (dict, plain JSON): what a certificate needs, so listeners never
  import courses' models::

      {"kind": "course", "id": <CoursePage id>, "title": str,
       "hours": "8.0" (str), "date_from": "2021-01-11", "date_to": "2021-02-03",
       "place": "online", "organiser": "18" (TERYT code or "MR"),
       "programme": [{"topic": str, "hours": "2.0"}, ...],
       "form": "kurs e-learningowy", "outcomes": [str, ...],
       "language": "pl", "completion_id": <Enrolment id>}
"""

from django.dispatch import Signal

course_completed = Signal()

# Asked before a completion is recorded, with ``user_id`` and ``course_id``:
# a receiver that returns False holds the completion back (e.g. a post-test
# the evaluation plan requires). The receiver's app re-checks through
# services.enrolment_completion_recheck when its condition is met.
completion_vetoes = Signal()
