"""The report's own words in English, Polish and Bulgarian, and locale-aware numbers.

The report is rendered below the web layer (docs/adr/0013-reports-and-exports.md), so it
cannot use the web UI's gettext catalogs; its few dozen headings and labels live here, as
English message -> (Polish, Bulgarian). ``tests/test_reports_labels.py`` fails when a
message lacks a translation. Numbers and dates are formatted with Babel in the report's
language (the same CLDR data the web UI uses).
"""

from __future__ import annotations

from datetime import date

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from journeymap.errors import InputError

LANGUAGES = ("en", "pl", "bg")
MISSING = "—"

#: English message -> (Polish, Bulgarian). Placeholders are ``%(name)s``.
MESSAGES: dict[str, tuple[str, str]] = {
    # cover and sections
    "Customer journey report": ("Raport ze ścieżki klienta", "Доклад за пътуването на клиента"),
    "Journey map": ("Mapa podróży klienta", "Карта на пътуването на клиента"),
    "Workspace": ("Przestrzeń robocza", "Работно пространство"),
    "Map": ("Mapa", "Карта"),
    "Version": ("Wersja", "Версия"),
    "Scope": ("Zakres", "Обхват"),
    "Date": ("Data", "Дата"),
    "Contents": ("Spis treści", "Съдържание"),
    "Summary of KPIs": ("Podsumowanie wskaźników KPI", "Обобщение на KPI"),
    "Personas": ("Persony", "Персони"),
    "Flows": ("Przepływy", "Потоци"),
    "Top paths through the stages": ("Najczęstsze ścieżki przez etapy",
                                     "Най-чести пътища през етапите"),
    "Stage funnel": ("Lejek etapów", "Фуния на етапите"),
    "Voice of the customer": ("Głos klienta", "Гласът на клиента"),
    "KPIs by touchpoint": ("KPI według punktów styku", "KPI по допирни точки"),
    "Themes of the open answers": ("Tematy otwartych odpowiedzi",
                                   "Теми в свободните отговори"),
    "Pain points": ("Punkty bólu", "Болезнени точки"),
    "Opportunities": ("Szanse", "Възможности"),
    "Action plan": ("Plan działań", "План за действие"),
    "Locations": ("Lokalizacje", "Локации"),
    "Comparison of map versions": ("Porównanie wersji mapy",
                                   "Сравнение на версиите на картата"),
    "Stages %(first)s–%(last)s of %(total)s": ("Etapy %(first)s–%(last)s z %(total)s",
                                               "Етапи %(first)s–%(last)s от %(total)s"),
    "Page": ("Strona", "Страница"),
    "of": ("z", "от"),
    # variants
    "as_is": ("stan obecny", "текущо състояние"),
    "to_be": ("stan docelowy", "желано състояние"),
    # KPIs
    "KPI": ("KPI", "KPI"),
    "Value": ("Wartość", "Стойност"),
    "95% interval": ("Przedział 95%", "95% интервал"),
    "csat": ("CSAT (zadowolenie, %)", "CSAT (удовлетвореност, %)"),
    "nps": ("NPS", "NPS"),
    "ces": ("CES (łatwość, 1–7)", "CES (лекота, 1–7)"),
    "churn_rate": ("Wskaźnik odejść (%)", "Дял на отпадналите (%)"),
    "conversion": ("Konwersja do ostatniego etapu (%)", "Конверсия до последния етап (%)"),
    # personas
    "Goals": ("Cele", "Цели"),
    "Needs": ("Potrzeby", "Нужди"),
    "Frustrations": ("Frustracje", "Фрустрации"),
    "Traits": ("Cechy", "Характеристики"),
    # flows and voice
    "Path": ("Ścieżka", "Път"),
    "Customers": ("Klienci", "Клиенти"),
    "Share": ("Udział", "Дял"),
    "Stage": ("Etap", "Етап"),
    "Conversion to the next stage": ("Konwersja do następnego etapu",
                                     "Конверсия към следващия етап"),
    "Drop-off": ("Porzucenia", "Отпаднали"),
    "Touchpoint": ("Punkt styku", "Допирна точка"),
    "Theme": ("Temat", "Тема"),
    "Language": ("Język", "Език"),
    "Answers": ("Odpowiedzi", "Отговори"),
    "Mean sentiment": ("Średni sentyment", "Среден сентимент"),
    "Quotes": ("Cytaty", "Цитати"),
    "Emotions": ("Emocje", "Емоции"),
    # pain points, opportunities, actions
    "Rank": ("Pozycja", "Ранг"),
    "Pain point": ("Punkt bólu", "Болезнена точка"),
    "Severity": ("Waga", "Тежест"),
    "Status": ("Status", "Статус"),
    "Affected customers": ("Dotknięci klienci", "Засегнати клиенти"),
    "Score": ("Wynik", "Оценка"),
    "Evidence": ("Dowody", "Доказателства"),
    "Opportunity": ("Szansa", "Възможност"),
    "Reach": ("Zasięg", "Достигане"),
    "Impact": ("Wpływ", "Въздействие"),
    "Confidence": ("Pewność", "Увереност"),
    "Effort": ("Nakład", "Усилие"),
    "Action": ("Działanie", "Действие"),
    "Owner": ("Właściciel", "Отговорник"),
    "Due": ("Termin", "Срок"),
    "Target KPI": ("Docelowy KPI", "Целеви KPI"),
    "Baseline": ("Wartość wyjściowa", "Изходна стойност"),
    "Target": ("Cel", "Цел"),
    "Measured effect": ("Zmierzony efekt", "Измерен ефект"),
    "before %(value)s (n = %(n)s), after %(after)s (n = %(after_n)s)": (
        "przed %(value)s (n = %(n)s), po %(after)s (n = %(after_n)s)",
        "преди %(value)s (n = %(n)s), след %(after)s (n = %(after_n)s)"),
    "difference %(value)s, 95%% interval %(interval)s, p = %(p)s": (
        "różnica %(value)s, przedział 95%% %(interval)s, p = %(p)s",
        "разлика %(value)s, 95%% интервал %(interval)s, p = %(p)s"),
    "not measured yet": ("jeszcze nie zmierzono", "още не е измерено"),
    "Name": ("Nazwa", "Име"),
    "Type": ("Typ", "Тип"),
    "City": ("Miasto", "Град"),
    "Country": ("Kraj", "Държава"),
    "Coordinates": ("Współrzędne", "Координати"),
    "no coordinates": ("brak współrzędnych", "няма координати"),
    # comparison
    "Kind": ("Rodzaj", "Вид"),
    "Added": ("Dodane", "Добавени"),
    "Removed": ("Usunięte", "Премахнати"),
    "Changed": ("Zmienione", "Променени"),
    "Moved": ("Przeniesione", "Преместени"),
    "Changes": ("Zmiany", "Промени"),
    "Fields": ("Pola", "Полета"),
    "added": ("dodano", "добавено"),
    "removed": ("usunięto", "премахнато"),
    "changed": ("zmieniono", "променено"),
    "moved": ("przeniesiono", "преместено"),
    "kind:map": ("mapa", "карта"),
    "kind:stage": ("etap", "етап"),
    "kind:touchpoint": ("punkt styku", "допирна точка"),
    "kind:lane": ("wiersz", "ред"),
    "kind:card": ("karta", "картичка"),
    "kind:pain_point": ("punkt bólu", "болезнена точка"),
    "kind:opportunity": ("szansa", "възможност"),
    "kind:action": ("działanie", "действие"),
    # fields of map objects, in the comparison
    "field:name": ("nazwa", "име"),
    "field:title": ("tytuł", "заглавие"),
    "field:text": ("tekst", "текст"),
    "field:detail": ("szczegóły", "подробности"),
    "field:description": ("opis", "описание"),
    "field:scope": ("zakres", "обхват"),
    "field:variant": ("wersja", "версия"),
    "field:based_on": ("na podstawie", "въз основа на"),
    "field:personas": ("persony", "персони"),
    "field:persona": ("persona", "персона"),
    "field:stage": ("etap", "етап"),
    "field:touchpoint": ("punkt styku", "допирна точка"),
    "field:channel": ("kanał", "канал"),
    "field:owner": ("właściciel", "отговорник"),
    "field:department": ("dział", "отдел"),
    "field:location": ("lokalizacja", "локация"),
    "field:rules": ("reguły", "правила"),
    "field:score": ("wynik", "оценка"),
    "field:severity": ("waga", "тежест"),
    "field:status": ("status", "статус"),
    "field:kind": ("rodzaj", "вид"),
    "field:goals": ("cele", "цели"),
    "field:evidence": ("dowody", "доказателства"),
    "field:quotes": ("cytaty", "цитати"),
    "field:affected_customers": ("dotknięci klienci", "засегнати клиенти"),
    "field:source": ("źródło", "източник"),
    "field:value": ("wpływ", "въздействие"),
    "field:effort": ("nakład", "усилие"),
    "field:confidence": ("pewność", "увереност"),
    "field:reach": ("zasięg", "достигане"),
    "field:due": ("termin", "срок"),
    "field:target": ("cel", "цел"),
    "field:implemented_on": ("data wdrożenia", "дата на внедряване"),
    "field:pain_point": ("punkt bólu", "болезнена точка"),
    "field:pain_points": ("punkty bólu", "болезнени точки"),
    "field:opportunity": ("szansa", "възможност"),
    "field:opportunities": ("szanse", "възможности"),
    # empty sections
    "No KPIs yet: import survey answers and events.": (
        "Brak wskaźników: zaimportuj odpowiedzi z ankiet i zdarzenia.",
        "Все още няма KPI: импортирайте отговори от анкети и събития."),
    "No personas yet.": ("Brak person.", "Все още няма персони."),
    "The map has no stages yet.": ("Mapa nie ma jeszcze etapów.",
                                   "Картата все още няма етапи."),
    "No events imported yet.": ("Nie zaimportowano jeszcze zdarzeń.",
                                "Все още няма импортирани събития."),
    "No survey answers imported yet.": ("Nie zaimportowano jeszcze odpowiedzi z ankiet.",
                                        "Все още няма импортирани отговори от анкети."),
    "No open answers yet.": ("Brak otwartych odpowiedzi.", "Все още няма свободни отговори."),
    "No pain points yet.": ("Brak punktów bólu.", "Все още няма болезнени точки."),
    "No opportunities yet.": ("Brak szans.", "Все още няма възможности."),
    "No actions yet.": ("Brak działań.", "Все още няма действия."),
    "No locations yet.": ("Brak lokalizacji.", "Все още няма локации."),
    "No differences.": ("Brak różnic.", "Няма разлики."),
    # codes shown in tables
    "low": ("niska", "ниска"),
    "medium": ("średnia", "средна"),
    "high": ("wysoka", "висока"),
    "critical": ("krytyczna", "критична"),
    "hypothesis": ("hipoteza", "хипотеза"),
    "validated_qualitatively": ("potwierdzony jakościowo", "потвърдена качествено"),
    "validated_quantitatively": ("potwierdzony ilościowo", "потвърдена количествено"),
    "planned": ("zaplanowane", "планирано"),
    "in_progress": ("w toku", "в процес"),
    "blocked": ("zablokowane", "блокирано"),
    "done": ("wykonane", "завършено"),
    "cancelled": ("anulowane", "отменено"),
    "improved": ("poprawa", "подобрение"),
    "no detectable change": ("brak wykrywalnej zmiany", "няма установима промяна"),
    "worsened": ("pogorszenie", "влошаване"),
    "not enough answers": ("za mało odpowiedzi", "недостатъчно отговори"),
    "not enough data": ("za mało danych", "недостатъчно данни"),
    # lane kinds, for lanes without a title
    "lane:goals": ("Cele", "Цели"),
    "lane:actions": ("Działania", "Действия"),
    "lane:touchpoints": ("Punkty styku", "Допирни точки"),
    "lane:channels": ("Kanały", "Канали"),
    "lane:thoughts": ("Myśli", "Мисли"),
    "lane:emotions": ("Emocje", "Емоции"),
    "lane:pain_points": ("Punkty bólu", "Болезнени точки"),
    "lane:opportunities": ("Szanse", "Възможности"),
    "lane:backstage": ("Zaplecze", "Вътрешни процеси"),
    "lane:metrics": ("Wskaźniki", "Показатели"),
    "lane:text": ("Notatki", "Бележки"),
}

