"""Rebuild the weak-label training set and print the sentiment evaluation table.

    .venv/bin/journeymap demo --no-serve --workspace /tmp/demo-ws3
    .venv/bin/python scripts/train-sentiment.py /tmp/demo-ws3/data/survey_answers.csv

Writes ``tests/data/sentiment_weak_demo.csv`` (the demo's distinct commented answers whose own
CSAT or NPS score implies a label; majority label per text) and prints the table for
``docs/voice-of-the-customer-text.md``, measured on the held-apart ``sentiment_eval_*`` sets;
the model is trained on the weak labels plus the dev sets (``sentiment_dev_*``).
No model file is shipped: the model trains in about a second from these answers.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from journeymap.analytics.text.evaluation import evaluate, read_labelled
from journeymap.analytics.text.sentiment import SentimentModel, weak_label

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def weak_rows(answers: Path) -> list[tuple[str, str, str]]:
    """(text, label, language) for each distinct weakly labelled comment, sorted."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with answers.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("comment") or "").strip()
            score = row.get("score") or ""
            label = weak_label(row.get("metric") or "", float(score)) if score else None
            if text and label is not None:
                votes[(text, row.get("language") or "")][label] += 1
    rows = [(t, max(sorted(c), key=c.__getitem__), lang) for (t, lang), c in votes.items()]
    return sorted(rows)


def training_model(weak: list[tuple[str, str, str]]) -> SentimentModel:
    """The model the docs measure: trained on the weak labels plus the dev sets."""
    texts, labels = [r[0] for r in weak], [r[1] for r in weak]
    for language in ("pl", "bg", "en"):
        dev_texts, dev_labels = read_labelled(DATA / f"sentiment_dev_{language}.csv")
        texts += dev_texts
        labels += dev_labels
    return SentimentModel(seed=0).fit(texts, labels)


def main(answers: Path) -> None:
    rows = weak_rows(answers)
    with (DATA / "sentiment_weak_demo.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "label", "language"])
        writer.writerows(rows)
    model = training_model(rows)
    print(
        "| language | method | n | pos-vs-neg n | pos-vs-neg accuracy | pos-vs-neg macro-F1 "
        "| 3-class accuracy | 3-class macro-F1 |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for language in ("pl", "bg", "en"):
        texts, labels = read_labelled(DATA / f"sentiment_eval_{language}.csv")
        for method, result in (
            ("lexicon", evaluate(texts, labels, language)),
            (
                "lexicon + weak-label model",
                evaluate(
                    texts,
                    labels,
                    language,
                    lambda t, langs: [r.label for r in model.predict(t, langs)],
                ),
            ),
        ):
            print(
                f"| {language} | {method} | {result.n} | {result.n_binary} | "
                f"{result.binary_accuracy:.3f} | {result.binary_macro_f1:.3f} | "
                f"{result.accuracy:.3f} | {result.macro_f1:.3f} |"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
