"""The certificates demo's data: the issuing bodies of the voivodeships,
the signatories and the fallback source of an empty register."""

# Used only when courses and events recorded no completion at all, so the
# register is never empty in a demo. Ids far above any demo page id.
FALLBACK_SOURCES = [
    {
        "kind": "event",
        "id": 990001,
        "title": "Szkolenie regionalne: współpraca OPS, PUP i organizacji pozarządowych",
        "hours": "14.0",
        "date_from": "2021-02-15",
        "date_to": "2021-02-16",
        "place": "Rzeszów",
        "organiser": "18",
        "programme": [
            {"topic": "Model kooperacji i rola koordynatora", "hours": "6.0"},
            {"topic": "Plan współpracy instytucji w gminie", "hours": "8.0"},
        ],
        "language": "pl",
    },
]


# Each ROPS (MCPS in mazowieckie) issues the certificates of its own
# events; macroregional ones are issued by the project leader.
ISSUING_BODIES = [
    ("18", "Regionalny Ośrodek Polityki Społecznej w Rzeszowie", "Rzeszów"),
    ("06", "Regionalny Ośrodek Polityki Społecznej w Lublinie", "Lublin"),
    ("14", "Mazowieckie Centrum Polityki Społecznej", "Warszawa"),
    ("20", "Regionalny Ośrodek Polityki Społecznej w Białymstoku", "Białystok"),
    ("26", "Regionalny Ośrodek Polityki Społecznej w Kielcach", "Kielce"),
    (
        "MR",
        "Regionalny Ośrodek Polityki Społecznej w Rzeszowie (lider projektu)",
        "Rzeszów",
    ),
]
SIGNATORIES = [
    ("signatory", {"name": "Jolanta Przykładowa", "function": "Dyrektor ośrodka"}),
    ("signatory", {"name": "Marta Bielecka", "function": "Trenerka Szkoły Kooperacji"}),
]
