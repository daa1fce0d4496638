"""Text of the demo site's pages: the home page, the accessibility
declaration, the RODO information clause and the project description.

Each page is a dict with ``title``, ``slug``, ``lead``, ``show_in_menus`` and
``body`` (StreamField raw data in SharedStreamBlock's shape).
"""

ORGANISATION = "Regionalny Ośrodek Polityki Społecznej w Rzeszowie"
ADDRESS = "ul. Hetmańska 9\n35-045 Rzeszów"
CONTACT_EMAIL = "kontakt@szkolakooperacji.pl"
CONTACT_PHONE = "17 747 06 00"
ACCESSIBILITY_EMAIL = "dostepnosc@szkolakooperacji.pl"
DPO_EMAIL = "iod@szkolakooperacji.pl"


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def callout(title: str, html: str, kind: str = "info") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def accordion(*items: tuple[str, str]) -> dict:
    return {
        "type": "accordion",
        "value": {"items": [{"title": t, "text": html} for t, html in items]},
    }


HOME = {
    "title": "Szkoła Kooperacji",
    "lead": (
        "Platforma szkoleniowa projektu „Liderzy kooperacji” dla pracowników "
        "ośrodków pomocy społecznej i instytucji, które razem z nimi wspierają "
        "mieszkańców gmin makroregionu: kursy online, szkolenia, konferencje "
        "i wizyty studyjne w jednym miejscu."
    ),
    "body": [
        heading("Po co kooperacja?"),
        paragraph(
            "<p>Rodzina w kryzysie rzadko potrzebuje pomocy tylko jednej "
            "instytucji. Pracownik socjalny, dzielnicowy, kurator, pedagog "
            "szkolny, pielęgniarka środowiskowa i doradca z urzędu pracy często "
            "znają tę samą rodzinę, ale działają osobno. Kooperacja to "
            "uzgodnione, wspólne działanie tych osób – z jasnym podziałem zadań, "
            "wspólnym planem i wymianą informacji w granicach prawa.</p>"
        ),
        heading("Model Kooperacji"),
        paragraph(
            "<p>Projekt upowszechnia <b>Model Kooperacji</b> ośrodka pomocy "
            "społecznej z instytucjami pomocy i integracji społecznej oraz "
            "innymi instytucjami lokalnymi. Model opisuje, jak ośrodek pomocy "
            "społecznej staje się organizatorem współpracy w gminie: diagnozuje "
            "potrzeby mieszkańców, zaprasza partnerów, koordynuje wspólne "
            "działania i ocenia ich efekty.</p>"
            "<p>Podstawą modelu jest rozdzielenie w ośrodku pracy "
            "administracyjnej (decyzje o świadczeniach) od pracy socjalnej "
            "oraz powołanie koordynatora kooperacji, który dba o stały kontakt "
            "z partnerami.</p>"
        ),
        heading("Partnerski Zespół Kooperacji (PZK)"),
        paragraph(
            "<p>W każdej gminie uczestniczącej w projekcie działa Partnerski "
            "Zespół Kooperacji: przedstawiciele ośrodka pomocy społecznej, "
            "szkoły, policji, kuratorskiej służby sądowej, ochrony zdrowia, "
            "urzędu pracy, instytucji kultury, organizacji pozarządowych "
            "i samorządu. Zespół spotyka się regularnie, przygotowuje wspólne "
            "plany działań dla mieszkańców i osób, które wymagają wsparcia kilku "
            "instytucji jednocześnie.</p>"
        ),
        callout(
            "Jak zacząć?",
            "<ol><li>Załóż konto i uzupełnij profil – podaj swoją instytucję "
            "i gminę.</li><li>Rozpocznij kurs online „Podstawy kooperacji” "
            "w dowolnym tempie.</li><li>Zapisz się na szkolenie stacjonarne "
            "lub wizytę studyjną w swoim województwie.</li><li>Po ukończeniu "
            "kursu lub szkolenia pobierz zaświadczenie w serwisie.</li></ol>",
            kind="tip",
        ),
        heading("Dla kogo?"),
        paragraph(
            "<p>Z platformy korzystają pracownicy instytucji z pięciu "
            "województw makroregionu: podkarpackiego, lubelskiego, "
            "mazowieckiego, podlaskiego i świętokrzyskiego. Udział w kursach "
            "i szkoleniach jest bezpłatny.</p>"
        ),
    ],
}


