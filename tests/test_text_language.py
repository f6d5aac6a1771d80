"""Language detection: script rules for short answers, py3langid restricted to a set."""

from __future__ import annotations

import pytest

from journeymap.analytics.text.language import LanguageResult, detect_language, detect_languages
from journeymap.errors import InputError

SHORT_TEXTS = [
    ("Dostawa była szybka", "pl"),
    ("Kurier spoznil sie 2 dni", "pl"),
    ("Bardzo dobrze", "pl"),
    ("Czekam na zwrot pieniedzy", "pl"),
    ("Zwrot przyjęty", "pl"),
    ("Paczka", "pl"),
    ("Obsługa", "pl"),
    ("Доставката закъсня", "bg"),
    ("Не е добре", "bg"),
    ("Много добре", "bg"),
    ("Благодаря!", "bg"),
    ("Нормално", "bg"),
    ("Не работи приложението", "bg"),
    ("Great staff, very helpful", "en"),
    ("The app keeps crashing", "en"),
    ("Hotline was useless", "en"),
    ("Thanks", "en"),
    ("Всё хорошо, спасибо", "other"),
    ("Das ist wirklich gut", "other"),
    ("C'est très bien, merci", "other"),
]


@pytest.mark.parametrize(("text", "language"), SHORT_TEXTS)
def test_language_of_short_texts(text: str, language: str) -> None:
    assert detect_language(text).language == language


def test_twenty_short_texts_all_right() -> None:
    results = detect_languages(text for text, _ in SHORT_TEXTS)
    assert [r.language for r in results] == [language for _, language in SHORT_TEXTS]


def test_script_decides_polish_letters_and_cyrillic() -> None:
    assert detect_language("Zwrot przyjęty") == LanguageResult("pl", 1.0, "script")
    assert detect_language("Не е добре") == LanguageResult("bg", 1.0, "script")
    assert detect_language("Дякую, все добре, їжа") == LanguageResult("other", 1.0, "script")


def test_no_letters_is_other() -> None:
    assert detect_language("12345 !!!") == LanguageResult("other", 0.0, "empty")


def test_language_set_is_configurable() -> None:
    assert detect_language("Das ist wirklich gut", ["pl", "bg", "en", "de"]).language == "de"
    assert detect_language("Не е добре", ["pl", "en"]).language == "other"
    assert detect_language("Dostawa była szybka", ["en", "bg"]).language == "en"


def test_bad_language_codes_are_an_input_error() -> None:
    with pytest.raises(InputError, match="two-letter"):
        detect_language("hello", ["english"])
    with pytest.raises(InputError):
        detect_language("hello", [])