#: English texts of keys that are codes (``kind:stage`` reads "stage" in English).
ENGLISH = {
    "as_is": "as-is", "to_be": "to-be", "csat": "CSAT (satisfied, %)", "nps": "NPS",
    "ces": "CES (ease, 1–7)", "churn_rate": "Churn rate (%)",
    "conversion": "Conversion to the last stage (%)",
    "validated_qualitatively": "validated qualitatively",
    "validated_quantitatively": "validated quantitatively", "in_progress": "in progress",
    "kind:pain_point": "pain point", "lane:pain_points": "Pain points",
    "lane:backstage": "Backstage", "lane:text": "Notes",
}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InputError(f"the report language must be one of en, pl, bg; got {language!r}",
                         hint="choose --language en, pl or bg")
    return language


class Labels:
    """The report's words and number formats in one language."""

    def __init__(self, language: str) -> None:
        self.language = check_language(language)

    def __call__(self, message: str, **values: object) -> str:
        text = self.text(message)
        return text % values if values else text

    def text(self, message: str) -> str:
        if self.language == "en":
            if message in ENGLISH:
                return ENGLISH[message]
            if message.startswith(("kind:", "field:")):
                return message.split(":", 1)[1].replace("_", " ")
            if message.startswith("lane:"):
                return message[5:].replace("_", " ").capitalize()
            return message
        pair = MESSAGES.get(message)
        if pair is None:
            return message  # a code the catalog does not know (a custom metric): as it is
        return pair[0] if self.language == "pl" else pair[1]

    def number(self, value: float | int | None, decimals: int | None = None) -> str:
        if value is None:
            return MISSING
        if decimals is None:
            return babel_numbers.format_decimal(value, locale=self.language)
        pattern = f"#,##0.{'0' * decimals}" if decimals else "#,##0"
        return babel_numbers.format_decimal(value, format=pattern, locale=self.language)

    def percent(self, share: float | None, decimals: int = 1) -> str:
        """A share 0..1 as a percentage."""
        if share is None:
            return MISSING
        return babel_numbers.format_percent(
            share, format=f"#,##0.{'0' * decimals}%" if decimals else "#,##0%",
            locale=self.language)

    def interval(self, low: float | None, high: float | None, decimals: int = 1) -> str:
        if low is None or high is None:
            return MISSING
        return f"{self.number(low, decimals)} – {self.number(high, decimals)}"

    def date(self, value: date | None) -> str:
        if value is None:
            return MISSING
        return babel_dates.format_date(value, "long", locale=self.language)