ACCESSIBILITY = {
    "title": "Deklaracja dostępności",
    "slug": "deklaracja-dostepnosci",
    "show_in_menus": False,
    "lead": (
        f"{ORGANISATION} zobowiązuje się zapewnić dostępność swojej strony "
        "internetowej zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności "
        "cyfrowej stron internetowych i aplikacji mobilnych podmiotów "
        "publicznych. Deklaracja dostępności dotyczy serwisu Szkoła Kooperacji "
        "(szkolakooperacji.pl)."
    ),
    "body": [
        heading("Daty publikacji i aktualizacji"),
        paragraph(
            "<ul><li>Data publikacji strony internetowej: 2021-03-01.</li>"
            "<li>Data ostatniej istotnej aktualizacji: 2021-09-15.</li></ul>"
        ),
        heading("Status pod względem zgodności z ustawą"),
        paragraph(
            "<p>Strona internetowa jest <b>częściowo zgodna</b> z ustawą "
            "z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron "
            "internetowych i aplikacji mobilnych podmiotów publicznych "
            "z powodu niezgodności lub wyłączeń wymienionych poniżej.</p>"
        ),
        heading("Treści niedostępne", "h3"),
        paragraph(
            "<ul><li>Część dokumentów PDF opublikowanych przez partnerów "
            "projektu przed 2021 r. (skany protokołów i list obecności) nie "
            "ma warstwy tekstowej.</li><li>Niektóre nagrania z konferencji "
            "osadzone z zewnętrznych serwisów nie mają audiodeskrypcji.</li>"
            "</ul>"
        ),
        heading("Wyłączenia", "h3"),
        paragraph(
            "<p>Multimedia opublikowane przed 23 września 2020 r. są "
            "wyłączone z obowiązku zapewnienia dostępności (art. 3 ust. 2 "
            "ustawy). Na prośbę udostępnimy ich treść w innej formie.</p>"
        ),
        heading("Przygotowanie deklaracji dostępności"),
        paragraph(
            "<ul><li>Deklarację sporządzono dnia 2021-03-01.</li>"
            "<li>Deklarację sporządzono na podstawie samooceny przeprowadzonej "
            "przez podmiot publiczny, z użyciem automatycznych narzędzi "
            "sprawdzających oraz testów z czytnikiem ekranu i klawiaturą.</li>"
            "<li>Deklarację ostatnio poddano przeglądowi i aktualizacji dnia "
            "2021-09-15.</li></ul>"
        ),
        heading("Ułatwienia w serwisie", "h3"),
        paragraph(
            "<ul><li>Na początku każdej strony znajduje się odnośnik „Przejdź "
            "do treści”, widoczny po naciśnięciu klawisza Tab.</li>"
            "<li>Wszystkie funkcje są dostępne z klawiatury; element "
            "aktywny jest wyraźnie oznaczony.</li><li>Serwis można "
            "powiększać w przeglądarce do 200% bez utraty treści.</li>"
            "<li>Nagrania w kursach mają transkrypcje.</li></ul>"
        ),
        heading("Informacje zwrotne i dane kontaktowe"),
        paragraph(
            "<p>W przypadku problemów z dostępnością strony internetowej "
            "prosimy o kontakt. Osobą kontaktową jest koordynator do spraw "
            "dostępności ROPS w Rzeszowie, adres poczty elektronicznej "
            f'<a href="mailto:{ACCESSIBILITY_EMAIL}">{ACCESSIBILITY_EMAIL}</a>, '
            f"numer telefonu {CONTACT_PHONE}. Tą samą drogą można składać "
            "wnioski o udostępnienie informacji niedostępnej oraz składać "
            "żądania zapewnienia dostępności.</p>"
        ),
        heading("Procedura wnioskowo-skargowa"),
        paragraph(
            "<p>Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności "
            "cyfrowej strony internetowej lub jakiegoś jej elementu. Można "
            "także zażądać udostępnienia informacji za pomocą alternatywnego "
            "sposobu dostępu, na przykład przez odczytanie niedostępnego "
            "cyfrowo dokumentu, opisanie zawartości filmu bez audiodeskrypcji "
            "itp.</p>"
            "<p>Żądanie powinno zawierać dane osoby zgłaszającej żądanie, "
            "wskazanie, o którą stronę internetową lub element strony chodzi, "
            "oraz sposób kontaktu. Jeżeli osoba żądająca zgłasza potrzebę "
            "otrzymania informacji za pomocą alternatywnego sposobu dostępu, "
            "powinna także określić dogodny dla niej sposób przedstawienia tej "
            "informacji.</p>"
            "<p>Podmiot publiczny powinien zrealizować żądanie niezwłocznie, "
            "nie później niż w ciągu 7 dni od dnia wystąpienia z żądaniem. "
            "Jeżeli dotrzymanie tego terminu nie jest możliwe, podmiot "
            "publiczny niezwłocznie informuje o tym wnoszącego żądanie, kiedy "
            "realizacja żądania będzie możliwa, przy czym termin ten nie może "
            "być dłuższy niż 2 miesiące od dnia wystąpienia z żądaniem. Jeżeli "
            "zapewnienie dostępności cyfrowej nie jest możliwe, podmiot "
            "publiczny może zaproponować alternatywny sposób dostępu do "
            "informacji.</p>"
            "<p>W przypadku, gdy podmiot publiczny odmówi realizacji żądania "
            "zapewnienia dostępności lub alternatywnego sposobu dostępu do "
            "informacji, wnoszący żądanie może złożyć skargę w sprawie "
            "zapewnienia dostępności cyfrowej strony internetowej lub elementu "
            "strony internetowej.</p>"
            "<p>Po wyczerpaniu wskazanej wyżej procedury można także złożyć "
            "wniosek do "
            '<a href="https://bip.brpo.gov.pl/">Rzecznika Praw '
            "Obywatelskich</a>.</p>"
        ),
        heading("Dostępność architektoniczna"),
        paragraph(
            "<p>Siedziba Regionalnego Ośrodka Polityki Społecznej w Rzeszowie "
            "mieści się przy ul. Hetmańskiej 9 w Rzeszowie.</p>"
            "<ul><li>Do budynku prowadzi główne wejście od ulicy Hetmańskiej; "
            "przy wejściu znajduje się podjazd dla wózków, a drzwi otwierają "
            "się automatycznie.</li><li>W holu znajduje się punkt informacji, "
            "w którym pracownik pomoże dotrzeć do właściwego pokoju.</li>"
            "<li>Budynek ma windę obsługującą wszystkie kondygnacje; przyciski "
            "w windzie są oznaczone alfabetem Braille'a.</li><li>Na parterze "
            "znajduje się toaleta dostosowana do potrzeb osób z "
            "niepełnosprawnościami.</li><li>Przed budynkiem wyznaczono dwa "
            "miejsca parkingowe dla osób z niepełnosprawnościami.</li>"
            "<li>Do budynku i wszystkich jego pomieszczeń można wejść z psem "
            "asystującym i psem przewodnikiem.</li><li>W budynku nie ma pętli "
            "indukcyjnych ani oznaczeń kontrastowych lub w druku "
            "powiększonym dla osób niewidomych i słabowidzących.</li></ul>"
        ),
        heading("Informacje w polskim języku migowym", "h3"),
        paragraph(
            "<p>Osoby uprawnione mogą skorzystać z pomocy tłumacza polskiego "
            "języka migowego (PJM), systemu językowo-migowego (SJM) lub "
            "sposobu komunikowania się osób głuchoniewidomych (SKOGN). "
            "Skorzystanie ze świadczenia należy zgłosić co najmniej 3 dni "
            "robocze przed terminem wizyty, z wyłączeniem sytuacji nagłych.</p>"
        ),
        heading("Aplikacje mobilne", "h3"),
        paragraph("<p>Podmiot nie udostępnia aplikacji mobilnych.</p>"),
    ],
}


