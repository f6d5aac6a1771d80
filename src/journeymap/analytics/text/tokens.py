"""Tokens and lemmas for open answers in Polish, Bulgarian and English.

Lemmas come from ``simplemma`` and stop words from ``stop-words``; both are imported on first
use so the CLI starts fast. Polish answers are often typed without diacritics, so lexicon
lookups use :func:`fold` (diacritics removed) while themes keep the real lemma.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: The languages this package has lexicons, lemmas and stop words for.
SUPPORTED = ("pl", "bg", "en")

_STOP_WORD_NAMES = {"pl": "polish", "bg": "bulgarian", "en": "english"}
# Words and emoticons; apostrophes stay inside words so "don't" stays one negator.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[:;]-?[()DP]|[\U0001F300-\U0001FAFF\u2639\u263A]")
_CLAUSE_BREAK = re.compile(r"[.!?;,\n]+")
# Polish "ł" has no Unicode decomposition, so NFKD alone would keep it.
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L"})


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Latin diacritics (Cyrillic letters stay as they are)."""
    lowered = text.lower().translate(_FOLD_EXTRA).replace("’", "'")
    out: list[str] = []
    for char in unicodedata.normalize("NFD", lowered):
        if unicodedata.combining(char) and out and out[-1].isascii():
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens and emoticons, in order."""
    return [match.group(0).lower().replace("’", "'") for match in _TOKEN.finditer(text)]


def clauses(text: str) -> list[list[str]]:
    """Tokens split into clauses at punctuation, so negation does not leak past a comma."""
    return [tokens for part in _CLAUSE_BREAK.split(text) if (tokens := tokenize(part))]


@lru_cache(maxsize=65536)
def lemma(token: str, language: str) -> str:
    """The dictionary form of ``token`` in ``language`` (the token itself if unknown)."""
    if language not in SUPPORTED or not token[:1].isalpha():
        return token
    import simplemma

    return str(simplemma.lemmatize(token, lang=language)).lower()


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language``, plus their lemmas (empty for unsupported languages)."""
    name = _STOP_WORD_NAMES.get(language)
    if name is None:
        return frozenset()
    from stop_words import get_stop_words

    words = {word.lower() for word in get_stop_words(name)}
    return frozenset(words | {lemma(word, language) for word in words})


def content_lemmas(text: str, language: str, *, min_length: int = 3) -> list[str]:
    """Lemmas of the words that carry content: no stop words, no short tokens, no emoticons."""
    stops = stop_words(language)
    out: list[str] = []
    for token in tokenize(text):
        if len(token) < min_length or not token.isalpha() or token in stops:
            continue
        base = lemma(token, language)
        if base not in stops and len(base) >= min_length:
            out.append(base)
    return out
