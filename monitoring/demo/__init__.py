"""The monitoring demo: its data (``data``) and the seeding that writes it
(``seed``, called by ``seed_demo``)."""

from .data import DEMO_SITUATIONS, NO_PESEL_INDEX, REFUSAL_INDEX, URBAN_GMINY
from .seed import seed

__all__ = ["DEMO_SITUATIONS", "NO_PESEL_INDEX", "REFUSAL_INDEX", "URBAN_GMINY", "seed"]