PRIVACY = {
    "title": "Ochrona danych osobowych",
    "slug": "ochrona-danych",
    "show_in_menus": False,
    "lead": (
        "Klauzula informacyjna zgodna z art. 13 rozporządzenia Parlamentu "
        "Europejskiego i Rady (UE) 2016/679 z dnia 27 kwietnia 2016 r. (RODO) "
        "dla uczestników projektu „Liderzy kooperacji” i użytkowników serwisu "
        "Szkoła Kooperacji."
    ),
    "body": [
        heading("Administrator danych"),
        paragraph(
            f"<p>Administratorem Pani/Pana danych osobowych jest {ORGANISATION}, "
            f"{ADDRESS.replace(chr(10), ', ')}, adres e-mail "
            f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. W zakresie '
            "danych przetwarzanych na potrzeby rozliczenia projektu "
            "administratorem jest również minister właściwy do spraw rozwoju "
            "regionalnego jako Instytucja Zarządzająca Programem Operacyjnym "
            "Wiedza Edukacja Rozwój 2014–2020.</p>"
        ),
        heading("Inspektor ochrony danych"),
        paragraph(
            "<p>We wszystkich sprawach dotyczących przetwarzania danych "
            "osobowych można kontaktować się z inspektorem ochrony danych: "
            f'<a href="mailto:{DPO_EMAIL}">{DPO_EMAIL}</a> lub pisemnie na adres '
            "administratora.</p>"
        ),
        heading("Cele i podstawy przetwarzania"),
        paragraph(
            "<ul><li>prowadzenie konta w serwisie, udział w kursach online, "
            "szkoleniach, konferencjach i wizytach studyjnych oraz wydawanie "
            "zaświadczeń – art. 6 ust. 1 lit. b i e RODO;</li>"
            "<li>realizacja, monitorowanie, ewaluacja, kontrola, audyt "
            "i sprawozdawczość projektu współfinansowanego z Europejskiego "
            "Funduszu Społecznego – art. 6 ust. 1 lit. c RODO w związku "
            "z ustawą z dnia 11 lipca 2014 r. o zasadach realizacji programów "
            "w zakresie polityki spójności;</li>"
            "<li>archiwizacja dokumentacji projektu – art. 6 ust. 1 lit. c "
            "RODO;</li><li>informowanie o kolejnych działaniach projektu – na "
            "podstawie zgody (art. 6 ust. 1 lit. a RODO).</li></ul>"
        ),
        heading("Odbiorcy danych"),
        paragraph(
            "<p>Dane mogą zostać przekazane partnerom projektu (regionalnym "
            "ośrodkom polityki społecznej w Lublinie, Białymstoku i Kielcach "
            "oraz Mazowieckiemu Centrum Polityki Społecznej w Warszawie), "
            "instytucji pośredniczącej i zarządzającej programem, podmiotom "
            "prowadzącym badania ewaluacyjne, kontrole i audyty, a także "
            "dostawcom usług informatycznych, z którymi administrator zawarł "
            "umowy powierzenia przetwarzania danych.</p>"
        ),
        heading("Okres przechowywania"),
        paragraph(
            "<p>Dane będą przechowywane do czasu rozliczenia Programu "
            "Operacyjnego Wiedza Edukacja Rozwój 2014–2020 oraz zakończenia "
            "archiwizowania dokumentacji, a dane przetwarzane na podstawie "
            "zgody – do czasu jej cofnięcia.</p>"
        ),
        heading("Pani/Pana prawa"),
        paragraph(
            "<p>Ma Pani/Pan prawo dostępu do swoich danych, ich sprostowania, "
            "ograniczenia przetwarzania, a w przypadkach przewidzianych prawem "
            "– usunięcia danych i wniesienia sprzeciwu. Zgodę można cofnąć "
            "w dowolnym momencie, bez wpływu na zgodność z prawem "
            "przetwarzania dokonanego przed jej cofnięciem.</p>"
            "<p>Przysługuje Pani/Panu prawo wniesienia skargi do Prezesa "
            "Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 "
            "Warszawa).</p>"
        ),
        heading("Informacje dodatkowe"),
        paragraph(
            "<p>Podanie danych jest dobrowolne, ale niezbędne do udziału "
            "w projekcie i wydania zaświadczenia. Dane nie będą przekazywane "
            "do państw trzecich ani organizacji międzynarodowych i nie będą "
            "wykorzystywane do zautomatyzowanego podejmowania decyzji, w tym "
            "profilowania.</p>"
        ),
    ],
}


