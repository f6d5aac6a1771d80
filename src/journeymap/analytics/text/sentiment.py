"""Sentiment of open answers: positive / negative / neutral with a score in [-1, 1].

Two methods (docs/adr/0005-sentiment.md). The lexicon (:mod:`.lexicon`) needs no data. When a
workspace has enough answers whose own score gives a weak label (CSAT 1-2 negative, 4-5
positive; NPS 0-6 negative, 9-10 positive), :class:`SentimentModel` learns from them: a
logistic regression over TF-IDF character n-grams (robust to typos and missing diacritics)
that decides the answers the lexicon finds neutral.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.analytics.text.language import detect_language
from journeymap.analytics.text.lexicon import lexicon_score
from journeymap.errors import InputError

POSITIVE, NEGATIVE, NEUTRAL = "positive", "negative", "neutral"
LABELS = (POSITIVE, NEGATIVE, NEUTRAL)
#: Scores closer to 0 than this are neutral (chosen on the dev sets).
NEUTRAL_BAND = 0.15
#: Fewer weakly labelled answers than this, or only one class: the lexicon alone is used.
MIN_TRAINING = 30
_WEAK_RULES = {"csat": ((1, 2), (4, 5)), "nps": ((0, 6), (9, 10))}


@dataclass(frozen=True)
class SentimentResult:
    """One answer's sentiment: ``label``, ``score`` in [-1, 1] and ``method`` used."""

    label: str
    score: float
    method: str


def label_of(score: float) -> str:
    """The label of a score: neutral inside the neutral band."""
    if score >= NEUTRAL_BAND:
        return POSITIVE
    if score <= -NEUTRAL_BAND:
        return NEGATIVE
    return NEUTRAL


def weak_label(metric: str, score: float | None) -> str | None:
    """The label an answer's own score implies, or None (middle scores, other metrics).

    CES is left out on purpose: whether high means easy depends on how the question was asked.
    """
    rule = _WEAK_RULES.get(metric.strip().lower())
    if rule is None or score is None:
        return None
    (neg_low, neg_high), (pos_low, pos_high) = rule
    if neg_low <= score <= neg_high:
        return NEGATIVE
    if pos_low <= score <= pos_high:
        return POSITIVE
    return None


def _languages(texts: Sequence[str], languages: Sequence[str] | None) -> list[str]:
    if languages is None:
        return [detect_language(text).language for text in texts]
    if len(languages) != len(texts):
        raise InputError(f"got {len(texts)} texts but {len(languages)} languages")
    return list(languages)


class SentimentModel:
    """Character n-gram classifier trained on (weakly) labelled answers, backing the lexicon.

    Deterministic: the solver is deterministic and ``seed`` fixes anything random.
    """

    def __init__(self, *, seed: int = 0) -> None:
        self.seed = seed
        self._pipeline: Any = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SentimentModel:
        """Learn from ``texts`` and their labels (positive / negative / neutral)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        if len(texts) != len(labels):
            raise InputError(f"got {len(texts)} texts but {len(labels)} labels")
        unknown = sorted(set(labels) - set(LABELS))
        if unknown:
            raise InputError(f"unknown sentiment labels {unknown}", hint=f"use {list(LABELS)}")
        if len(set(labels)) < 2:
            raise InputError("sentiment training needs answers of at least two labels")
        vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, lowercase=True
        )
        classifier = LogisticRegression(
            C=4.0, class_weight="balanced", max_iter=2000, random_state=self.seed
        )
        self._pipeline = make_pipeline(vectorizer, classifier).fit(list(texts), list(labels))
        return self

    def predict(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> tuple[SentimentResult, ...]:
        """Each text's lexicon score, or half of P(pos) - P(neg) where the lexicon is neutral."""
        if self._pipeline is None:
            raise InputError("the sentiment model has not been fitted", hint="call fit() first")
        if not texts:
            return ()
        codes = _languages(texts, languages)
        classes = list(self._pipeline.classes_)
        probabilities = self._pipeline.predict_proba(list(texts))
        out: list[SentimentResult] = []
        for text, code, row in zip(texts, codes, probabilities, strict=True):
            learned = sum(
                float(p) * (1.0 if c == POSITIVE else -1.0 if c == NEGATIVE else 0.0)
                for c, p in zip(classes, row, strict=True)
            )
            lexical = lexicon_score(text, code)
            # The lexicon is precise when it speaks; the model fills in where it is silent.
            score = round(lexical if abs(lexical) >= NEUTRAL_BAND else 0.5 * learned, 6)
            out.append(SentimentResult(label_of(score), score, "model"))
        return tuple(out)


def analyse_sentiment(
    texts: Sequence[str],
    languages: Sequence[str] | None = None,
    *,
    weak_labels: Sequence[str | None] | None = None,
    seed: int = 0,
) -> tuple[SentimentResult, ...]:
    """Sentiment of each text, learning from ``weak_labels`` when there are enough.

    ``languages`` are detected when not given; ``weak_labels`` (see :func:`weak_label`) are
    aligned with ``texts``, None where an answer's score implies nothing.
    """
    codes = _languages(texts, languages)
    if weak_labels is not None:
        if len(weak_labels) != len(texts):
            raise InputError(f"got {len(texts)} texts but {len(weak_labels)} weak labels")
        pairs = [(t, w) for t, w in zip(texts, weak_labels, strict=True) if w is not None]
        if len(pairs) >= MIN_TRAINING and len({w for _, w in pairs}) >= 2:
            model = SentimentModel(seed=seed).fit([t for t, _ in pairs], [w for _, w in pairs])
            return model.predict(texts, codes)
    scores = [round(lexicon_score(text, code), 6) for text, code in zip(texts, codes, strict=True)]
    return tuple(SentimentResult(label_of(score), score, "lexicon") for score in scores)
