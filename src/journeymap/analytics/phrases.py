"""Generated text in the workspace's language: persona names and descriptions, pain-point
titles.

Generated names are stored as data (people may edit them later), so they are written once in
the language of whoever runs the discovery or detection, not translated at display time.
Templates are kept simple so the grammar stays right without inflecting the words put in
them: a label and a colon (``Miasto: Sofia``) rather than a noun in the right case. Words
with no translation here (customer attributes, event names, levels) are shown as they are.
"""

from __future__ import annotations

import string
from typing import Literal

Language = Literal["en", "pl", "bg"]
LANGUAGES: tuple[Language, ...] = ("en", "pl", "bg")

#: key -> template with named placeholders, per language (all three have the same keys).
TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "customers": "Customers",
        "level": "{level} {feature}",
        "channel_first": "{channel}-first",
        "flag_yes": "{feature}",
        "flag_no": "no {feature}",
        "high": "high {feature}",
        "low": "low {feature}",
        "description": "Found by clustering the data up to {as_of}: {count}{share}.",
        "drop_off": "Journeys end at {touchpoint} without conversion",
        "loop": "Customers go round in circles at {touchpoint}",
        "slow_step": "Slow step from {source} to {target}",
        "channel_switch": "Customers switch from {channel} to {assisted} after {event}",
        "error_event": "Errors and complaints at {touchpoint}",
        "low_satisfaction": "Low {metric} at {touchpoint}",
        "negative_sentiment": "Negative comments about {touchpoint}",
    },
    "pl": {
        "customers": "Klienci",
        "level": "{feature}: {level}",
        "channel_first": "kanał: {channel}",
        "flag_yes": "{feature}: tak",
        "flag_no": "{feature}: nie",
        "high": "{feature}: powyżej średniej",
        "low": "{feature}: poniżej średniej",
        "description": "Znaleziona przez grupowanie danych do {as_of}: {count}{share}.",
        "drop_off": "Koniec podróży bez konwersji: {touchpoint}",
        "loop": "Klienci krążą w kółko: {touchpoint}",
        "slow_step": "Powolny krok: {source} → {target}",
        "channel_switch": "Zmiana kanału: {channel} → {assisted} po zdarzeniu {event}",
        "error_event": "Błędy i skargi: {touchpoint}",
        "low_satisfaction": "Niskie {metric}: {touchpoint}",
        "negative_sentiment": "Negatywne komentarze: {touchpoint}",
    },
    "bg": {
        "customers": "Клиенти",
        "level": "{feature}: {level}",
        "channel_first": "канал: {channel}",
        "flag_yes": "{feature}: да",
        "flag_no": "{feature}: не",
        "high": "{feature}: над средното",
        "low": "{feature}: под средното",
        "description": "Открита чрез групиране на данните до {as_of}: {count}{share}.",
        "drop_off": "Край на пътуването без конверсия: {touchpoint}",
        "loop": "Клиентите се въртят в кръг: {touchpoint}",
        "slow_step": "Бавна стъпка: {source} → {target}",
        "channel_switch": "Смяна на канала: {channel} → {assisted} след събитие {event}",
        "error_event": "Грешки и оплаквания: {touchpoint}",
        "low_satisfaction": "Нисък {metric}: {touchpoint}",
        "negative_sentiment": "Негативни коментари: {touchpoint}",
    },
}

