"""Texts of the demo courses (Polish, as trainers of the Szkoła Kooperacji
would write them). Read by courses/demo/seed.py only."""

# fmt: off
COURSES = [
    {
        "slug": "model-kooperacji-i-pzk",
        "title": "Model Kooperacji i jak działa Partnerski Zespół Kooperacji",
        "topic": "model",
        "format": "self_paced",
        "hours": "6.0",
        "organiser": "MR",
        "summary": (
            "Kurs wprowadza w Model Kooperacji wypracowany w projekcie „Liderzy "
            "kooperacji”: kto tworzy Partnerski Zespół Kooperacji (PZK), jak "
            "gmina i powiat dzielą się zadaniami i jak zespół pracuje z rodziną "
            "w trudnej sytuacji."
        ),
        "outcomes": (
            "Wyjaśniasz, czym jest kooperacja i czym różni się od zwykłej współpracy.\n"
            "Wskazujesz instytucje, które wchodzą w skład PZK w twojej gminie.\n"
            "Opisujesz rolę animatora gminnego i powiatowego.\n"
            "Planujesz pierwsze spotkanie zespołu."
        ),
        "prerequisites": "Brak. Kurs jest przeznaczony dla pracowników instytucji gminnych i powiatowych.",
        "trainer": 0,
        "modules": [
            {
                "title": "Czym jest kooperacja",
                "hours": "3.0",
                "lessons": [
                    {
                        "title": "Od współpracy do kooperacji",
                        "paragraphs": [
                            "W wielu gminach instytucje pomocowe współpracują od lat: ośrodek pomocy społecznej wymienia informacje ze szkołą, dzielnicowy zna rodziny objęte pomocą, kurator sądowy kontaktuje się z asystentem rodziny. Taka współpraca często opiera się jednak na dobrych relacjach między konkretnymi osobami i kończy się wraz z ich odejściem.",
                            "Kooperacja to coś więcej: to uzgodniony, trwały sposób wspólnego działania instytucji, które mają różne zadania, ale ten sam cel — poprawę sytuacji mieszkańca lub rodziny. Partnerzy wspólnie rozpoznają potrzeby, uzgadniają plan i dzielą się odpowiedzialnością za jego realizację.",
                            "Model Kooperacji opisuje, jak zbudować takie działanie w gminie wiejskiej, gdzie zasoby są skromne, a odległości duże. Jego sercem jest Partnerski Zespół Kooperacji.",
                        ],
                        "callout": "Kooperacja nie zastępuje zadań ustawowych instytucji. Porządkuje je tak, aby rodzina nie musiała sama szukać pomocy w pięciu miejscach.",
                    },
                    {
                        "title": "Partnerski Zespół Kooperacji: skład i zadania",
                        "paragraphs": [
                            "PZK tworzą przedstawiciele instytucji gminy i powiatu: ośrodka pomocy społecznej, powiatowego centrum pomocy rodzinie, szkół, policji, kuratorskiej służby sądowej, placówek ochrony zdrowia, powiatowego urzędu pracy, instytucji kultury oraz organizacji pozarządowych.",
                            "Zespół spotyka się regularnie, zwykle raz w miesiącu. Omawia sytuacje rodzin, które wymagają działań kilku instytucji, uzgadnia, kto za co odpowiada, i sprawdza postępy. Pracą zespołu kierują dwaj animatorzy: gminny i powiatowy.",
                            "Zespół nie jest nową instytucją ani nie przejmuje kompetencji członków. Jest miejscem, w którym zadania różnych służb spotykają się wokół potrzeb konkretnej rodziny.",
                        ],
                        "confirm": True,
                    },
                ],
            },
            {
                "title": "PZK w praktyce",
                "hours": "3.0",
                "lessons": [
                    {
                        "title": "Rola animatora kooperacji",
                        "paragraphs": [
                            "Animator gminny i animator powiatowy zapraszają partnerów, przygotowują spotkania, dbają o przepływ informacji i pilnują ustaleń. Animator nie musi być kierownikiem instytucji — ważniejsze są umiejętność prowadzenia rozmowy i zaufanie partnerów.",
                            "Dobry animator zna zasoby gminy: wie, gdzie działa świetlica, który lekarz rodzinny przyjmuje w domu, jakie kursy organizuje urząd pracy. Dzięki temu plan pomocy rodzinie opiera się na tym, co naprawdę jest dostępne.",
                        ],
                    },
                    {
                        "title": "Pierwsze spotkanie zespołu",
                        "paragraphs": [
                            "Pierwsze spotkanie PZK warto poświęcić na poznanie się partnerów i ich zadań. Każda instytucja krótko przedstawia, w czym może pomóc rodzinie i jakie ma ograniczenia prawne, na przykład w przekazywaniu informacji.",
                            "Zespół uzgadnia zasady pracy: częstotliwość spotkań, sposób zgłaszania sytuacji rodzin, zasady ochrony danych osobowych oraz sposób dokumentowania ustaleń. Ustalenia warto spisać w porozumieniu o współpracy.",
                        ],
                    },
                ],
                "quiz": [
                    ("Kto kieruje pracą Partnerskiego Zespołu Kooperacji?", "single",
                     [("Animator gminny i animator powiatowy", True),
                      ("Wójt gminy osobiście", False),
                      ("Komendant powiatowy policji", False)],
                     "Pracą PZK kierują animatorzy: gminny i powiatowy."),
                    ("Które instytucje mogą należeć do PZK?", "multiple",
                     [("Ośrodek pomocy społecznej", True),
                      ("Szkoła", True),
                      ("Kuratorska służba sądowa", True),
                      ("Prywatny sklep spożywczy", False)],
                     "PZK skupia instytucje publiczne gminy i powiatu oraz organizacje pozarządowe."),
                    ("Czy PZK przejmuje zadania ustawowe swoich członków?", "single",
                     [("Nie, porządkuje ich wspólne działanie", True),
                      ("Tak, staje się nową instytucją", False)],
                     "Zespół nie zastępuje instytucji — łączy ich zadania wokół potrzeb rodziny."),
                ],
            },
        ],
    },
    {
        "slug": "diagnoza-potrzeb-rodziny",
        "title": "Interdyscyplinarna diagnoza potrzeb rodziny",
        "topic": "diagnosis",
        "format": "tutored",
        "hours": "8.0",
        "organiser": "18",
        "summary": (
            "Jak wspólnie z rodziną i partnerami z różnych instytucji rozpoznać "
            "jej potrzeby i zasoby, a potem przełożyć diagnozę na plan pomocy, "
            "który rodzina rozumie i akceptuje."
        ),
        "outcomes": (
            "Zbierasz informacje o rodzinie z kilku źródeł z poszanowaniem jej praw.\n"
            "Rozróżniasz potrzeby, problemy i zasoby rodziny.\n"
            "Przygotowujesz z zespołem plan pomocy z podziałem zadań."
        ),
        "prerequisites": "Zalecane ukończenie kursu „Model Kooperacji i jak działa Partnerski Zespół Kooperacji”.",
        "trainer": 1,
        "modules": [
            {
                "title": "Podstawy diagnozy",
                "hours": "4.0",
                "lessons": [
                    {
                        "title": "Potrzeby, problemy i zasoby",
                        "paragraphs": [
                            "Diagnoza zaczyna się od pytania, czego rodzina potrzebuje, a nie od listy jej problemów. Problem opisuje trudność (na przykład zaległości w czynszu), potrzeba — to, co powinno się zmienić (stabilne mieszkanie), a zasób — to, na czym można się oprzeć (pracujący członek rodziny, pomocni sąsiedzi, umiejętności).",
                            "Rodzina jest partnerem diagnozy. Rozmowa prowadzona z szacunkiem, w zrozumiałym języku, daje więcej informacji niż najlepszy kwestionariusz wypełniony bez udziału rodziny.",
                        ],
                        "callout": "Zapisuj także zasoby rodziny. Plan, który opiera się tylko na deficytach, rzadko się udaje.",
                    },
                    {
                        "title": "Źródła informacji i ochrona danych",
                        "paragraphs": [
                            "Każda instytucja widzi rodzinę z innej strony: szkoła zna frekwencję i zachowanie dziecka, przychodnia — stan zdrowia, pracownik socjalny — warunki mieszkaniowe i dochody. Diagnoza interdyscyplinarna łączy te obrazy.",
                            "Wymiana informacji wymaga podstawy prawnej lub zgody osoby, której dane dotyczą. Przed spotkaniem zespołu ustal, jakie informacje są naprawdę potrzebne, i przekazuj tylko je.",
                        ],
                        "confirm": True,
                    },
                ],
            },
            {
                "title": "Od diagnozy do planu pomocy",
                "hours": "4.0",
                "lessons": [
                    {
                        "title": "Wspólny plan pomocy",
                        "paragraphs": [
                            "Plan pomocy zawiera cele uzgodnione z rodziną, działania, osoby odpowiedzialne i terminy. Cele formułuj konkretnie: „Ania regularnie uczęszcza do szkoły do końca semestru” zamiast „poprawa sytuacji dziecka”.",
                            "Każde działanie ma jednego właściciela. Jeżeli za zadanie odpowiadają wszyscy, w praktyce nie odpowiada nikt.",
                        ],
                    },
                    {
                        "title": "Monitorowanie i zamknięcie pracy z rodziną",
                        "paragraphs": [
                            "Zespół regularnie sprawdza, czy działania przynoszą skutek, i modyfikuje plan. Warto ustalić z rodziną, po czym wszyscy poznają, że cel został osiągnięty.",
                            "Zakończenie pracy także wymaga planu: rodzina powinna wiedzieć, do kogo może zwrócić się w przyszłości.",
                        ],
                    },
                ],
                "quiz": [
                    ("Co jest zasobem rodziny?", "single",
                     [("Pracujący członek rodziny i pomocni sąsiedzi", True),
                      ("Zaległości w opłatach", False),
                      ("Brak dostępu do lekarza", False)],
                     "Zasób to coś, na czym można się oprzeć w planie pomocy."),
                    ("Jakie cechy ma dobrze zapisany cel planu pomocy?", "multiple",
                     [("Jest konkretny", True),
                      ("Ma termin", True),
                      ("Jest uzgodniony z rodziną", True),
                      ("Jest sformułowany jak najogólniej", False)],
                     "Cel konkretny, z terminem i uzgodniony z rodziną łatwiej osiągnąć i sprawdzić."),
                    ("Kiedy instytucje mogą wymieniać informacje o rodzinie?", "single",
                     [("Gdy mają podstawę prawną lub zgodę osoby", True),
                      ("Zawsze, gdy uznają to za przydatne", False)],
                     "Wymiana danych wymaga podstawy prawnej albo zgody."),
                ],
            },
        ],
    },
    {
        "slug": "podstawy-prawne-wspolpracy",
        "title": "Podstawy prawne współpracy pomocy społecznej, policji, sądów i szkół",
        "topic": "law",
        "format": "blended",
        "hours": "6.0",
        "organiser": "06",
        "summary": (
            "Przegląd przepisów, na których opiera się współpraca służb: ustawa "
            "o pomocy społecznej, ustawa o wspieraniu rodziny i systemie pieczy "
            "zastępczej, procedura „Niebieskiej Karty”, prawo oświatowe i "
            "zadania kuratorów sądowych."
        ),
        "outcomes": (
            "Wskazujesz przepisy, które nakładają na instytucje obowiązek współpracy.\n"
            "Opisujesz przebieg procedury „Niebieskiej Karty”.\n"
            "Wiesz, kiedy szkoła powinna powiadomić sąd rodzinny."
        ),
        "prerequisites": "Brak.",
        "trainer": 0,
        "modules": [
            {
                "title": "Pomoc społeczna i wspieranie rodziny",
                "hours": "3.0",
                "lessons": [
                    {
                        "title": "Ustawa o pomocy społecznej i ustawa o wspieraniu rodziny",
                        "paragraphs": [
                            "Ustawa z dnia 12 marca 2004 r. o pomocy społecznej zobowiązuje ośrodki pomocy społecznej do współdziałania z organizacjami społecznymi, kościołami, związkami wyznaniowymi, fundacjami, stowarzyszeniami, pracodawcami oraz osobami fizycznymi i prawnymi.",
                            "Ustawa z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej przewiduje pracę z rodziną, w tym asystenta rodziny, oraz współpracę gminy z powiatem, szkołą, policją i sądem w zapewnieniu dziecku bezpieczeństwa.",
                        ],
                    },
                    {
                        "title": "Procedura „Niebieskiej Karty”",
                        "paragraphs": [
                            "Procedurę „Niebieskiej Karty” wszczynają przedstawiciele jednostek organizacyjnej pomocy społecznej, policji, oświaty, ochrony zdrowia i gminnych komisji rozwiązywania problemów alkoholowych, gdy podejrzewają stosowanie przemocy domowej.",
                            "Dalsze działania prowadzi zespół interdyscyplinarny lub grupa diagnostyczno-pomocowa. Członkowie zespołu mogą przetwarzać dane osób, których dotyczy procedura, w zakresie niezbędnym do jej prowadzenia.",
                        ],
                        "confirm": True,
                    },
                ],
            },
            {
                "title": "Szkoła, policja i sąd",
                "hours": "3.0",
                "lessons": [
                    {
                        "title": "Zadania szkoły i obowiązek zawiadomienia",
                        "paragraphs": [
                            "Szkoła, która dowiaduje się o okolicznościach świadczących o demoralizacji lub zagrożeniu dobra dziecka, ma obowiązek zawiadomić sąd rodzinny, a w przypadku podejrzenia przestępstwa ściganego z urzędu — policję lub prokuraturę.",
                            "Pedagog lub psycholog szkolny jest naturalnym członkiem PZK: zna dziecko, widzi zmiany w jego zachowaniu i może zaproponować wsparcie w szkole.",
                        ],
                    },
                    {
                        "title": "Kurator sądowy i dzielnicowy w zespole",
                        "paragraphs": [
                            "Kurator rodzinny wykonuje orzeczenia sądu i nadzoruje rodzinę; jego informacje pomagają zespołowi ocenić postępy. Dzielnicowy zna środowisko lokalne i reaguje na interwencje domowe.",
                            "Obie służby działają na podstawie własnych przepisów. W PZK uzgadniają z partnerami, jak ich działania wpisują się we wspólny plan pomocy rodzinie.",
                        ],
                    },
                ],
                "quiz": [
                    ("Kto może wszcząć procedurę „Niebieskiej Karty”?", "multiple",
                     [("Pracownik socjalny", True),
                      ("Funkcjonariusz policji", True),
                      ("Nauczyciel", True),
                      ("Każdy sąsiad rodziny", False)],
                     "Procedurę wszczynają przedstawiciele wymienionych w przepisach służb."),
                    ("Co powinna zrobić szkoła, gdy dobro dziecka jest zagrożone?", "single",
                     [("Zawiadomić sąd rodzinny", True),
                      ("Czekać na decyzję rodziców", False)],
                     "Szkoła ma obowiązek zawiadomić sąd rodzinny."),
                    ("Która ustawa przewiduje asystenta rodziny?", "single",
                     [("Ustawa o wspieraniu rodziny i systemie pieczy zastępczej", True),
                      ("Prawo o ruchu drogowym", False)],
                     "Asystenta rodziny przewiduje ustawa o wspieraniu rodziny i systemie pieczy zastępczej."),
                ],
            },
        ],
    },
]
# fmt: on