ABOUT = {
    "title": "O projekcie",
    "slug": "o-projekcie",
    "show_in_menus": True,
    "lead": (
        "„Liderzy kooperacji” to projekt pięciu regionalnych instytucji "
        "polityki społecznej, które przygotowują gminy makroregionu do "
        "wdrożenia Modelu Kooperacji i prowadzenia Partnerskich Zespołów "
        "Kooperacji."
    ),
    "body": [
        heading("Partnerzy"),
        paragraph(
            "<ul><li><b>Lider:</b> Regionalny Ośrodek Polityki Społecznej "
            "w Rzeszowie (województwo podkarpackie)</li>"
            "<li>Regionalny Ośrodek Polityki Społecznej w Lublinie "
            "(województwo lubelskie)</li>"
            "<li>Mazowieckie Centrum Polityki Społecznej w Warszawie "
            "(województwo mazowieckie)</li>"
            "<li>Regionalny Ośrodek Polityki Społecznej w Białymstoku "
            "(województwo podlaskie)</li>"
            "<li>Regionalny Ośrodek Polityki Społecznej w Kielcach "
            "(województwo świętokrzyskie)</li></ul>"
        ),
        heading("Cel projektu"),
        paragraph(
            "<p>Celem projektu jest przygotowanie kadr ośrodków pomocy "
            "społecznej i ich lokalnych partnerów do współpracy według Modelu "
            "Kooperacji, tak aby mieszkańcy gmin, w tym osoby i rodziny "
            "zagrożone wykluczeniem społecznym, otrzymywali spójne wsparcie "
            "kilku instytucji jednocześnie.</p>"
        ),
        heading("Kamienie milowe"),
        accordion(
            (
                "I kamień milowy – przygotowanie",
                "<p>Opracowanie programów szkoleń i kursów online, rekrutacja "
                "gmin do projektu, wybór trenerów kooperacji w każdym "
                "województwie.</p>",
            ),
            (
                "II kamień milowy – szkolenia",
                "<p>Szkolenia dla kadry kierowniczej i pracowników ośrodków "
                "pomocy społecznej oraz przedstawicieli instytucji "
                "partnerskich; konferencja otwierająca w makroregionie.</p>",
            ),
            (
                "III kamień milowy – wdrożenie w gminach",
                "<p>Powołanie Partnerskich Zespołów Kooperacji, wsparcie "
                "doradcze i wizyty studyjne w gminach, które już pracują "
                "według modelu.</p>",
            ),
            (
                "IV kamień milowy – podsumowanie",
                "<p>Ocena efektów kooperacji, rekomendacje dla samorządów "
                "i konferencja podsumowująca projekt.</p>",
            ),
        ),
        heading("Finansowanie"),
        paragraph(
            "<p>Projekt jest współfinansowany ze środków Unii Europejskiej "
            "w ramach Europejskiego Funduszu Społecznego, Program Operacyjny "
            "Wiedza Edukacja Rozwój 2014–2020. Udział jest bezpłatny.</p>"
        ),
    ],
}

