"""Signals of the certificates app."""

from django.dispatch import Signal

# Sent inside the issuing transaction with ``certificate``; the receiver in
# receivers.py enqueues the holder's email after commit.
certificate_issued = Signal()
