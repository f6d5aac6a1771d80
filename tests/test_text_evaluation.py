"""The sentiment evaluation table in the docs, recomputed on the held-apart sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymap.analytics.text.evaluation import Evaluation, evaluate, read_labelled
from journeymap.analytics.text.language import detect_languages
from journeymap.analytics.text.sentiment import SentimentModel
from journeymap.errors import DataFileError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DOC = ROOT / "docs" / "voice-of-the-customer-text.md"
LANGUAGES = ("pl", "bg", "en")
LEXICON, MODEL = "lexicon", "lexicon + weak-label model"


def doc_rows() -> dict[tuple[str, str], list[str]]:
    rows: dict[tuple[str, str], list[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] in LANGUAGES:
            rows[(cells[0], cells[1])] = cells[2:]
    return rows


def as_cells(result: Evaluation) -> list[str]:
    return [str(result.n), str(result.n_binary)] + [
        f"{value:.3f}"
        for value in (
            result.binary_accuracy,
            result.binary_macro_f1,
            result.accuracy,
            result.macro_f1,
        )
    ]


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    texts, labels = read_labelled(DATA / "sentiment_weak_demo.csv")
    for language in LANGUAGES:
        dev_texts, dev_labels = read_labelled(DATA / f"sentiment_dev_{language}.csv")
        texts += dev_texts
        labels += dev_labels
    return SentimentModel(seed=0).fit(texts, labels)


@pytest.mark.parametrize("language", LANGUAGES)
def test_docs_table_matches_the_held_apart_set(language: str, model: SentimentModel) -> None:
    texts, labels = read_labelled(DATA / f"sentiment_eval_{language}.csv")
    assert len(texts) >= 150
    assert {"positive", "negative", "neutral"} == set(labels)
    rows = doc_rows()
    lexicon = evaluate(texts, labels, language)
    learned = evaluate(
        texts, labels, language, lambda t, langs: [r.label for r in model.predict(t, langs)]
    )
    assert rows[(language, LEXICON)] == as_cells(lexicon)
    assert rows[(language, MODEL)] == as_cells(learned)
    assert learned.binary_accuracy >= 0.80


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_detection_on_the_held_apart_set(language: str) -> None:
    texts, _ = read_labelled(DATA / f"sentiment_eval_{language}.csv")
    right = sum(r.language == language for r in detect_languages(texts))
    assert rows_language_accuracy()[language] == f"{right / len(texts):.3f}"


def rows_language_accuracy() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"^\| (pl|bg|en) \| (\d\.\d{3}) \|", text, flags=re.MULTILINE))


def test_eval_and_dev_sets_do_not_overlap() -> None:
    for language in LANGUAGES:
        evaluation, _ = read_labelled(DATA / f"sentiment_eval_{language}.csv")
        dev, _ = read_labelled(DATA / f"sentiment_dev_{language}.csv")
        weak, _ = read_labelled(DATA / "sentiment_weak_demo.csv")
        assert not set(evaluation) & (set(dev) | set(weak)), language


def test_evaluate_exact_numbers() -> None:
    gold = ["positive", "positive", "negative", "negative", "neutral"]
    predicted = ["positive", "neutral", "negative", "positive", "neutral"]
    result = evaluate(["a"] * 5, gold, "en", lambda texts, languages: predicted)
    # pos-vs-neg: 2 of 4 right; F1 positive = 2*(1/2*1/2)/(1) = 0.5, negative = 2*(1*0.5)/1.5.
    assert result == Evaluation("en", 5, 4, 0.5, 0.583, 0.6, 0.611)


def test_read_labelled_names_the_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "set.csv"
    path.write_text("text,label\nGood,positive\nBad,awful\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"row 3, column 'label'"):
        read_labelled(path)
    path.write_text("comment,label\nGood,positive\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="expected text,label"):
        read_labelled(path)
    path.write_bytes(b"text,label\n\xff\xfe,positive\n")
    with pytest.raises(DataFileError, match="cannot read the file"):
        read_labelled(path)
    with pytest.raises(DataFileError, match="cannot read the file"):
        read_labelled(tmp_path / "missing.csv")
