"""Measuring sentiment against a labelled set (``text,label`` CSV files).

Two views, as reported in docs/voice-of-the-customer-text.md: three classes (positive,
negative, neutral) on every row, and positive vs negative on the rows labelled so, where a
neutral prediction counts as a miss (the method abstained, it did not get it right).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from journeymap.analytics.text.sentiment import LABELS, NEGATIVE, POSITIVE, analyse_sentiment
from journeymap.errors import DataFileError

Predictor = Callable[[Sequence[str], Sequence[str]], Sequence[str]]


@dataclass(frozen=True)
class Evaluation:
    """Accuracy and macro-F1 of one method on one language's labelled set."""

    language: str
    n: int
    n_binary: int
    binary_accuracy: float
    binary_macro_f1: float
    accuracy: float
    macro_f1: float


def _records(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(str(path), f"cannot read the file ({exc})") from exc


def read_labelled(path: Path) -> tuple[list[str], list[str]]:
    """Texts and labels from a CSV file starting ``text,label``; a bad row is an error naming it."""
    header, records = _records(path)
    if header[:2] != ["text", "label"]:
        raise DataFileError(str(path), "wrong header", row=1, expected="text,label")
    texts: list[str] = []
    labels: list[str] = []
    for row_number, row in enumerate(records, start=2):
        text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
        if not text or label not in LABELS:
            raise DataFileError(
                str(path),
                "bad value",
                row=row_number,
                column="text" if not text else "label",
                expected="a non-empty text and one of " + ", ".join(LABELS),
            )
        texts.append(text)
        labels.append(label)
    return texts, labels


def lexicon_predictor(texts: Sequence[str], languages: Sequence[str]) -> list[str]:
    """Labels from the lexicon alone (no training data): the method the docs table measures."""
    return [result.label for result in analyse_sentiment(texts, languages)]


def evaluate(
    texts: Sequence[str],
    labels: Sequence[str],
    language: str,
    predictor: Predictor = lexicon_predictor,
) -> Evaluation:
    """Score ``predictor`` on one language's labelled texts (rounded to 3 decimals)."""
    from sklearn.metrics import accuracy_score, f1_score

    predicted = list(predictor(texts, [language] * len(texts)))
    binary = [(g, p) for g, p in zip(labels, predicted, strict=True) if g in (POSITIVE, NEGATIVE)]
    gold_b, pred_b = [g for g, _ in binary], [p for _, p in binary]
    pair = [POSITIVE, NEGATIVE]
    return Evaluation(
        language=language,
        n=len(labels),
        n_binary=len(binary),
        binary_accuracy=round(float(accuracy_score(gold_b, pred_b)), 3),
        binary_macro_f1=round(float(f1_score(gold_b, pred_b, labels=pair, average="macro")), 3),
        accuracy=round(float(accuracy_score(labels, predicted)), 3),
        macro_f1=round(float(f1_score(labels, predicted, labels=list(LABELS), average="macro")), 3),
    )
