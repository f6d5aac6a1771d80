"""Representative quotes per group (touchpoint): typical, most negative, most positive.

Only readable answers are quoted (between ``min_chars`` and ``max_chars``; if a group has
none, any answer), each text at most once. Typical means closest to the group's centre in a
TF-IDF space of character n-grams, skipping near duplicates of quotes already picked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.analytics.text.sentiment import analyse_sentiment
from journeymap.analytics.text.tokens import fold
from journeymap.errors import InputError

MIN_CHARS = 15
MAX_CHARS = 240
#: Cosine similarity above which two answers count as the same quote.
NEAR_DUPLICATE = 0.7
_SPACES = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Quote:
    """An answer quoted: its text, sentiment score and position in the input."""

    text: str
    score: float
    index: int


@dataclass(frozen=True)
class GroupQuotes:
    """Quotes of one group: how many answers it had, typical ones, and the two extremes."""

    group: str
    n: int
    typical: tuple[Quote, ...]
    most_negative: Quote | None
    most_positive: Quote | None


def distinct_key(text: str) -> str:
    """What two texts share when they are the same quote (case, accents, punctuation aside)."""
    return _SPACES.sub(" ", fold(text)).strip()


def readable(text: str, min_chars: int = MIN_CHARS, max_chars: int = MAX_CHARS) -> bool:
    """Whether ``text`` is long enough to say something and short enough to read at a glance."""
    return min_chars <= len(text.strip()) <= max_chars


def _vectors(texts: Sequence[str]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))
    return vectorizer.fit_transform([fold(text) for text in texts])


def pick_distinct(texts: Sequence[str], order: Sequence[int], count: int) -> list[int]:
    """The first ``count`` of ``order`` (positions in ``texts``) that are not near duplicates."""
    if not order:
        return []
    matrix = _vectors([texts[i] for i in order])
    picked: list[int] = []
    for row in range(len(order)):
        similar = (matrix[picked] @ matrix[row].T).toarray() if picked else None
        if similar is None or float(similar.max()) < NEAR_DUPLICATE:
            picked.append(row)
        if len(picked) == count:
            break
    return [order[row] for row in picked]


def _typical(texts: list[str], count: int) -> list[int]:
    """Positions of up to ``count`` texts closest to their centre, no near duplicates."""
    matrix = _vectors(texts)
    closeness = matrix @ matrix.mean(axis=0).A1
    order = sorted(range(len(texts)), key=lambda i: (-round(float(closeness[i]), 9), i))
    return pick_distinct(texts, order, count)


def _group_quotes(
    group: str,
    members: list[int],
    texts: Sequence[str],
    scores: Sequence[float],
    bounds: tuple[int, int],
    count: int,
) -> GroupQuotes:
    pool = [i for i in members if readable(texts[i], *bounds)] or members
    unique: dict[str, int] = {}
    for i in pool:
        unique.setdefault(distinct_key(texts[i]), i)
    candidates = [i for i in unique.values() if texts[i].strip()]
    if not candidates:
        return GroupQuotes(group, len(members), (), None, None)
    quote = {i: Quote(texts[i].strip(), scores[i], i) for i in candidates}
    typical = [candidates[p] for p in _typical([texts[i] for i in candidates], count)]
    negative = min(candidates, key=lambda i: (scores[i], i))
    positive = max(candidates, key=lambda i: (scores[i], -i))
    return GroupQuotes(
        group=group,
        n=len(members),
        typical=tuple(quote[i] for i in typical),
        most_negative=quote[negative] if scores[negative] < 0 else None,
        most_positive=quote[positive] if scores[positive] > 0 else None,
    )


def representative_quotes(
    texts: Sequence[str],
    groups: Sequence[str] | None = None,
    *,
    scores: Sequence[float] | None = None,
    languages: Sequence[str] | None = None,
    per_group: int = 3,
    min_chars: int = MIN_CHARS,
    max_chars: int = MAX_CHARS,
) -> tuple[GroupQuotes, ...]:
    """Quotes per group, largest group first; all texts form one group ``""`` without groups.

    ``scores`` are sentiment scores in [-1, 1] (computed when not given, in ``languages``).
    """
    if groups is not None and len(groups) != len(texts):
        raise InputError(f"got {len(texts)} texts but {len(groups)} groups")
    if scores is not None and len(scores) != len(texts):
        raise InputError(f"got {len(texts)} texts but {len(scores)} scores")
    if per_group < 1 or min_chars < 0 or max_chars < min_chars:
        raise InputError("per_group must be >= 1 and 0 <= min_chars <= max_chars")
    if scores is None:
        scores = [result.score for result in analyse_sentiment(texts, languages)]
    keys = list(groups) if groups is not None else [""] * len(texts)
    members: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        members.setdefault(key, []).append(index)
    ordered = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(
        _group_quotes(group, rows, texts, scores, (min_chars, max_chars), per_group)
        for group, rows in ordered
    )
