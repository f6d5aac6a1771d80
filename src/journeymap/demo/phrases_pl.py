"""Polish phrase parts for open survey answers (see ``phrases_en`` for the layout).

Sentences avoid gendered first-person past forms, so any customer can have written them;
``{product}`` is in the genitive (``zakup pralki``).
"""

from __future__ import annotations

OPENERS = {
    "neg": ("Szczerze mówiąc,", "Niestety.", "Rozczarowanie.", "Bardzo frustrujące:",
            "Znowu to samo:", "Słabo."),
    "mid": ("Ogólnie w porządku.", "Mieszane uczucia.", "Przeciętnie.", "Bez rewelacji.",
            "Tak sobie.", "Jest OK."),
    "pos": ("Świetna robota!", "Dziękuję!", "Rewelacja.", "Pełen profesjonalizm.",
            "Bardzo dobrze.", "Super obsługa."),
}
CLOSERS = {
    "neg": ("Proszę to naprawić.", "Oczekuję więcej od Nordlys.",
            "Następnym razem pewnie kupię gdzie indziej.", "To musi się zmienić.", "Szkoda.",
            ""),
    "mid": ("Mogłoby być lepiej.", "Jest co poprawiać.", "Zobaczymy następnym razem.", "",
            "Spełniło swoje zadanie."),
    "pos": ("Polecam!", "Na pewno wrócę.", "Tak trzymać!", "", "Pięć gwiazdek.",
            "Jeszcze raz dziękuję."),
}
TOPICS = {
    "hotline": {
        "neg": ("Na połączenie z konsultantem trzeba było czekać {minutes} minut.",
                "Rozmowę przełączano {times} razy i za każdym razem trzeba było wszystko "
                "tłumaczyć od nowa.",
                "Połączenie zerwało się po {minutes} minutach w kolejce.",
                "Konsultant nie widział mojego zamówienia i tylko czytał formułki."),
        "mid": ("Infolinia w końcu odebrała, problem rozwiązany w połowie.",
                "Konsultant był uprzejmy, ale czekanie trwało {minutes} minut."),
        "pos": ("Konsultant na infolinii załatwił sprawę w jednej rozmowie.",
                "Krótkie czekanie i bardzo kompetentna osoba na infolinii."),
    },
    "web_checkout": {
        "neg": ("Opcje dostawy w koszyku są niejasne, a ceny pojawiają się za późno.",
                "Nie da się łatwo sprawdzić, która dostawa jest najtańsza.",
                "Płatność dwa razy się nie powiodła i nie wiadomo dlaczego.",
                "Za dużo kroków w zamówieniu, strona z dostawą to bałagan."),
        "mid": ("Zamówienie działa, ale krok z dostawą mógłby być prostszy.",
                "Zakup {product} trwał dłużej, niż powinien."),
        "pos": ("Szybkie zamówienie, zakup {product} zajął dwie minuty.",
                "Sprawne zamawianie na stronie, czytelne podsumowanie."),
    },
    "app_checkout": {
        "neg": ("Aplikacja wylogowuje, a reset hasła nie zadziałał {times} razy.",
                "Logowanie i reset hasła w kółko, bez końca.",
                "Aplikacja każe ustawić nowe hasło, a potem go nie przyjmuje."),
        "mid": ("Aplikacja jest w porządku, gdy już się zalogujesz.",
                "Zamawianie w aplikacji działa, logowanie to udręka."),
        "pos": ("Zakup {product} w aplikacji był bezproblemowy.",
                "Aplikacja jest szybka i wszystko pamięta."),
    },
    "store": {
        "neg": ("Nikt w sklepie nie umiał odpowiedzieć na pytania dotyczące {product}.",
                "Brak {product} na stanie, choć egzemplarz stał na wystawie."),
        "mid": ("W sklepie był tłok, ale obsługa się starała.",
                "Zakup {product} w porządku, ale kolejka do kasy długa."),
        "pos": ("Obsługa w sklepie świetnie doradziła przy zakupie {product}.",
                "Miły sklep, zakup {product} zajął dziesięć minut."),
    },
    "delivery": {
        "neg": ("Paczka dotarła z {days}-dniowym opóźnieniem.",
                "Kurier nawet nie zadzwonił domofonem."),
        "mid": ("Dostawa na czas, ale śledzenie przesyłki mało dokładne.",
                "Karton trochę uszkodzony, ale zawartość cała."),
        "pos": ("Dostawa {product} już następnego dnia, świetnie zapakowana.",
                "Dostawa dokładnie w obiecanym oknie czasowym."),
    },
    "chat": {
        "neg": ("Czat zamiast odpowiedzi wysyła tylko linki.",
                "Czekanie na czacie trwało {minutes} minut, a potem okno się zamknęło."),
        "mid": ("Czat odpowiedział, ale powoli.", "Czat trochę pomógł."),
        "pos": ("Czat rozwiązał sprawę w kilka minut.",
                "Pomocna osoba na czacie, jasne odpowiedzi."),
    },
    "service_point": {
        "neg": ("Naprawa {product} trwała tygodniami.",
                "Punkt serwisowy nie miał żadnych informacji o mojej gwarancji."),
        "mid": ("Punkt serwisowy w końcu naprawił sprzęt.",
                "Naprawa w porządku, ale kontakt słaby."),
        "pos": ("Punkt serwisowy szybko poradził sobie z naprawą {product}.",
                "Bardzo profesjonalny serwis."),
    },
    "returns": {
        "neg": ("Na etykietę zwrotną trzeba było czekać {days} dni.",
                "Zgłoszenie zwrotu proste, ale etykieta przyszła dopiero po {days} dniach.",
                "Nikt nie informuje, kiedy przyjdzie etykieta zwrotna."),
        "mid": ("Zwrot się udał, choć etykieta przyszła powoli.",
                "Pieniądze wróciły, ale cały zwrot trwał za długo."),
        "pos": ("Zwrot {product} bez żadnego problemu.",
                "Szybki zwrot pieniędzy, bez zbędnych pytań."),
    },
    "relationship": {
        "neg": ("Ceny są w porządku, ale obsługa zawodzi.",
                "Po ostatnim zamówieniu nie polecam Nordlys."),
        "mid": ("Dobre produkty, obsługa bywa różna.", "Nordlys jest OK, jak inne duże sklepy."),
        "pos": ("Nordlys to mój pierwszy wybór, jeśli chodzi o elektronikę.",
                "Dobre ceny, dobre sklepy, a punkty w klubie to miły dodatek."),
    },
}
PRODUCTS = ("pralki", "telewizora", "laptopa", "ekspresu do kawy", "odkurzacza",
            "słuchawek", "lodówki", "telefonu", "frytkownicy beztłuszczowej", "lampy")
