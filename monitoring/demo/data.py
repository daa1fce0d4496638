"""The monitoring demo's data: which demo participants have no PESEL or
refuse the special-situation questions, and the urban gminy."""

from ..rules import SituationAfter

DEMO_SITUATIONS = (SituationAfter.EMPLOYED, SituationAfter.QUALIFICATION)

NO_PESEL_INDEX = 2  # the third person with support has no PESEL
REFUSAL_INDEX = 4  # the fifth refuses the special-situation questions
URBAN_GMINY = {"Rzeszów", "Lublin", "Białystok", "Kielce", "Warszawa"}
