"""Records of the programme of the Szkoła Kooperacji: PZK teams and their
members, places that events reserve for teams (``teams``), learning paths
with their components and participants (``paths``), and coaching /
supervision / advisory sessions (``support``).

Every change goes through ``services``; nothing here decides who may do what.
Every model module is imported here, so Django finds them all and callers
import from ``programme.models``.
"""

from .paths import LearningPath, PathComponent, PathEnrolment
from .support import SupportBooking, SupportNote, SupportSession
from .teams import Team, TeamEventPlaces, TeamMember, TeamRegistration

__all__ = [
    "LearningPath",
    "PathComponent",
    "PathEnrolment",
    "SupportBooking",
    "SupportNote",
    "SupportSession",
    "Team",
    "TeamEventPlaces",
    "TeamMember",
    "TeamRegistration",
]
