"""Generated text in three languages: every template everywhere, plural forms, numbers."""

from __future__ import annotations

import pytest

from journeymap.analytics.phrases import (
    COUNT_FORMS,
    LANGUAGES,
    TEMPLATES,
    TRAITS,
    WORDS,
    count,
    language_of,
    percent,
    phrase,
    placeholders,
    plural_index,
    word,
)


def test_every_template_in_every_language_with_the_same_placeholders() -> None:
    assert set(TEMPLATES) == set(LANGUAGES)
    keys = set(TEMPLATES["en"])
    for language in LANGUAGES:
        assert set(TEMPLATES[language]) == keys, language
        for key in keys:
            assert placeholders(TEMPLATES[language][key]) == \
                placeholders(TEMPLATES["en"][key]), (language, key)
            assert TEMPLATES[language][key].strip(), (language, key)


def test_every_trait_word_in_every_language() -> None:
    for language in LANGUAGES:
        assert set(TRAITS[language]) == set(TRAITS["en"]), language
        assert all(high and low and high != low for high, low in TRAITS[language].values())
    assert all(pl and bg for pl, bg in WORDS.values())
    assert all(len(COUNT_FORMS[language]) == {"en": 2, "pl": 3, "bg": 2}[language]
               for language in LANGUAGES)


@pytest.mark.parametrize(("n", "en", "pl", "bg"), [
    (0, "0 customers", "0 osób", "0 клиенти"),
    (1, "1 customer", "1 osoba", "1 клиент"),
    (2, "2 customers", "2 osoby", "2 клиенти"),
    (4, "4 customers", "4 osoby", "4 клиенти"),
    (5, "5 customers", "5 osób", "5 клиенти"),
    (12, "12 customers", "12 osób", "12 клиенти"),
    (22, "22 customers", "22 osoby", "22 клиенти"),
    (25, "25 customers", "25 osób", "25 клиенти"),
    (111, "111 customers", "111 osób", "111 клиенти"),
    (104, "104 customers", "104 osoby", "104 клиенти"),
])
def test_counts_take_the_plural_form_of_the_number(n: int, en: str, pl: str, bg: str) -> None:
    assert [count("en", n), count("pl", n), count("bg", n)] == [en, pl, bg]


def test_plural_index_follows_gettext_rules() -> None:
    assert [plural_index("pl", n) for n in (1, 2, 5, 13, 21, 23, 1000)] == [0, 1, 2, 2, 2, 1, 2]
    assert [plural_index("bg", n) for n in (0, 1, 2, 11)] == [1, 0, 1, 1]


def test_phrases_words_and_numbers() -> None:
    assert phrase("pl", "loop", touchpoint="Logowanie") == "Klienci krążą w kółko: Logowanie"
    assert phrase("bg", "slow_step", source="a", target="b") == "Бавна стъпка: a → b"
    assert [word("en", "app"), word("pl", "App"), word("bg", "app")] == [
        "app", "aplikacja", "приложение"]
    assert [word("en", "loyalty_tier"), word("pl", "loyalty_tier")] == [
        "loyalty tier", "loyalty tier"]
    assert [percent("en", 0.3333), percent("pl", 0.3333), percent("bg", 0.5)] == [
        "33.3%", "33,3%", "50,0%"]
    assert [language_of("pl"), language_of("bg"), language_of("de"), language_of("")] == [
        "pl", "bg", "en", "en"]
