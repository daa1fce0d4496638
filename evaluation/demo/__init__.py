"""The evaluation demo: its data (``data``) and the seeding that writes it
(``seed``, called by ``seed_demo``)."""

from .data import ASSESSOR_EMAIL, EVENT_OUTCOMES, OPEN_ANSWERS
from .seed import seed

__all__ = ["ASSESSOR_EMAIL", "EVENT_OUTCOMES", "OPEN_ANSWERS", "seed"]
