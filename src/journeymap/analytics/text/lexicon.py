"""Lexicon scoring: word polarities with negation, intensifiers, contrast and phrases.

A word's polarity is looked up by its folded form, then its folded lemma, exact entries before
stems (longest stem wins). A negator flips the next sentiment word within three words of the
same clause ("nie polecam", "не е добре", "not good"); a negator whose scope holds no sentiment
word counts on its own ("brak kontaktu", "няма отговор"). Words after "but" weigh 1.5, before
it 0.5. The sum is squashed into [-1, 1] as VADER does: ``s / sqrt(s^2 + 15)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from types import MappingProxyType

from journeymap.analytics.text.tokens import SUPPORTED, clauses, fold, lemma, tokenize

NEGATION_SCOPE = 3
NEGATION_FACTOR = -0.75
SQUASH_ALPHA = 15.0
_MIN_STEM = 3


@dataclass(frozen=True)
class Lexicon:
    """One language's word polarities and modifiers (all keys folded)."""

    language: str
    words: MappingProxyType[str, float]
    stems: MappingProxyType[str, float]
    negators: MappingProxyType[str, float]
    intensifiers: MappingProxyType[str, float]
    contrast: frozenset[str]
    phrases: MappingProxyType[tuple[str, ...], float]

    def polarity(self, token: str) -> float:
        """The polarity of one token, 0.0 when the lexicon does not know it."""
        for key in dict.fromkeys((fold(token), fold(lemma(token, self.language)))):
            if key in self.words:
                return self.words[key]
        for key in dict.fromkeys((fold(token), fold(lemma(token, self.language)))):
            for end in range(len(key), _MIN_STEM - 1, -1):
                value = self.stems.get(key[:end])
                if value is not None:
                    return value
        return 0.0

    def phrase_at(self, keys: list[str], start: int) -> tuple[float, int] | None:
        """The longest phrase starting at ``keys[start]``, as (value, length)."""
        for length in range(min(5, len(keys) - start), 0, -1):
            value = self.phrases.get(tuple(keys[start : start + length]))
            if value is not None:
                return value, length
        return None


def _entries(spec: dict[int, str], sign: float) -> dict[str, float]:
    return {word: sign * weight for weight, words in spec.items() for word in words.split()}


@lru_cache(maxsize=8)
def load_lexicon(language: str) -> Lexicon | None:
    """The lexicon of ``language``, or None when there is none."""
    if language not in SUPPORTED:
        return None
    data = import_module(f"journeymap.analytics.text.lexicon_{language}")
    entries = {**_entries(data.POSITIVE, 1.0), **_entries(data.NEGATIVE, -1.0)}
    words = {fold(key): value for key, value in entries.items() if not key.endswith("*")}
    stems = {fold(key[:-1]): value for key, value in entries.items() if key.endswith("*")}
    phrases = {tuple(tokenize(fold(text))): value for text, value in data.PHRASES.items()}
    return Lexicon(
        language=language,
        words=MappingProxyType(words),
        stems=MappingProxyType(stems),
        negators=MappingProxyType({fold(k): v for k, v in data.NEGATORS.items()}),
        intensifiers=MappingProxyType({fold(k): v for k, v in data.INTENSIFIERS.items()}),
        contrast=frozenset(fold(word) for word in data.CONTRAST),
        phrases=MappingProxyType(phrases),
    )


def _modifies_next(lexicon: Lexicon, tokens: list[str], index: int) -> bool:
    """Whether an intensifier has a word to act on ("super" alone is a word of its own)."""
    if not lexicon.polarity(tokens[index - 1]):
        return True
    if index >= len(tokens):
        return False
    following = fold(tokens[index])
    return following in lexicon.intensifiers or bool(lexicon.polarity(tokens[index]))


def _clause_values(lexicon: Lexicon, tokens: list[str]) -> list[tuple[float, bool]]:
    """(value, is_after_contrast_marker) pairs for one clause."""
    keys = [fold(token) for token in tokens]
    out: list[tuple[float, bool]] = []
    scope, negator_value, boost, index = 0, 0.0, 1.0, 0
    while index < len(keys):
        key = keys[index]
        phrase = lexicon.phrase_at(keys, index)
        if phrase is not None:
            out.append((phrase[0] * boost, False))
            scope, boost, index = 0, 1.0, index + phrase[1]
            continue
        index += 1
        if key in lexicon.contrast:
            out.append((0.0, True))
        elif key in lexicon.negators:
            if scope:
                out.append((negator_value, False))
            scope, negator_value = NEGATION_SCOPE, lexicon.negators[key]
        elif key in lexicon.intensifiers and _modifies_next(lexicon, tokens, index):
            boost *= lexicon.intensifiers[key]
        elif value := lexicon.polarity(tokens[index - 1]):
            out.append((value * boost * (NEGATION_FACTOR if scope else 1.0), False))
            scope, boost = 0, 1.0
        else:
            boost = 1.0
            if scope:
                scope -= 1
                if not scope:
                    out.append((negator_value, False))
    if scope:
        out.append((negator_value, False))
    return out


def lexicon_score(text: str, language: str) -> float:
    """Sentiment of ``text`` in [-1, 1] by the lexicon of ``language`` (0.0 if none)."""
    lexicon = load_lexicon(language)
    if lexicon is None:
        return 0.0
    values = [item for clause in clauses(text) for item in _clause_values(lexicon, clause)]
    marks = [position for position, (_, is_mark) in enumerate(values) if is_mark]
    total = 0.0
    for position, (value, _) in enumerate(values):
        if marks:
            value *= 1.5 if position > marks[-1] else 0.5
        total += value
    return total / math.sqrt(total * total + SQUASH_ALPHA)
