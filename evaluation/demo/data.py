"""The evaluation demo's data: the assessor account, the learning outcomes
of the demo events and the open answers of the surveys."""

from szkola.home import demo_people

ASSESSOR_EMAIL = f"asesor@{demo_people.DEMO_DOMAIN}"

EVENT_OUTCOMES = [
    {
        "category": "knowledge",
        "text": "Zna zadania i skład Partnerskiego Zespołu Kooperacji.",
        "criteria": "Wymienia instytucje tworzące PZK i co najmniej trzy jego zadania.",
        "method": "post_test",
    },
    {
        "category": "knowledge",
        "text": "Zna podstawy prawne współpracy instytucji pomagających rodzinie.",
        "criteria": "Wskazuje właściwe ustawy i zakres obowiązków gminy i powiatu.",
        "method": "post_test",
    },
    {
        "category": "skills",
        "text": "Przygotowuje wspólny plan pomocy rodzinie z innymi służbami.",
        "criteria": "Plan zawiera cele, zadania instytucji, terminy i sposób oceny.",
        "method": "task",
    },
    {
        "category": "social",
        "text": "Jest gotów do współpracy z przedstawicielami innych sektorów.",
        "criteria": "Aktywnie uczestniczy w pracy grupy międzyinstytucjonalnej.",
        "method": "observation",
    },
]
OPEN_ANSWERS = {
    "q8": [
        "Praca na przypadkach z naszych gmin.",
        "Wymiana doświadczeń z policją i kuratorami.",
        "Konkretne wzory porozumień o współpracy.",
        "Spotkanie z osobami z innych powiatów.",
    ],
    "q9": [
        "Więcej czasu na ćwiczenia w grupach.",
        "Materiały wcześniej, przed szkoleniem.",
        "Krótsze przerwy, dłuższa część praktyczna.",
    ],
}
