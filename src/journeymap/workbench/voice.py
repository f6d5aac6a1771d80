"""Voice of the customer, headless: KPIs, trends, open answers, themes, before/after.

The page, the REST API and the CLI render what :class:`Voice` returns. Open answers are the
answers with a comment; each one's sentiment learns from the answers' own scores (weak
labels, :func:`journeymap.analytics.text.weak_label`). A workspace's :class:`Voice` is kept
per data version (the analytic store's state, its WAL included:
:func:`journeymap.workbench.memo.data_version`), so a page reload reuses the sentiment and
themes while a new import is seen at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.effects import EffectResult, EffectSpec, compare_kpi
from journeymap.analytics.kpis import KpiBy, KpiResult, KpiSpec, kpis
from journeymap.analytics.text import Theme, analyse_sentiment, detect_language, find_themes
from journeymap.analytics.text.sentiment import LABELS, weak_label
from journeymap.errors import InputError
from journeymap.workbench.memo import Memo, data_version

SENTIMENT_COLUMNS = ("response_id", "language", "sentiment", "score", "method")
THEME_COLUMNS = ("group", "language", "theme", "answers", "share", "mean_sentiment", "quotes")
#: The group of answers naming no touchpoint, and of all answers together.
NO_GROUP, ALL = "", "all"
#: Themes shown per touchpoint on the canvas.
THEMES_ON_THE_MAP = 3
_KEPT = 4


@dataclass(frozen=True)
class OpenAnswer:
    """One open answer with its sentiment."""

    response_id: str
    touchpoint: str
    language: str
    text: str
    sentiment: str
    score: float
    method: str


@dataclass(frozen=True)
class TrendPoint:
    """One month of one KPI: its first day, value (None when n = 0), n and 95% interval."""

    month: str
    value: float | None
    n: int
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class SentimentShare:
    """Shares of positive, negative and neutral open answers of one touchpoint."""

    touchpoint: str
    n: int
    positive: float
    negative: float
    neutral: float
    mean_score: float


class Voice:
    """What the customers say about one set of survey answers."""

    def __init__(self, answers: ir.Table, *, channels: dict[str, str] | None = None,
                 seed: int = 0) -> None:
        self.answers = answers
        self.channels = dict(channels or {})
        self.seed = seed
        self._memo: dict[Any, Any] = {}

    def kpis(self, by: KpiBy | None = None) -> KpiResult:
        """The KPI table, overall and by ``by`` (channel uses the map's touchpoints)."""
        key = ("kpis", by)
        if key not in self._memo:
            spec = KpiSpec(by=by, touchpoint_channels=self.channels if by == "channel" else {})
            self._memo[key] = kpis(self.answers, spec)
        result: KpiResult = self._memo[key]
        return result

    def trends(self) -> dict[str, tuple[TrendPoint, ...]]:
        """Each KPI by month, months without answers included (n = 0)."""
        series: dict[str, list[TrendPoint]] = {}
        for row in self.kpis("month").rows:
            if row["group"] == "all":
                continue
            series.setdefault(row["metric"], []).append(TrendPoint(
                str(row["group"]), row["value"], row["n"], row["ci_low"], row["ci_high"]))
        return {metric: tuple(points) for metric, points in series.items()
                if any(point.n for point in points)}

    @cached_property
    def open_answers(self) -> tuple[OpenAnswer, ...]:
        """Answers with a comment, in input order, with language and sentiment."""
        table = self.answers
        rows = table.filter(table.comment.notnull() & (table.comment.strip() != "")).order_by(
            "seq").select("response_id", "touchpoint", "metric", "score", "comment",
                          "language").to_pyarrow().to_pylist()
        texts = [str(row["comment"]) for row in rows]
        languages = [_language(row["language"], text) for row, text in zip(rows, texts,
                                                                            strict=True)]
        weak = [weak_label(str(row["metric"]), row["score"]) for row in rows]
        results = analyse_sentiment(texts, languages, weak_labels=weak, seed=self.seed)
        return tuple(
            OpenAnswer(str(row["response_id"] or ""), str(row["touchpoint"] or NO_GROUP), code,
                       text, result.label, result.score, result.method)
            for row, text, code, result in zip(rows, texts, languages, results, strict=True))

    def sentiment_rows(self) -> tuple[dict[str, Any], ...]:
        """``response_id, language, sentiment, score, method`` per open answer."""
        return tuple({"response_id": a.response_id, "language": a.language,
                      "sentiment": a.sentiment, "score": a.score, "method": a.method}
                     for a in self.open_answers)

    def sentiment_by_touchpoint(self) -> tuple[SentimentShare, ...]:
        """Sentiment shares per touchpoint, most negative share first."""
        groups: dict[str, list[OpenAnswer]] = {}
        for answer in self.open_answers:
            groups.setdefault(answer.touchpoint, []).append(answer)
        shares = [_shares(touchpoint, members) for touchpoint, members in groups.items()]
        return tuple(sorted(shares, key=lambda s: (-s.negative, s.touchpoint)))

    def touchpoints(self, *, open_only: bool = True) -> tuple[str, ...]:
        """Touchpoints with open answers (or with any score), sorted; none named is left out."""
        if open_only:
            return tuple(sorted({a.touchpoint for a in self.open_answers} - {NO_GROUP}))
        table = self.answers
        found = table.filter(table.score.notnull() & table.touchpoint.notnull()).select(
            "touchpoint").distinct().to_pyarrow().column("touchpoint").to_pylist()
        return tuple(sorted(str(name) for name in found))

    def themes(self, touchpoint: str | None = None) -> tuple[Theme, ...]:
        """Themes per language of all open answers, or of one touchpoint's."""
        key = ("themes", touchpoint)
        if key not in self._memo:
            chosen = [a for a in self.open_answers
                      if touchpoint is None or a.touchpoint == touchpoint]
            self._memo[key] = find_themes(
                [a.text for a in chosen], [a.language for a in chosen], seed=self.seed,
                sentiments=[a.score for a in chosen], groups=[a.touchpoint for a in chosen])
        themes: tuple[Theme, ...] = self._memo[key]
        return themes

    def ready(self, touchpoint: str | None = None) -> bool:
        """Whether the open answers' sentiment and these themes are computed already."""
        return "open_answers" in self.__dict__ and ("themes", touchpoint) in self._memo

    def theme_rows(self, by_touchpoint: bool = False) -> tuple[dict[str, Any], ...]:
        """``group, language, theme, answers, share, mean_sentiment, quotes`` rows."""
        if not by_touchpoint:
            return tuple(_theme_row(ALL, theme) for theme in self.themes())
        groups = sorted({a.touchpoint for a in self.open_answers},
                        key=lambda group: (group == NO_GROUP, group))
        return tuple(_theme_row(group, theme) for group in groups
                     for theme in self.themes(group))

    def compare(self, spec: EffectSpec) -> EffectResult:
        """One KPI before and after, same instrument (refusals raise their own error)."""
        return compare_kpi(self.answers, spec)


def touchpoint_themes(voice: Voice, touchpoint: str,
                      top: int = THEMES_ON_THE_MAP) -> tuple[dict[str, Any], ...]:
    """The ``top`` largest themes of a touchpoint's open answers (any language), for the
    canvas: ``touchpoint, name, language, n`` (answers), ``share`` (of the touchpoint's
    answers in that language) and the ``positive``/``negative`` shares of the theme."""
    themes = sorted(voice.themes(touchpoint), key=lambda t: (-t.size, t.language, t.name))
    return tuple({"touchpoint": touchpoint, "name": t.name, "language": t.language,
                  "n": t.size, "share": t.share, "positive": t.positive,
                  "negative": t.negative} for t in themes[:top])


def map_themes(workspace_dir: Path, channels: dict[str, str],
               touchpoints: list[str]) -> dict[str, tuple[dict[str, Any], ...]]:
    """touchpoint -> :func:`touchpoint_themes`, for the canvas, without making it wait.

    The sentiment and themes of the open answers are computed once per data version (the
    demo's 6,400 answers: seconds, more on a busy machine); until they are, a background
    thread computes them and this returns what is ready (nothing at first), so a later
    load of the canvas shows them.
    """
    voice = workspace_voice(workspace_dir, channels)
    if voice is None:
        return {}
    if "open_answers" not in voice.__dict__:
        _in_background(voice, touchpoints)
        return {}
    wanted = [tp for tp in touchpoints if tp in set(voice.touchpoints())]
    if not all(voice.ready(tp) for tp in wanted):
        _in_background(voice, wanted)
    return {tp: found for tp in wanted if voice.ready(tp)
            if (found := touchpoint_themes(voice, tp))}


_working: set[int] = set()


def _in_background(voice: Voice, touchpoints: list[str]) -> None:
    """Compute the open answers' sentiment and these touchpoints' themes in a thread (one
    at a time per :class:`Voice`)."""
    with _lock:
        if id(voice) in _working:
            return
        _working.add(id(voice))

    def work() -> None:
        try:
            for touchpoint in [tp for tp in touchpoints if tp in set(voice.touchpoints())]:
                voice.themes(touchpoint)
        finally:
            with _lock:
                _working.discard(id(voice))

    threading.Thread(target=work, name="journeymap-themes", daemon=True).start()


def _language(stored: Any, text: str) -> str:
    code = str(stored or "").strip().lower()
    return code if code else detect_language(text).language


def _shares(touchpoint: str, members: list[OpenAnswer]) -> SentimentShare:
    counts = {label: sum(a.sentiment == label for a in members) for label in LABELS}
    n = len(members)
    return SentimentShare(
        touchpoint, n, round(counts["positive"] / n, 4), round(counts["negative"] / n, 4),
        round(counts["neutral"] / n, 4), round(sum(a.score for a in members) / n, 4))


def _theme_row(group: str, theme: Theme) -> dict[str, Any]:
    return {"group": group, "language": theme.language, "theme": theme.name,
            "answers": theme.size, "share": theme.share,
            "mean_sentiment": theme.mean_sentiment, "quotes": list(theme.quotes)}


# -- per workspace, per data version -----------------------------------------------------
_cache: Memo[Voice] = Memo(_KEPT)
_lock = threading.Lock()  # guards _working


def load_answers(workspace_dir: Path) -> ir.Table:
    """The workspace's survey answers, copied into memory so no file handle stays open."""
    from journeymap.engine import connect_duckdb
    from journeymap.ingest.surveys import store_surveys

    stored = store_surveys(workspace_dir)
    try:
        data = stored.to_pyarrow()
    finally:
        stored.get_backend().disconnect()
    memory = connect_duckdb()
    table: ir.Table = memory.create_table("survey_answers", data)
    return table


def workspace_voice(workspace_dir: Path, channels: dict[str, str]) -> Voice | None:
    """The workspace's :class:`Voice` (kept while the data and channels stay the same).

    None when the workspace has no survey answers yet.
    """
    version = data_version(workspace_dir)
    if version is None:
        return None
    key = (str(workspace_dir.resolve()), version, tuple(sorted(channels.items())))
    found = _cache.get(key)
    if found is not None:
        return found
    try:
        voice = Voice(load_answers(workspace_dir), channels=channels)
    except InputError:
        return None
    _cache.put(key, voice)
    return voice
