"""Themes: names on a tiny two-topic corpus, sizes, groups, quotes, determinism."""

from __future__ import annotations

import pytest

from journeymap.analytics.text.themes import default_k, find_themes, themes_for_group
from journeymap.errors import InputError

TEXTS = [
    "The courier delivered the parcel late",
    "Parcel delivery was late again, courier lost",
    "Courier left the parcel at the door, delivery ok",
    "Late delivery, the courier never called",
    "The hotline agent was rude on the phone",
    "Waited on the phone, hotline agent hung up",
    "Hotline phone agent solved my problem",
    "Phone hotline agent was friendly",
    "Dostawa spóźniona, kurier zgubił paczkę",
    "Kurier zostawił paczkę, dostawa w porządku",
    "Paczka dotarła, kurier miły, dostawa szybka",
    "???",
]
LANGUAGES = ["en"] * 8 + ["pl"] * 3 + ["other"]
GROUPS = ["tp-delivery"] * 4 + ["tp-hotline"] * 4 + ["tp-delivery"] * 3 + [""]
SCORES = [-0.5, -0.5, 0.2, -0.4, -0.6, -0.5, 0.4, 0.5, -0.5, 0.3, 0.6, 0.0]


def test_two_clear_topics_are_named_by_their_top_terms() -> None:
    themes = find_themes(TEXTS, LANGUAGES, k=2, sentiments=SCORES, groups=GROUPS)
    english = [t for t in themes if t.language == "en"]
    assert [t.name for t in english] == ["agent, hotline, phone", "courier, delivery, parcel"]
    hotline, delivery = english
    assert (delivery.size, delivery.share, delivery.mean_sentiment) == (4, 0.5, -0.3)
    assert (hotline.size, hotline.share, hotline.mean_sentiment) == (4, 0.5, -0.05)
    assert [(g.group, g.size, g.share) for g in delivery.groups] == [("tp-delivery", 4, 1.0)]
    assert hotline.quotes == (
        "The hotline agent was rude on the phone",
        "Hotline phone agent solved my problem",
        "Phone hotline agent was friendly",
    )
    assert len(set(delivery.quotes)) == 3 and set(delivery.quotes) <= set(TEXTS[:4])


def test_polish_lemmas_name_polish_themes_and_other_languages_are_left_out() -> None:
    themes = find_themes(TEXTS, LANGUAGES, k=1, sentiments=SCORES)
    polish = [t for t in themes if t.language == "pl"]
    assert [(t.name, t.size, t.share) for t in polish] == [("dostawa, kurier, paczka", 3, 1.0)]
    assert {t.language for t in themes} == {"en", "pl"}
    assert all(t.groups == () for t in themes)


def test_themes_are_deterministic_for_a_seed() -> None:
    assert find_themes(TEXTS, LANGUAGES, seed=7) == find_themes(TEXTS, LANGUAGES, seed=7)


def test_themes_for_a_group() -> None:
    themes = find_themes(TEXTS, LANGUAGES, k=2, sentiments=SCORES, groups=GROUPS)
    found = themes_for_group(themes, "tp-hotline")
    assert [(theme.name, count) for theme, count in found] == [("agent, hotline, phone", 4)]
    assert themes_for_group(themes, "tp-none") == ()


def test_default_k() -> None:
    assert [default_k(n) for n in (2, 20, 45, 80, 125, 1000)] == [2, 2, 3, 4, 5, 12]


def test_too_little_text_gives_no_themes() -> None:
    assert find_themes(["ok"], ["en"]) == ()
    assert find_themes([], []) == ()


def test_bad_arguments() -> None:
    with pytest.raises(InputError, match="2 texts but 1 languages"):
        find_themes(["a", "b"], ["en"])
    with pytest.raises(InputError, match="groups"):
        find_themes(["a"], ["en"], groups=[])
    with pytest.raises(InputError, match="k must be at least 1"):
        find_themes(["a"], ["en"], k=0)
