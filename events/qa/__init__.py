"""Live Q&A: rooms of questions and polls for an event's sessions, moderated
by trainers and shown on a projector. Its models keep the ``events`` app
label (their tables and migrations stay in ``events``)."""
