"""Demo data for events, called by ``seed_demo``: the content in ``data``, the
seeding in ``seed`` (idempotent), a coordinator's messages in ``messages``."""

from .data import LIVE_QUESTIONS
from .seed import seed

__all__ = ["LIVE_QUESTIONS", "seed"]
