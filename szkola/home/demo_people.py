"""Who the demo site's people are: shared by seed_demo and every app's demo.py.

For local use only: the password and the TOTP secret are printed in README.
"""

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
COORDINATORS = {
    "18": {
        "name": ("Irena", "Domańska"),
        "institution": "Regionalny Ośrodek Polityki Społecznej w Rzeszowie",
        "position": "koordynator regionalny",
    },
    "06": {
        "name": ("Jacek", "Nowicki"),
        "institution": "Regionalny Ośrodek Polityki Społecznej w Lublinie",
        "position": "koordynator regionalny",
    },
    "14": {
        "name": ("Paulina", "Wilk"),
        "institution": "Mazowieckie Centrum Polityki Społecznej w Warszawie",
        "position": "koordynator regionalny",
    },
    "20": {
        "name": ("Adam", "Sokołowski"),
        "institution": "Regionalny Ośrodek Polityki Społecznej w Białymstoku",
        "position": "koordynator regionalny",
    },
    "26": {
        "name": ("Ewelina", "Kołodziej"),
        "institution": "Regionalny Ośrodek Polityki Społecznej w Kielcach",
        "position": "koordynator regionalny",
    },
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
# PARTICIPANT_EMAILS and in the same order. Fields: first name, last name,
# gmina, powiat, voivodeship TERYT, sector, institution, position, PZK team.
# fmt: off
PARTICIPANTS = [
    # podkarpackie
    ("Anna", "Kowalczyk", "Czarna", "bieszczadzki", "18", "ops",
     "Gminny Ośrodek Pomocy Społecznej w Czarnej", "pracownik socjalny",
     "PZK Gminy Czarna"),
    ("Katarzyna", "Wójcik", "Baligród", "leski", "18", "pcpr",
     "Powiatowe Centrum Pomocy Rodzinie w Lesku",
     "koordynator rodzinnej pieczy zastępczej", ""),
    ("Tomasz", "Nowak", "Dydnia", "brzozowski", "18", "police",
     "Komenda Powiatowa Policji w Brzozowie", "dzielnicowy", "PZK Gminy Dydnia"),
    ("Małgorzata", "Zielińska", "Haczów", "brzozowski", "18", "court",
     "Sąd Rejonowy w Brzozowie – zespół kuratorskiej służby sądowej",
     "kurator zawodowy", ""),
    ("Ewa", "Mazur", "Gać", "przeworski", "18", "school",
     "Szkoła Podstawowa w Gaci", "pedagog szkolny", "PZK Gminy Gać"),
    ("Joanna", "Krawczyk", "Wiązownica", "jarosławski", "18", "culture",
     "Gminny Ośrodek Kultury w Wiązownicy", "instruktor ds. animacji kultury", ""),
    ("Barbara", "Kaczmarek", "Chmielnik", "rzeszowski", "18", "health",
     "Samodzielny Publiczny Zakład Opieki Zdrowotnej w Chmielniku",
     "pielęgniarka środowiskowa", ""),
    ("Agnieszka", "Pawlak", "Krasne", "rzeszowski", "18", "labour",
     "Powiatowy Urząd Pracy w Rzeszowie", "doradca klienta instytucji rynku pracy",
     ""),
    # lubelskie
    ("Marek", "Lis", "Wojsławice", "chełmski", "06", "ngo",
     "Stowarzyszenie na rzecz Rozwoju Gminy Wojsławice", "prezes zarządu",
     "PZK Gminy Wojsławice"),
    ("Dorota", "Sikora", "Urszulin", "włodawski", "06", "government",
     "Urząd Gminy Urszulin", "sekretarz gminy", ""),
    ("Renata", "Baran", "Tarnawatka", "tomaszowski", "06", "other",
     "Spółdzielnia Socjalna „Razem” w Tarnawatce", "koordynator spółdzielni", ""),
    ("Beata", "Szewczyk", "Wąwolnica", "puławski", "06", "ops",
     "Gminny Ośrodek Pomocy Społecznej w Wąwolnicy", "kierownik ośrodka",
     "PZK Gminy Wąwolnica"),
    ("Monika", "Dudek", "Hanna", "włodawski", "06", "pcpr",
     "Powiatowe Centrum Pomocy Rodzinie we Włodawie", "psycholog", ""),
    ("Paweł", "Wróbel", "Sosnowica", "parczewski", "06", "police",
     "Komenda Powiatowa Policji w Parczewie", "dzielnicowy", ""),
    ("Aleksandra", "Jaworska", "Jabłonna", "lubelski", "06", "school",
     "Szkoła Podstawowa w Jabłonnie", "pedagog specjalny", ""),
    ("Krzysztof", "Malinowski", "Rachanie", "tomaszowski", "06", "court",
     "Sąd Rejonowy w Tomaszowie Lubelskim – zespół kuratorskiej służby sądowej",
     "kurator zawodowy", ""),
    # mazowieckie
    ("Elżbieta", "Górska", "Czerwin", "ostrołęcki", "14", "culture",
     "Gminna Biblioteka Publiczna w Czerwinie", "bibliotekarka", ""),
    ("Iwona", "Pietrzak", "Jednorożec", "przasnyski", "14", "health",
     "Samodzielny Publiczny Zakład Opieki Zdrowotnej w Jednorożcu",
     "pielęgniarka środowiskowa", "PZK Gminy Jednorożec"),
    ("Magdalena", "Sadowska", "Korytnica", "węgrowski", "14", "labour",
     "Powiatowy Urząd Pracy w Węgrowie", "doradca zawodowy", ""),
    ("Grzegorz", "Michalski", "Sterdyń", "sokołowski", "14", "ngo",
     "Stowarzyszenie „Aktywni dla Sterdynia”", "członek zarządu", ""),
    ("Halina", "Wieczorek", "Gozdowo", "sierpecki", "14", "government",
     "Urząd Gminy Gozdowo",
     "inspektor ds. profilaktyki i rozwiązywania problemów alkoholowych", ""),
    ("Justyna", "Jabłońska", "Przesmyki", "siedlecki", "14", "ops",
     "Gminny Ośrodek Pomocy Społecznej w Przesmykach", "asystent rodziny",
     "PZK Gminy Przesmyki"),
    ("Marta", "Kozłowska", "Baranów", "grodziski", "14", "pcpr",
     "Powiatowe Centrum Pomocy Rodzinie w Grodzisku Mazowieckim",
     "specjalista pracy socjalnej", ""),
    ("Sylwia", "Adamczyk", "Chlewiska", "szydłowiecki", "14", "police",
     "Komenda Powiatowa Policji w Szydłowcu", "dzielnicowa", ""),
    # podlaskie
    ("Jan", "Borkowski", "Gródek", "białostocki", "20", "court",
     "Sąd Rejonowy w Białymstoku – zespół kuratorskiej służby sądowej",
     "kierownik zespołu kuratorskiej służby sądowej", "PZK Gminy Gródek"),
    ("Natalia", "Sawicka", "Narewka", "hajnowski", "20", "school",
     "Szkoła Podstawowa w Narewce", "pedagog szkolny", ""),
    ("Urszula", "Kamińska", "Giby", "sejneński", "20", "culture",
     "Gminny Ośrodek Kultury w Gibach", "dyrektor", ""),
    ("Teresa", "Piotrowska", "Płaska", "augustowski", "20", "health",
     "Samodzielny Publiczny Zakład Opieki Zdrowotnej w Augustowie",
     "pielęgniarka środowiskowa", ""),
    ("Karolina", "Grabowska", "Rutki", "zambrowski", "20", "labour",
     "Powiatowy Urząd Pracy w Zambrowie", "pośrednik pracy", ""),
    ("Bożena", "Zawadzka", "Kulesze Kościelne", "wysokomazowiecki", "20", "ngo",
     "Stowarzyszenie Kobiet Aktywnych w Kuleszach Kościelnych",
     "przewodnicząca stowarzyszenia", ""),
    ("Jolanta", "Ostrowska", "Milejczyce", "siemiatycki", "20", "government",
     "Urząd Gminy Milejczyce", "podinspektor ds. oświaty i spraw społecznych", ""),
    ("Łukasz", "Kalinowski", "Jaświły", "moniecki", "20", "ops",
     "Gminny Ośrodek Pomocy Społecznej w Jaświłach", "pracownik socjalny",
     "PZK Gminy Jaświły"),
    # świętokrzyskie
    ("Wioletta", "Wojciechowska", "Bieliny", "kielecki", "26", "pcpr",
     "Powiatowe Centrum Pomocy Rodzinie w Kielcach", "koordynator projektów", ""),
    ("Michał", "Kubiak", "Pawłów", "starachowicki", "26", "police",
     "Komenda Powiatowa Policji w Starachowicach", "dzielnicowy",
     "PZK Gminy Pawłów"),
    ("Izabela", "Mróz", "Masłów", "kielecki", "26", "school",
     "Szkoła Podstawowa w Masłowie Pierwszym", "psycholog szkolny", ""),
    ("Andrzej", "Czarnecki", "Bliżyn", "skarżyski", "26", "court",
     "Sąd Rejonowy w Skarżysku-Kamiennej – zespół kuratorskiej służby sądowej",
     "kurator zawodowy", ""),
    ("Lidia", "Stępień", "Sadowie", "opatowski", "26", "culture",
     "Gminna Biblioteka Publiczna w Sadowiu", "kierownik biblioteki", ""),
    ("Hanna", "Zając", "Tuczępy", "buski", "26", "health",
     "Samodzielny Publiczny Zakład Opieki Zdrowotnej w Busku-Zdroju",
     "koordynator opieki środowiskowej", ""),
    ("Alicja", "Włodarczyk", "Moskorzew", "włoszczowski", "26", "labour",
     "Powiatowy Urząd Pracy we Włoszczowie", "doradca zawodowy", ""),
    ("Edyta", "Król", "Słupia Konecka", "konecki", "26", "ops",
     "Gminny Ośrodek Pomocy Społecznej w Słupi", "pracownik socjalny",
     "PZK Gminy Słupia Konecka"),
]
# fmt: on
