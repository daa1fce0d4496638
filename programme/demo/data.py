"""The programme demo's data: the PZK teams, the Korycin team's members and
the demo accounts of the animator and the coach."""

from szkola.home import demo_people as people

ANIMATOR_EMAIL = f"animator.korycin@{people.DEMO_DOMAIN}"
COACH_EMAIL = f"coach.podlaskie@{people.DEMO_DOMAIN}"

# name, gmina, gmina TERYT, powiat, powiat TERYT, voivodeship
TEAMS = [
    ("PZK Gminy Kolno", "Kolno", "2006032", "kolneński", "2006", "20"),
    ("PZK Gminy Narewka", "Narewka", "2005072", "hajnowski", "2005", "20"),
    ("PZK Gminy Korycin", "Korycin", "2011042", "sokólski", "2011", "20"),
    ("PZK Gminy Szudziałowo", "Szudziałowo", "2011102", "sokólski", "2011", "20"),
    (
        "PZK Gminy Kobylin-Borzymy",
        "Kobylin-Borzymy",
        "2013042",
        "wysokomazowiecki",
        "2013",
        "20",
    ),
    (
        "PZK Gminy Wysokie Mazowieckie",
        "Wysokie Mazowieckie",
        "2013102",
        "wysokomazowiecki",
        "2013",
        "20",
    ),
    ("PZK Gminy Nowinka", "Nowinka", "2001052", "augustowski", "2001", "20"),
    ("PZK Gminy Piątnica", "Piątnica", "2007082", "łomżyński", "2007", "20"),
    # The other voivodeships: the teams demo participants name in profiles.
    ("PZK Gminy Czarna", "Czarna", "1801032", "bieszczadzki", "1801", "18"),
    ("PZK Gminy Dydnia", "Dydnia", "1802032", "brzozowski", "1802", "18"),
    ("PZK Gminy Gać", "Gać", "1815032", "przeworski", "1815", "18"),
    ("PZK Gminy Wojsławice", "Wojsławice", "0603102", "chełmski", "0603", "06"),
    ("PZK Gminy Wąwolnica", "Wąwolnica", "0614112", "puławski", "0614", "06"),
    ("PZK Gminy Jednorożec", "Jednorożec", "1422022", "przasnyski", "1422", "14"),
    ("PZK Gminy Przesmyki", "Przesmyki", "1426072", "siedlecki", "1426", "14"),
    ("PZK Gminy Gródek", "Gródek", "2002042", "białostocki", "2002", "20"),
    ("PZK Gminy Jaświły", "Jaświły", "2008032", "moniecki", "2008", "20"),
    ("PZK Gminy Pawłów", "Pawłów", "2611042", "starachowicki", "2611", "26"),
    ("PZK Gminy Słupia Konecka", "Słupia Konecka", "2605072", "konecki", "2605", "26"),
]

# Korycin's people: email local part, first, last, institution, sector, role.
KORYCIN_MEMBERS = [
    (
        "gops.korycin",
        "Agnieszka",
        "Wasilewska",
        "Gminny Ośrodek Pomocy Społecznej w Korycinie",
        "ops",
        "przewodnicząca zespołu",
    ),
    (
        "szkola.korycin",
        "Piotr",
        "Jankowski",
        "Szkoła Podstawowa w Korycinie",
        "school",
        "pedagog szkolny",
    ),
    (
        "policja.sokolka",
        "Marcin",
        "Olszewski",
        "Komenda Powiatowa Policji w Sokółce",
        "police",
        "dzielnicowy",
    ),
    (
        "pcpr.sokolka",
        "Joanna",
        "Dąbrowska",
        "Powiatowe Centrum Pomocy Rodzinie w Sokółce",
        "pcpr",
        "animatorka powiatowa",
    ),
]
