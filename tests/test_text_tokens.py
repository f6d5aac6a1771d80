"""Tokens, folding, lemmas and stop words for open answers."""

from __future__ import annotations

from journeymap.analytics.text.tokens import clauses, content_lemmas, fold, stop_words, tokenize


def test_fold_strips_polish_diacritics_but_keeps_cyrillic() -> None:
    assert fold("Świetnie, ŻÓŁĆ źdźbło") == "swietnie, zolc zdzblo"
    assert fold("Майка, Йордан") == "майка, йордан"


def test_tokenize_keeps_apostrophes_and_emoticons() -> None:
    assert tokenize("Nie polecam :( I don't know, 3 dni 😡") == [
        "nie",
        "polecam",
        ":(",
        "i",
        "don't",
        "know",
        "dni",
        "😡",
    ]


def test_clauses_split_at_punctuation() -> None:
    assert clauses("Good, but slow. Bad!\nнe") == [["good"], ["but", "slow"], ["bad"], ["нe"]]


def test_content_lemmas_per_language() -> None:
    assert content_lemmas("Dostawy były bardzo szybkie", "pl") == ["dostawa", "szybki"]
    assert content_lemmas("Доставките бяха много бързи", "bg") == ["доставка", "бърз"]
    assert content_lemmas("The couriers were delivering parcels", "en") == [
        "courier",
        "deliver",
        "parcel",
    ]


def test_unsupported_language_has_no_stop_words_and_keeps_tokens() -> None:
    assert stop_words("de") == frozenset()
    assert content_lemmas("Lieferung pünktlich", "de") == ["lieferung", "pünktlich"]
