"""Signals the evaluation app sends (certificates listen; this app imports
none of the apps above it).

``competences_assessed`` is sent after the transaction that recorded an
assessment commits, with ``user_id`` (int), ``source_kind`` ("course" or
"event"), ``source_id`` (int) and ``gained`` (bool: every outcome achieved).

``post_test_taken`` is sent after the transaction that recorded a post-test
result (online or entered from paper) commits, with ``user_id`` (int),
``source_kind`` and ``source_id``: a certificate that waited for it may now
be issued.
"""

from django.dispatch import Signal

competences_assessed = Signal()
post_test_taken = Signal()
