"""Which language an open answer is written in.

``py3langid`` is restricted to the target languages plus a few look-alikes (Czech and Slovak
look like Polish without diacritics, Russian and Macedonian like Bulgarian), so a clearly
foreign answer becomes ``"other"`` instead of being forced into a target. Short answers are
where n-gram models guess, so the script decides first: Polish letters mean Polish, Cyrillic
means Bulgarian unless letters of another Cyrillic alphabet are present or the model is sure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from journeymap.errors import InputError

#: The languages detected by default; anything else is reported as ``OTHER``.
DEFAULT_LANGUAGES = ("pl", "bg", "en")
OTHER = "other"
#: A foreign language must be at least this likely before it beats a target language.
CLEARLY_FOREIGN = 0.9

_LOOKALIKES = ("cs", "sk", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "mk", "sr", "hr")
_CYRILLIC = {"bg", "ru", "uk", "mk", "sr"}
_POLISH_LETTERS = set("ąćęłńśźż")
# Letters Bulgarian does not use, with the language they point to.
_CYRILLIC_MARKERS = {
    **dict.fromkeys("ыэё", "ru"),
    **dict.fromkeys("іїєґ", "uk"),
    **dict.fromkeys("ѓќѕ", "mk"),
    **dict.fromkeys("јљњћђџ", "sr"),
}


@dataclass(frozen=True)
class LanguageResult:
    """A detected language (ISO 639-1 or ``"other"``), its confidence and how it was decided.

    ``method`` is ``"script"`` (letters decided), ``"model"`` (py3langid) or ``"empty"``.
    """

    language: str
    confidence: float
    method: str


@lru_cache(maxsize=8)
def _identifier(candidates: tuple[str, ...]) -> Any:
    import py3langid.langid as langid

    return langid._load_identifier(norm_probs=True, langs=list(candidates))


def _check(languages: Sequence[str]) -> tuple[str, ...]:
    targets = tuple(dict.fromkeys(code.strip().lower() for code in languages))
    if not targets or any(len(code) != 2 or not code.isalpha() for code in targets):
        raise InputError(
            f"languages must be two-letter ISO 639-1 codes, got {list(languages)!r}",
            hint="for example ['pl', 'bg', 'en']",
        )
    return targets


def _script_guess(letters: str, targets: tuple[str, ...]) -> str | None:
    cyrillic = sum("\u0400" <= char <= "\u04ff" for char in letters)
    if cyrillic * 2 > len(letters):
        for char in letters:
            if char in _CYRILLIC_MARKERS:
                return _CYRILLIC_MARKERS[char]
        return "bg"
    if _POLISH_LETTERS & set(letters) and "pl" in targets:
        return "pl"
    return None


def _model_guess(text: str, targets: tuple[str, ...], cyrillic: bool) -> tuple[str, float]:
    candidates = tuple(sorted(set(targets) | set(_LOOKALIKES)))
    ranked: list[tuple[str, float]] = _identifier(candidates).rank(text)
    best, probability = ranked[0]
    if best in targets or probability >= CLEARLY_FOREIGN:
        return best, float(probability)
    # Not sure and not a target: the most likely target written in the same script.
    for code, prob in ranked:
        if code in targets and (code in _CYRILLIC) == cyrillic:
            return code, float(prob)
    return best, float(probability)


def detect_language(text: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> LanguageResult:
    """The language of ``text`` among ``languages``; other languages come back as ``"other"``."""
    targets = _check(languages)
    letters = "".join(char for char in text.lower() if char.isalpha())
    if not letters:
        return LanguageResult(OTHER, 0.0, "empty")
    guess = _script_guess(letters, targets)
    if guess is not None and guess != "bg":
        return LanguageResult(guess if guess in targets else OTHER, 1.0, "script")
    code, probability = _model_guess(text, targets, cyrillic=guess == "bg")
    if guess == "bg" and (code not in _CYRILLIC or probability < CLEARLY_FOREIGN):
        return LanguageResult("bg" if "bg" in targets else OTHER, 1.0, "script")
    return LanguageResult(code if code in targets else OTHER, round(probability, 4), "model")


def detect_languages(
    texts: Iterable[str], languages: Sequence[str] = DEFAULT_LANGUAGES
) -> tuple[LanguageResult, ...]:
    """:func:`detect_language` for each text, in order."""
    return tuple(detect_language(text, languages) for text in texts)
