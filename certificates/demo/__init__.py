"""The certificates demo: its data (``data``) and the seeding that writes it
(``seed``, called by ``seed_demo``)."""

from .data import FALLBACK_SOURCES, ISSUING_BODIES, SIGNATORIES
from .seed import prepare, seed

__all__ = ["FALLBACK_SOURCES", "ISSUING_BODIES", "SIGNATORIES", "prepare", "seed"]
