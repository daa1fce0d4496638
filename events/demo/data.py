"""The demo content of events: the lists, trainings, seminars, the
conference's programme and speakers, and the live questions. Plain data;
``seed`` turns it into pages and registrations."""

from decimal import Decimal

INDEXES = [
    (
        "szkolenia",
        "Szkolenia",
        "Dwudniowe i jednodniowe szkolenia stacjonarne Szkoły Kooperacji w "
        "województwach makroregionu.",
    ),
    (
        "wizyty-studyjne",
        "Wizyty studyjne",
        "Partnerskie spotkania wymiany doświadczeń w gminach, które już "
        "pracują w modelu kooperacji.",
    ),
    (
        "konferencje",
        "Konferencje",
        "Konferencje i seminaria makroregionalne projektu „Liderzy kooperacji”.",
    ),
]

TRAINING_TOPICS = [
    ("Diagnoza potrzeb rodzin w gminie wiejskiej", Decimal("4.0")),
    ("Zasady pracy Partnerskiego Zespołu Kooperacji", Decimal("4.0")),
    ("Plan współpracy instytucji: warsztat", Decimal("4.0")),
    ("Superwizja przypadków i ewaluacja współpracy", Decimal("4.0")),
]

TRAININGS = [
    (
        "szkolenie-podkarpackie",
        "18",
        "Szkolenie regionalne: współpraca OPS, PCPR i policji",
        "Rzeszów",
        "Hotel Rzeszów",
        "al. Piłsudskiego 44, 35-001 Rzeszów",
        -30,
        {},
    ),
    (
        "szkolenie-lubelskie",
        "06",
        "Szkolenie regionalne: kooperacja w gminie wiejskiej",
        "Lublin",
        "Centrum Konferencyjne ROPS",
        "ul. Diamentowa 4, 20-447 Lublin",
        -20,
        {"attendance_rule": "min_share", "attendance_min_percent": 75},
    ),
    (
        "szkolenie-mazowieckie",
        "14",
        "Szkolenie regionalne: rodzina w kryzysie — wspólny plan pomocy",
        "Warszawa",
        "Mazowieckie Centrum Polityki Społecznej",
        "ul. Grójecka 17a, 02-021 Warszawa",
        0,
        {},
    ),
    (
        "szkolenie-podlaskie",
        "20",
        "Szkolenie regionalne: animator PZK w praktyce",
        "Białystok",
        "Hotel Branicki",
        "ul. Zamenhofa 25, 15-435 Białystok",
        14,
        {"approval_required": True},
    ),
    (
        "szkolenie-swietokrzyskie",
        "26",
        "Szkolenie regionalne: współpraca szkoły, kuratora i OPS",
        "Kielce",
        "Regionalny Ośrodek Polityki Społecznej w Kielcach",
        "ul. Witosa 86, 25-561 Kielce",
        21,
        {"capacity": 4},
    ),
]

APPROVAL_SEMINARS = [
    (
        "seminarium-podkarpackie",
        "18",
        "Seminarium warsztatowe: dzielnicowy w zespole kooperacji",
        "Krosno",
        "Starostwo Powiatowe w Krośnie",
        "ul. Bieszczadzka 1, 38-400 Krosno",
        24,
    ),
    (
        "seminarium-lubelskie",
        "06",
        "Seminarium warsztatowe: szkoła i OPS wobec absencji ucznia",
        "Zamość",
        "Zamojski Dom Kultury",
        "ul. Partyzantów 13, 22-400 Zamość",
        26,
    ),
    (
        "seminarium-mazowieckie",
        "14",
        "Seminarium warsztatowe: asystent rodziny i kurator w jednym planie",
        "Radom",
        "Mazowiecki Urząd Wojewódzki, Delegatura w Radomiu",
        "ul. Żeromskiego 53, 26-600 Radom",
        28,
    ),
    (
        "seminarium-swietokrzyskie",
        "26",
        "Seminarium warsztatowe: piecza zastępcza i gmina",
        "Sandomierz",
        "Collegium Gostomianum",
        "ul. Długa 4, 27-600 Sandomierz",
        30,
    ),
]

CONFERENCE_PROGRAMME = [
    # (day index, start, end, title, speaker, room, track, hours)
    (0, "09:30", "10:00", "Otwarcie konferencji", "", "Sala Główna", "", "0"),
    (
        0,
        "10:00",
        "11:30",
        "Model kooperacji po dwóch latach testowania",
        "dr hab. Krystyna Wiśniewska",
        "Sala Główna",
        "",
        "2.0",
    ),
    (
        0,
        "12:00",
        "13:30",
        "Przemoc w rodzinie: wspólna procedura instytucji",
        "Jan Malinowski",
        "Sala A",
        "Sesja A: bezpieczeństwo rodziny",
        "2.0",
    ),
    (
        0,
        "12:00",
        "13:30",
        "Aktywizacja zawodowa w gminie wiejskiej",
        "Elżbieta Górska",
        "Sala B",
        "Sesja B: praca i edukacja",
        "2.0",
    ),
    (0, "13:30", "14:15", "Przerwa obiadowa", "", "Restauracja", "", "0"),
    (
        0,
        "14:15",
        "15:45",
        "Panel: co dalej z Partnerskimi Zespołami Kooperacji?",
        "koordynatorzy wojewódzcy",
        "Sala Główna",
        "",
        "2.0",
    ),
    (
        1,
        "09:00",
        "10:30",
        "Dobre praktyki z gmin makroregionu",
        "animatorzy PZK",
        "Sala Główna",
        "",
        "2.0",
    ),
    (
        1,
        "11:00",
        "12:30",
        "Warsztat: diagnoza zasobów gminy",
        "Piotr Zając",
        "Sala A",
        "Sesja A: bezpieczeństwo rodziny",
        "2.0",
    ),
    (
        1,
        "11:00",
        "12:30",
        "Warsztat: szkoła jako partner OPS",
        "Monika Czerwińska",
        "Sala B",
        "Sesja B: praca i edukacja",
        "2.0",
    ),
]

SPEAKERS = [
    (
        "dr hab. Krystyna Wiśniewska",
        "Uniwersytet Rzeszowski, Instytut Pedagogiki",
        "Badaczka współpracy międzyinstytucjonalnej w pomocy społecznej.",
    ),
    (
        "Jan Malinowski",
        "Komenda Wojewódzka Policji w Rzeszowie",
        "Koordynator procedury „Niebieskie Karty” w województwie.",
    ),
    (
        "Elżbieta Górska",
        "Wojewódzki Urząd Pracy w Rzeszowie",
        "Ekspertka aktywizacji osób długotrwale bezrobotnych.",
    ),
    (
        "Piotr Zając",
        "trener Szkoły Kooperacji",
        "Animator PZK w gminie Czarna, superwizor pracy socjalnej.",
    ),
    (
        "Monika Czerwińska",
        "Szkoła Podstawowa w Gaci",
        "Pedagożka szkolna, członkini PZK Gminy Gać.",
    ),
]

LIVE_QUESTIONS = [
    (
        "Jak przekonać dzielnicowego, żeby przychodził na spotkania PZK, "
        "skoro ma dyżury?",
        "approve",
    ),
    ("Czy plan pomocy rodzinie podpisują wszyscy członkowie zespołu?", "answered"),
    (
        "Jak dzielić się informacjami o rodzinie zgodnie z RODO między OPS, "
        "szkołą i policją?",
        "pin",
    ),
    ("Czy materiały z dzisiejszych zajęć będą na platformie?", None),
]
