"""The voice of the customer: survey scores and open answers in Polish, Bulgarian, English.

Scores follow a distribution per survey point (the hotline's is the planted low one, and
customers whose payment failed or whose login looped answer worse). Open answers are put
together from phrase parts chosen by language, topic and the sentiment the score implies.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np
import numpy.typing as npt

from journeymap.demo import phrases_bg, phrases_en, phrases_pl
from journeymap.demo.behaviour import SURVEY_POINTS
from journeymap.demo.population import LANGUAGES, IntArray, pick

PHRASES: dict[str, ModuleType] = {"pl": phrases_pl, "bg": phrases_bg, "en": phrases_en}

#: CSAT 1..5 shares: (4) the hotline's planted low satisfaction against the rest
CSAT_USUAL = (0.03, 0.05, 0.09, 0.36, 0.47)
CSAT_HOTLINE = (0.18, 0.17, 0.20, 0.25, 0.20)
CSAT_UPSET = (0.30, 0.22, 0.20, 0.18, 0.10)
CES_RETURNS = (0.10, 0.15, 0.20, 0.20, 0.15, 0.12, 0.08)
NPS_USUAL = (0.02, 0.01, 0.02, 0.03, 0.04, 0.06, 0.07, 0.14, 0.19, 0.21, 0.21)
NPS_UPSET = (0.06, 0.04, 0.06, 0.07, 0.08, 0.10, 0.10, 0.15, 0.14, 0.10, 0.10)
SCALE_START = {"csat": 1, "ces": 1, "nps": 0}
#: scores at or below the first bound read as negative, above the second as positive
SENTIMENT_BOUNDS = {"csat": (2, 3), "ces": (3, 4), "nps": (6, 8)}
COMMENT_CHANCE = {"neg": 0.55, "mid": 0.25, "pos": 0.3}


def _distribution(key: str, metric: str, upset: bool) -> tuple[float, ...]:
    if metric == "nps":
        return NPS_UPSET if upset else NPS_USUAL
    if metric == "ces":
        return CES_RETURNS
    if upset:
        return CSAT_UPSET
    return CSAT_HOTLINE if key == "hotline" else CSAT_USUAL


def _table() -> npt.NDArray[np.float64]:
    """Row ``2 * point + upset`` holds that answer's score shares, padded to 11 columns."""
    table = np.zeros((2 * len(SURVEY_POINTS), 11))
    for index, point in enumerate(SURVEY_POINTS):
        for upset in (0, 1):
            shares = _distribution(point.key, point.metric, bool(upset))
            table[2 * index + upset, : len(shares)] = shares
    return table


def survey_scores(
    rng: np.random.Generator, point: IntArray, upset: npt.NDArray[np.bool_]
) -> IntArray:
    """One score per answer, on the scale of its survey point."""
    starts = np.array([SCALE_START[p.metric] for p in SURVEY_POINTS])
    scores: IntArray = pick(rng, _table()[2 * point + upset.astype(np.int64)]) + starts[point]
    return scores


def sentiment(metric: str, score: int) -> str:
    low, high = SENTIMENT_BOUNDS[metric]
    return "neg" if score <= low else "pos" if score > high else "mid"


@dataclass(frozen=True)
class Writer:
    """Puts open answers together; one per call, drawing from ``rng``."""

    rng: np.random.Generator

    def choose(self, options: tuple[str, ...]) -> str:
        return options[int(self.rng.integers(len(options)))]

    def answer(self, language: str, topic: str, mood: str) -> str:
        bank = PHRASES[language]
        core = self.choose(bank.TOPICS[topic][mood]).format(
            minutes=self.choose(("10", "15", "20", "25", "30", "35", "40", "45")),
            days=str(int(self.rng.integers(3, 10))),
            times=str(int(self.rng.integers(3, 7))),
            product=self.choose(bank.PRODUCTS),
        )
        parts = (self.choose(bank.OPENERS[mood]), core, self.choose(bank.CLOSERS[mood]))
        # An opener ending in a comma runs on into the sentence, so lower its first letter
        # (but never a name or the English "I").
        if parts[0].endswith(",") and not core.startswith(("Nordlys", "I ")):
            parts = (parts[0], core[0].lower() + core[1:], parts[2])
        return " ".join(part for part in parts if part)


def open_answers(
    rng: np.random.Generator, point: IntArray, score: IntArray, language: IntArray
) -> list[str]:
    """An open answer (or "") per survey answer, its sentiment matching the score."""
    writer = Writer(rng)
    draws = rng.random(len(point))
    texts = []
    for index in range(len(point)):
        survey = SURVEY_POINTS[int(point[index])]
        mood = sentiment(survey.metric, int(score[index]))
        if draws[index] >= COMMENT_CHANCE[mood]:
            texts.append("")
            continue
        texts.append(writer.answer(LANGUAGES[int(language[index])], survey.key, mood))
    return texts
