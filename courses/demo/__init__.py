"""The courses demo: its data (``data``) and the seeding that writes it
(``seed``, called by ``seed_demo``)."""

from .data import COURSES
from .seed import seed

__all__ = ["COURSES", "seed"]