#: Numeric persona traits in names: feature -> (high, low), per language.
TRAITS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "age": ("older", "younger"), "events": ("very active", "rarely active"),
        "active_days": ("frequent visitors", "rare visitors"),
        "journey_days": ("long-standing", "newcomers"),
        "recency_days": ("lapsed", "recently active"),
        "channels_used": ("omnichannel", "single-channel"),
        "orders": ("frequent buyers", "rare buyers"), "spend": ("big spenders", "small spenders"),
        "basket": ("big baskets", "small baskets"),
        "stage_reached": ("deep in the journey", "early in the journey"),
    },
    "pl": {
        "age": ("starsi", "młodsi"), "events": ("bardzo aktywni", "rzadko aktywni"),
        "active_days": ("częsti goście", "rzadcy goście"),
        "journey_days": ("długoletni", "nowi"),
        "recency_days": ("od dawna nieaktywni", "niedawno aktywni"),
        "channels_used": ("wielokanałowi", "jednokanałowi"),
        "orders": ("często kupujący", "rzadko kupujący"),
        "spend": ("wydający dużo", "wydający mało"),
        "basket": ("duże koszyki", "małe koszyki"),
        "stage_reached": ("daleko w ścieżce", "na początku ścieżki"),
    },
    "bg": {
        "age": ("по-възрастни", "по-млади"), "events": ("много активни", "рядко активни"),
        "active_days": ("чести посетители", "редки посетители"),
        "journey_days": ("дългогодишни", "новодошли"),
        "recency_days": ("отпаднали", "наскоро активни"),
        "channels_used": ("многоканални", "едноканални"),
        "orders": ("чести купувачи", "редки купувачи"),
        "spend": ("харчат много", "харчат малко"),
        "basket": ("големи колички", "малки колички"),
        "stage_reached": ("напреднали в пътя", "в началото на пътя"),
    },
}

#: Channel and common attribute names, (pl, bg); English shows them as they are.
WORDS: dict[str, tuple[str, str]] = {
    "app": ("aplikacja", "приложение"), "web": ("strona www", "уеб"),
    "store": ("sklep", "магазин"), "phone": ("telefon", "телефон"), "chat": ("czat", "чат"),
    "email": ("e-mail", "имейл"), "mail": ("poczta", "поща"),
    "social": ("media społecznościowe", "социални мрежи"), "ad": ("reklama", "реклама"),
    "other": ("inne", "друго"),
    "city": ("miasto", "град"), "country": ("kraj", "държава"), "gender": ("płeć", "пол"),
    "region": ("region", "регион"), "segment": ("segment", "сегмент"), "plan": ("plan", "план"),
    "tier": ("poziom", "ниво"), "language": ("język", "език"),
}

#: "N customers" with the language's plural forms (pl: 1, 2-4, 5+; bg and en: 1, more).
COUNT_FORMS: dict[str, tuple[str, ...]] = {
    "en": ("customer", "customers"),
    "pl": ("osoba", "osoby", "osób"),
    "bg": ("клиент", "клиенти"),
}


def language_of(code: str) -> Language:
    """``code`` as a Language; a language without phrases here gets English."""
    for known in LANGUAGES:
        if code == known:
            return known
    return "en"


def phrase(language: Language, key: str, **values: str) -> str:
    """The template ``key`` in ``language`` filled with ``values``."""
    return TEMPLATES[language][key].format(**values)


def word(language: Language, text: str) -> str:
    """A channel or attribute name in ``language`` (underscores as spaces); unknown ones as
    they are."""
    known = WORDS.get(text.lower())
    if language == "en" or known is None:
        return text.replace("_", " ")
    return known[0] if language == "pl" else known[1]


def trait(language: Language, feature: str) -> tuple[str, str] | None:
    """(high, low) words of a numeric trait, or None when it has none."""
    return TRAITS[language].get(feature)


def plural_index(language: Language, n: int) -> int:
    """Which of COUNT_FORMS[language] goes with ``n`` (the gettext rules of each language)."""
    if language == "pl":
        if n == 1:
            return 0
        return 1 if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else 2
    return 0 if n == 1 else 1


def count(language: Language, n: int) -> str:
    """``8 customers``, ``8 osób``, ``8 клиенти``."""
    return f"{n} {COUNT_FORMS[language][plural_index(language, n)]}"


def percent(language: Language, share: float) -> str:
    """A share as ``33.3%`` (en) or ``33,3%`` (pl, bg: decimal comma)."""
    text = f"{100 * share:.1f}%"
    return text if language == "en" else text.replace(".", ",")


def placeholders(template: str) -> set[str]:
    """The named placeholders of a template (the tests check each language has the same)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
