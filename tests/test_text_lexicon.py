"""Lexicon scoring: exact scores, negation flips, intensifiers, contrast, the word lists."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analytics.text.lexicon import lexicon_score, load_lexicon
from journeymap.analytics.text.tokens import SUPPORTED


def squash(total: float) -> float:
    return total / math.sqrt(total * total + 15.0)


@pytest.mark.parametrize(
    ("text", "language", "total"),
    [
        ("good", "en", 2.0),
        ("not good", "en", -1.5),
        ("very good", "en", 3.0),
        ("not very good", "en", -2.25),
        ("good but slow", "en", 0.5 * 2.0 - 1.5 * 2.0),
        ("Good, not bad.", "en", 3.0),
        ("polecam", "pl", 2.0),
        ("nie polecam", "pl", -2.5),
        ("Dobrze, ale nie jest dobrze", "pl", 0.5 * 2.0 - 1.5 * 1.5),
        ("swietnie", "pl", 3.0),
        ("Świetnie", "pl", 3.0),
        ("brak czasu", "pl", -1.5),
        ("bez problemu", "pl", 1.5),
        ("super szybko", "pl", 1.4 * 2.0),
        ("Super!", "pl", 2.0),
        ("добре", "bg", 2.0),
        ("не е добре", "bg", -1.5),
        ("няма отговор", "bg", -2.0),
        ("много бавно", "bg", -3.0),
        ("anything", "de", 0.0),
    ],
)
def test_exact_scores(text: str, language: str, total: float) -> None:
    assert lexicon_score(text, language) == pytest.approx(squash(total))


def test_negation_does_not_cross_a_comma() -> None:
    assert lexicon_score("nie, polecam", "pl") == pytest.approx(squash(2.0))
    assert lexicon_score("not that I care about the price, good", "en") > 0


def test_word_lists_are_consistent() -> None:
    for language in SUPPORTED:
        lexicon = load_lexicon(language)
        assert lexicon is not None
        for table in (lexicon.words, lexicon.stems):
            assert all(1.0 <= abs(value) <= 3.0 for value in table.values()), language
        assert all(len(stem) >= 3 for stem in lexicon.stems), language
        assert not set(lexicon.negators) & set(lexicon.words), language
    assert load_lexicon("de") is None


NEGATORS = {"en": "not", "pl": "nie", "bg": "не"}


def lexicon_words(language: str) -> list[tuple[str, str]]:
    lexicon = load_lexicon(language)
    assert lexicon is not None
    return [(language, word) for word in lexicon.words]


WORDS = sorted(pair for language in SUPPORTED for pair in lexicon_words(language))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WORDS))
def test_a_negator_flips_every_lexicon_word(pair: tuple[str, str]) -> None:
    language, word = pair
    plain = lexicon_score(word, language)
    negated = lexicon_score(f"{NEGATORS[language]} {word}", language)
    assert plain != 0.0
    assert math.copysign(1.0, negated) == -math.copysign(1.0, plain)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(SUPPORTED))
def test_score_stays_in_range(text: str, language: str) -> None:
    assert -1.0 <= lexicon_score(text, language) <= 1.0