STANDARD_PAGES = [ABOUT, ACCESSIBILITY, PRIVACY]


# The same declaration as a page of the statutory structure (a11y-* ids).
ACCESSIBILITY_DECLARATION = {
    "title": ACCESSIBILITY["title"],
    "slug": ACCESSIBILITY["slug"],
    "entity_name": ORGANISATION,
    "site_name": "Szkoła Kooperacji",
    "published_on": "2021-03-01",
    "updated_on": "2021-09-15",
    "status": "czesciowo",
    "non_accessible": (
        "<ul><li>Część dokumentów PDF opublikowanych przez partnerów projektu "
        "przed 2021 r. (skany protokołów i list obecności) nie ma warstwy "
        "tekstowej.</li><li>Niektóre nagrania z konferencji osadzone "
        "z zewnętrznych serwisów nie mają audiodeskrypcji.</li><li>Multimedia "
        "opublikowane przed 23 września 2020 r. są wyłączone z obowiązku "
        "zapewnienia dostępności (art. 3 ust. 2 ustawy); na prośbę udostępnimy "
        "ich treść w innej formie.</li></ul>"
    ),
    "prepared_on": "2021-03-01",
    "assessment": "samooceny przeprowadzonej przez podmiot publiczny",
    "contact_person": "koordynator do spraw dostępności ROPS w Rzeszowie",
    "contact_email": ACCESSIBILITY_EMAIL,
    "contact_phone": CONTACT_PHONE,
    "procedure": (
        "<p>Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej "
        "strony internetowej lub jakiegoś jej elementu albo udostępnienia "
        "informacji za pomocą alternatywnego sposobu dostępu. Żądanie powinno "
        "zawierać dane osoby zgłaszającej, wskazanie strony lub elementu oraz "
        "sposób kontaktu.</p><p>Podmiot publiczny realizuje żądanie "
        "niezwłocznie, nie później niż w ciągu 7 dni od dnia jego wystąpienia. "
        "Jeżeli dotrzymanie tego terminu nie jest możliwe, niezwłocznie "
        "informuje o tym, kiedy realizacja żądania będzie możliwa (nie później "
        "niż w ciągu 2 miesięcy). Po odmowie można złożyć skargę na brak "
        "zapewnienia dostępności, a po wyczerpaniu tej procedury także wniosek "
        "do Rzecznika Praw Obywatelskich.</p>"
    ),
    "architecture": (
        "<p>Siedziba ROPS w Rzeszowie, ul. Hetmańska 9: wejście z poziomu "
        "chodnika, winda do wszystkich pięter, toaleta dostosowana do potrzeb "
        "osób na wózkach na parterze. Do budynku można wejść z psem asystującym. "
        "Na prośbę zapewniamy tłumacza polskiego języka migowego (zgłoszenie co "
        "najmniej 3 dni robocze wcześniej).</p>"
    ),
    "mobile_apps": "Podmiot nie udostępnia aplikacji mobilnych.",
}
