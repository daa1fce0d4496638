"""The programme demo: its data (``data``) and the seeding that writes it
(``seed``, called by ``seed_demo``)."""

from .data import ANIMATOR_EMAIL, COACH_EMAIL, KORYCIN_MEMBERS, TEAMS
from .seed import seed

__all__ = ["ANIMATOR_EMAIL", "COACH_EMAIL", "KORYCIN_MEMBERS", "TEAMS", "seed"]
