"""Who the demo site's people are: shared by seed_demo and every app's demo.py.

For local use only: the password and the TOTP secret are printed in README.
"""

import csv
from pathlib import Path

DEMO_DOMAIN = "demo.szkolakooperacji.pl"
DEMO_PASSWORD = "Kooperacja2021!"
# Base32 TOTP secret enrolled for every demo staff account, so a local
# authenticator app (or `oathtool --totp -b <secret>`) gives working codes.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
LEADER_COORDINATOR_EMAIL = f"koordynator.lider@{DEMO_DOMAIN}"
# TERYT code -> email of that voivodeship's coordinator.
COORDINATOR_EMAILS = {
    "18": f"koordynator.podkarpackie@{DEMO_DOMAIN}",
    "06": f"koordynator.lubelskie@{DEMO_DOMAIN}",
    "14": f"koordynator.mazowieckie@{DEMO_DOMAIN}",
    "20": f"koordynator.podlaskie@{DEMO_DOMAIN}",
    "26": f"koordynator.swietokrzyskie@{DEMO_DOMAIN}",
}
TRAINER_EMAILS = [f"trener1@{DEMO_DOMAIN}", f"trener2@{DEMO_DOMAIN}"]
PARTICIPANT_EMAILS = [f"uczestnik{n:02d}@{DEMO_DOMAIN}" for n in range(1, 41)]
# The demo participant named in README for a first look around.
DEMO_PARTICIPANT_EMAIL = PARTICIPANT_EMAILS[0]

# Order in which seed_demo calls each app's ``demo.seed(home=..., stdout=...)``
# after people and base pages exist. Apps whose demo module is missing are skipped.
DEMO_APPS = [
    "courses",
    "events",
    "evaluation",
    "programme",
    "certificates",
    "monitoring",
]


# --- Names and institutions ------------------------------------------------
# seed_demo reads these; other apps' demo modules may too (e.g. to pick a
# trainer's display name). Keys are the emails above.

ADMIN_NAME = ("Administrator", "Serwisu")
LEADER_COORDINATOR = {
    "name": ("Dariusz", "Rogalski"),
    "institution": "Regionalny Ośrodek Polityki Społecznej w Rzeszowie",
    "position": "koordynator projektu (zespół lidera)",
    "voivodeship": "18",
}
# TERYT code -> the coordinator's name, institution and position.
# fmt: off
_COORDINATOR_ROWS = [
    ("18", "Irena", "Domańska", "Regionalny Ośrodek Polityki Społecznej w Rzeszowie"),
    ("06", "Jacek", "Nowicki", "Regionalny Ośrodek Polityki Społecznej w Lublinie"),
    ("14", "Paulina", "Wilk", "Mazowieckie Centrum Polityki Społecznej w Warszawie"),
    ("20", "Adam", "Sokołowski", "Regionalny Ośrodek Polityki Społecznej w Białymstoku"),
    ("26", "Ewelina", "Kołodziej", "Regionalny Ośrodek Polityki Społecznej w Kielcach"),
]
# fmt: on
COORDINATORS = {
    code: {
        "name": (first, last),
        "institution": institution,
        "position": "koordynator regionalny",
    }
    for code, first, last, institution in _COORDINATOR_ROWS
}
TRAINERS = [
    {
        "email": TRAINER_EMAILS[0],
        "name": ("Marta", "Bielecka"),
        "institution": "Regionalny Ośrodek Polityki Społecznej w Rzeszowie",
        "position": "trenerka kooperacji",
        "voivodeship": "18",
    },
    {
        "email": TRAINER_EMAILS[1],
        "name": ("Robert", "Kwiatkowski"),
        "institution": "Regionalny Ośrodek Polityki Społecznej w Lublinie",
        "position": "trener kooperacji",
        "voivodeship": "06",
    },
]


# Forty participants from rural gminy of the macroregion, one per email in
# PARTICIPANT_EMAILS and in the same order, kept as data in demo_participants.csv.
# Fields: first name, last name, gmina, powiat, voivodeship TERYT, sector,
# institution, position, PZK team ("" for none).
def _participants() -> list[tuple[str, ...]]:
    path = Path(__file__).with_name("demo_participants.csv")
    with path.open(encoding="utf-8", newline="") as rows:
        return [tuple(row.values()) for row in csv.DictReader(rows)]


PARTICIPANTS = _participants()
