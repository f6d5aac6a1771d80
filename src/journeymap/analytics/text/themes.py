"""Themes: what people talk about, per language, named by their top lemmas.

Per language, each answer becomes its content lemmas (``simplemma``, stop words removed); a
TF-IDF matrix of them is factorised by NMF into ``k`` themes (``init="nndsvda"``, so the same
input and seed give the same themes). An answer belongs to the theme with its largest weight.
``k`` defaults to ``round(sqrt(n / 5))`` clamped to 2..12 for ``n`` answers with content: enough
to tell waiting on the hotline from a solved case, few enough to read on one screen.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.analytics.text.quotes import distinct_key, pick_distinct, readable
from journeymap.analytics.text.sentiment import NEGATIVE, POSITIVE, analyse_sentiment, label_of
from journeymap.analytics.text.tokens import SUPPORTED, content_lemmas
from journeymap.errors import InputError

TERMS_PER_THEME = 10
NAME_TERMS = 3
# Quotes come from the answers closest to the centre; looking further adds time, not quality.
_QUOTE_POOL = 200


@dataclass(frozen=True)
class GroupCount:
    """How many of a theme's answers came from one group (touchpoint), and their share."""

    group: str
    size: int
    share: float


@dataclass(frozen=True)
class Theme:
    """One theme of one language: its name (top 3 terms), size, sentiment and quotes."""

    language: str
    name: str
    terms: tuple[str, ...]
    size: int
    share: float
    mean_sentiment: float
    quotes: tuple[str, ...]
    groups: tuple[GroupCount, ...]
    #: Shares of the theme's answers whose sentiment is positive and negative (0..1).
    positive: float = 0.0
    negative: float = 0.0


def default_k(n: int) -> int:
    """The number of themes for ``n`` answers when none is asked for."""
    return max(2, min(12, round(math.sqrt(n / 5))))


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _factorise(docs: list[list[str]], k: int | None, seed: int) -> tuple[Any, Any, list[str]]:
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=_identity, min_df=2 if len(docs) >= 20 else 1, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(docs)
    terms = [str(term) for term in vectorizer.get_feature_names_out()]
    components = min(k or default_k(len(docs)), len(docs), len(terms))
    model = NMF(n_components=components, init="nndsvda", random_state=seed, max_iter=600)
    with warnings.catch_warnings():
        # Tiny corpora stop at max_iter with themes already stable; the warning would only alarm.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # sklearn takes sqrt of a loss that rounds to -0.0 on a handful of answers.
        with np.errstate(invalid="ignore"):
            weights = model.fit_transform(matrix)
    return weights, model.components_, terms


def _quotes(texts: Sequence[str], ranked: list[int], count: int) -> tuple[str, ...]:
    candidates = [i for i in ranked if readable(texts[i])] or ranked
    unique: dict[str, int] = {}
    for index in candidates[:_QUOTE_POOL]:
        unique.setdefault(distinct_key(texts[index]), index)
    return tuple(texts[i].strip() for i in pick_distinct(texts, list(unique.values()), count))


def _group_counts(members: list[int], groups: Sequence[str] | None) -> tuple[GroupCount, ...]:
    if groups is None:
        return ()
    counts = Counter(groups[i] for i in members if groups[i])
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(GroupCount(g, n, round(n / len(members), 4)) for g, n in ordered)


def _share(members: list[int], sentiments: Sequence[float], label: str) -> float:
    return round(sum(label_of(sentiments[i]) == label for i in members) / len(members), 4)


def _language_themes(
    language: str,
    indices: list[int],
    context: _Context,
) -> list[Theme]:
    docs = [content_lemmas(context.texts[i], language) for i in indices]
    kept = [(i, doc) for i, doc in zip(indices, docs, strict=True) if doc]
    if len(kept) < 2:
        return []
    weights, components, terms = _factorise([doc for _, doc in kept], context.k, context.seed)
    themes: list[Theme] = []
    for topic in range(components.shape[0]):
        rows = [
            r for r in range(len(kept)) if weights[r].max() > 0 and weights[r].argmax() == topic
        ]
        if not rows:
            continue
        # Closest to the theme's centre: the largest share of an answer's weight on this theme.
        rows.sort(key=lambda r: (-weights[r, topic] / weights[r].sum(), -weights[r, topic], r))
        members = [kept[r][0] for r in rows]
        weight = components[topic]
        # Ties (common on small corpora) go alphabetically, so names do not depend on float noise.
        ranked = sorted(range(len(terms)), key=lambda t: (-round(float(weight[t]), 9), terms[t]))
        top = [terms[t] for t in ranked[:TERMS_PER_THEME]]
        themes.append(
            Theme(
                language=language,
                name=", ".join(top[:NAME_TERMS]),
                terms=tuple(top),
                size=len(members),
                share=round(len(members) / len(indices), 4),
                mean_sentiment=round(sum(context.sentiments[i] for i in members) / len(members), 4),
                quotes=_quotes(context.texts, members, context.quotes_per_theme),
                groups=_group_counts(members, context.groups),
                positive=_share(members, context.sentiments, POSITIVE),
                negative=_share(members, context.sentiments, NEGATIVE),
            )
        )
    return sorted(themes, key=lambda theme: (-theme.size, theme.name))


@dataclass(frozen=True)
class _Context:
    texts: Sequence[str]
    sentiments: Sequence[float]
    groups: Sequence[str] | None
    k: int | None
    seed: int
    quotes_per_theme: int


def find_themes(
    texts: Sequence[str],
    languages: Sequence[str],
    *,
    k: int | None = None,
    seed: int = 0,
    sentiments: Sequence[float] | None = None,
    groups: Sequence[str] | None = None,
    quotes_per_theme: int = 3,
) -> tuple[Theme, ...]:
    """Themes per language (pl, bg, en; other languages are left out), largest first.

    ``languages`` come from :func:`detect_language`; ``sentiments`` are scores in [-1, 1]
    (the lexicon's when not given); ``groups`` (touchpoints) give each theme's group counts.
    """
    for name, values in (("languages", languages), ("sentiments", sentiments), ("groups", groups)):
        if values is not None and len(values) != len(texts):
            raise InputError(f"got {len(texts)} texts but {len(values)} {name}")
    if k is not None and k < 1:
        raise InputError(f"k must be at least 1, got {k}")
    if sentiments is None:
        sentiments = [result.score for result in analyse_sentiment(texts, languages)]
    context = _Context(texts, sentiments, groups, k, seed, quotes_per_theme)
    themes: list[Theme] = []
    for language in SUPPORTED:
        indices = [i for i, code in enumerate(languages) if code == language]
        themes.extend(_language_themes(language, indices, context))
    return tuple(themes)


def themes_for_group(themes: Sequence[Theme], group: str) -> tuple[tuple[Theme, int], ...]:
    """The themes answers of one group (touchpoint) fall into, with counts, largest first."""
    pairs = [(t, c.size) for t in themes for c in t.groups if c.group == group]
    return tuple(sorted(pairs, key=lambda pair: (-pair[1], pair[0].language, pair[0].name)))
