"""Sentiment: labels, weak labels, the lexicon path and the weak-label model."""

from __future__ import annotations

import pytest

from journeymap.analytics.text.sentiment import (
    NEUTRAL_BAND,
    SentimentModel,
    SentimentResult,
    analyse_sentiment,
    label_of,
    weak_label,
)
from journeymap.errors import InputError


def test_label_of_uses_the_neutral_band() -> None:
    assert label_of(NEUTRAL_BAND) == "positive"
    assert label_of(-NEUTRAL_BAND) == "negative"
    assert label_of(0.149) == "neutral"
    assert label_of(-0.149) == "neutral"


@pytest.mark.parametrize(
    ("metric", "score", "label"),
    [
        ("csat", 1, "negative"),
        ("csat", 2, "negative"),
        ("csat", 3, None),
        ("csat", 4, "positive"),
        ("CSAT", 5, "positive"),
        ("nps", 0, "negative"),
        ("nps", 6, "negative"),
        ("nps", 7, None),
        ("nps", 8, None),
        ("nps", 9, "positive"),
        ("nps", 10, "positive"),
        ("ces", 7, None),
        ("ease", 5, None),
        ("csat", None, None),
    ],
)
def test_weak_labels(metric: str, score: float | None, label: str | None) -> None:
    assert weak_label(metric, score) == label


def test_lexicon_path_with_negation_in_three_languages() -> None:
    texts = ["Polecam", "Nie polecam", "Много добре", "Не е добре", "good", "not good", "Paczka"]
    results = analyse_sentiment(texts, ["pl", "pl", "bg", "bg", "en", "en", "pl"])
    assert [r.label for r in results] == [
        "positive",
        "negative",
        "positive",
        "negative",
        "positive",
        "negative",
        "neutral",
    ]
    assert {r.method for r in results} == {"lexicon"}
    assert results[4] == SentimentResult("positive", 0.458831, "lexicon")


def test_languages_are_detected_when_not_given() -> None:
    assert analyse_sentiment(["Nie polecam", "Не е добре"]) == analyse_sentiment(
        ["Nie polecam", "Не е добре"], ["pl", "bg"]
    )


def _training() -> tuple[list[str], list[str]]:
    texts = [f"blue parcel {i}" for i in range(20)] + [f"grey parcel {i}" for i in range(20)]
    return texts, ["positive"] * 20 + ["negative"] * 20


def test_model_decides_where_the_lexicon_is_silent() -> None:
    texts, labels = _training()
    model = SentimentModel(seed=3).fit(texts, labels)
    blue, grey, terrible = model.predict(
        ["blue parcel", "grey parcel", "blue parcel, terrible"], ["en", "en", "en"]
    )
    assert (blue.label, blue.method) == ("positive", "model")
    assert grey.label == "negative"
    assert terrible.label == "negative"  # the lexicon speaks, so it decides


def test_analyse_sentiment_trains_on_enough_weak_labels_and_is_deterministic() -> None:
    texts, labels = _training()
    weak: list[str | None] = [*labels]
    first = analyse_sentiment([*texts, "blue parcel"], ["en"] * 41, weak_labels=[*weak, None])
    again = analyse_sentiment([*texts, "blue parcel"], ["en"] * 41, weak_labels=[*weak, None])
    assert first == again
    assert first[-1].method == "model" and first[-1].label == "positive"
    few = analyse_sentiment(texts[:10], ["en"] * 10, weak_labels=weak[:10])
    assert {r.method for r in few} == {"lexicon"}


def test_model_errors() -> None:
    with pytest.raises(InputError, match="not been fitted"):
        SentimentModel().predict(["x"])
    with pytest.raises(InputError, match="two labels"):
        SentimentModel().fit(["a", "b"], ["positive", "positive"])
    with pytest.raises(InputError, match="unknown sentiment labels"):
        SentimentModel().fit(["a", "b"], ["positive", "great"])
    with pytest.raises(InputError, match="2 texts but 1 labels"):
        SentimentModel().fit(["a", "b"], ["positive"])
    with pytest.raises(InputError, match="1 texts but 2 languages"):
        analyse_sentiment(["a"], ["en", "pl"])
    with pytest.raises(InputError, match="weak labels"):
        analyse_sentiment(["a"], ["en"], weak_labels=[])
