"""The voice of the customer on a map: KPIs per stage and touchpoint, emotions, quotes.

An answer belongs to a stage by its ``stage`` or else by its touchpoint's stage on the map.
The channel filter keeps answers whose own channel, or else their touchpoint's channel, is
one of the channels. Emotion (docs/analyses.md, "Emotions on the map"): each answer gives
one value on the -2..+2 scale: a score rescaled linearly from its scale (CSAT 1..5 -> s-3,
NPS 0..10 -> (s-5)/2.5, CES 1..7 -> (s-4)/1.5, a custom scale from its min..max), or, for
an open answer without a score, twice its sentiment score (-1..1). A stage's emotion is
the mean with n = answers counted. A manual emotion card (same persona, same stage)
overrides it and is marked ``manual``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics import EventFilter, KpiSpec, kpis
from journeymap.analytics.text import analyse_sentiment, representative_quotes
from journeymap.model import JourneyMap, LaneKind, WorkspaceDocument
from journeymap.workbench.segments import has_members, segment_customers

#: Quotes shown per stage in the thoughts lane.
QUOTES_PER_STAGE = 2
#: Quotes are picked from the latest open answers of each stage (bounds the time it takes).
QUOTE_POOL = 300
#: (low below, high from) per KPI: CSAT and NPS in points, CES on 1..7 (7 = very easy).
LEVELS = {"csat": (60.0, 80.0), "nps": (0.0, 30.0), "ces": (4.0, 5.5)}
_SCALES = {"csat": (1.0, 5.0), "nps": (0.0, 10.0), "ces": (1.0, 7.0)}


@dataclass(frozen=True)
class SurveyNumbers:
    """KPIs per stage/touchpoint, emotions (one entry per persona and stage) and quotes."""

    stage_kpis: dict[str, list[dict[str, Any]]]
    touchpoint_kpis: dict[str, list[dict[str, Any]]]
    emotions: tuple[dict[str, Any], ...]
    quotes: dict[str, tuple[dict[str, Any], ...]]

    @classmethod
    def empty(cls) -> SurveyNumbers:
        return cls({}, {}, (), {})

    def quotes_data(self) -> list[dict[str, Any]]:
        return [{"stage": stage, "quotes": list(found)} for stage, found in self.quotes.items()]


def level(metric: str, value: float | None) -> str | None:
    """``low``, ``mid`` or ``high`` for a standard KPI (the badge colour), else None."""
    bounds = LEVELS.get(metric)
    if bounds is None or value is None:
        return None
    return "low" if value < bounds[0] else "mid" if value < bounds[1] else "high"


def emotion_value(metric: str, score: float, scale: tuple[float | None, float | None]) -> (
        float | None):
    """A score on the -2..+2 emotion scale, or None when its scale is unknown."""
    low, high = _SCALES.get(metric, scale)
    if low is None or high is None or high <= low:
        return None
    rescaled = -2.0 + 4.0 * (score - low) / (high - low)
    return max(-2.0, min(2.0, rescaled))


def scoped_answers(answers: ir.Table, jmap: JourneyMap, filters: EventFilter) -> ir.Table:
    """Answers in the date range and channels, with ``stage`` filled from the touchpoint."""
    stage_of = {tp.id: tp.stage for tp in jmap.touchpoints}
    channel_of = {tp.id: tp.channel.value for tp in jmap.touchpoints}
    table = answers
    if filters.date_from is not None:
        table = table.filter(table.timestamp >= datetime.combine(filters.date_from, time()))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time())
        table = table.filter(table.timestamp < end)
    if stage_of:
        table = table.mutate(stage=table.stage.coalesce(
            table.touchpoint.substitute(stage_of, else_=ibis.null("string"))))
    if filters.channels:
        own = table.channel.cast("string").lower() if "channel" in table.columns else None
        mapped = table.touchpoint.substitute(channel_of, else_=ibis.null("string"))
        channel = mapped if own is None else own.coalesce(mapped)
        table = table.filter(channel.isin(list(filters.channels)).fill_null(False))
    return table


def _kpi_rows(answers: ir.Table, spec: KpiSpec, subset: ir.Table | None) -> (
        dict[str, list[dict[str, Any]]]):
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in kpis(answers, spec, customers=subset).rows:
        if row["group"] in (None, "all") or row["n"] == 0:
            continue
        grouped[str(row["group"])].append(
            {key: row[key] for key in ("metric", "value", "n", "ci_low", "ci_high")}
            | {"level": level(row["metric"], row["value"])})
    return dict(grouped)


def survey_numbers(answers: ir.Table, customers: ir.Table | None,
                   document: WorkspaceDocument, jmap: JourneyMap, persona: str | None,
                   filters: EventFilter) -> SurveyNumbers:
    """Everything survey-based for the map; ``persona`` narrows to its segment."""
    scoped = scoped_answers(answers, jmap, filters)
    groups = _persona_groups(customers, document, jmap, persona)
    subset = None
    if persona is not None and customers is not None:
        index = next(i for i, p in enumerate(document.personas) if p.id == persona)
        subset = segment_customers(customers, document.personas[index], f"personas[{index}]")
    by_touchpoint = _kpi_rows(scoped, KpiSpec(by="touchpoint"), subset)
    by_stage = _kpi_rows(scoped, KpiSpec(by="stage"), subset)
    rows = _answer_rows(scoped)
    values = _values(rows)
    emotions = _emotions(rows, values, groups, [stage.id for stage in jmap.stages])
    wanted = groups.get(persona) if persona is not None else None
    quotes = _quotes([(row, value) for row, value in zip(rows, values, strict=True)
                      if wanted is None or row["customer_id"] in wanted])
    return SurveyNumbers(by_stage, by_touchpoint, emotions, quotes)


def _persona_groups(customers: ir.Table | None, document: WorkspaceDocument, jmap: JourneyMap,
                    persona: str | None) -> dict[str | None, set[str] | None]:
    """Whose emotions are computed: the chosen persona, or everyone and each map persona."""
    wanted = [persona] if persona is not None else [None, *jmap.personas]
    groups: dict[str | None, set[str] | None] = {}
    for ident in wanted:
        if ident is None:
            groups[None] = None
            continue
        index = next(i for i, p in enumerate(document.personas) if p.id == ident)
        found = document.personas[index]
        if customers is None or not has_members(found):
            continue  # customers unknown: only a manual emotion can speak for this persona
        members = segment_customers(customers, found, f"personas[{index}]")
        groups[ident] = {str(c) for c in members.customer_id.to_pyarrow().to_pylist()}
    return groups


def _answer_rows(scoped: ir.Table) -> list[dict[str, Any]]:
    table = scoped.filter(scoped.stage.notnull())
    extra = [name for name in ("scale_min", "scale_max", "language") if name in table.columns]
    picked = table.select("customer_id", "stage", "metric", "score", "comment", "seq", *extra)
    rows: list[dict[str, Any]] = picked.order_by("seq").to_pyarrow().to_pylist()
    return rows


def _values(rows: list[dict[str, Any]]) -> list[float | None]:
    """Each answer's value on the emotion scale (sentiment for open answers)."""
    values: list[float | None] = []
    open_answers: list[int] = []
    for index, row in enumerate(rows):
        if row["score"] is not None:
            scale = (row.get("scale_min"), row.get("scale_max"))
            values.append(emotion_value(str(row["metric"]).lower(), row["score"], scale))
        elif (row["comment"] or "").strip():
            values.append(None)
            open_answers.append(index)
        else:
            values.append(None)
    if open_answers:
        texts = [rows[i]["comment"] for i in open_answers]
        languages = [rows[i].get("language") or "" for i in open_answers]
        found = analyse_sentiment(texts, languages if all(languages) else None)
        for index, result in zip(open_answers, found, strict=True):
            values[index] = 2.0 * result.score
    return values


def _emotions(rows: list[dict[str, Any]], values: list[float | None],
              groups: dict[str | None, set[str] | None], stages: list[str]) -> (
        tuple[dict[str, Any], ...]):
    sums: dict[tuple[str | None, str], list[float]] = defaultdict(list)
    for row, value in zip(rows, values, strict=True):
        if value is None:
            continue
        for persona, members in groups.items():
            if members is None or row["customer_id"] in members:
                sums[(persona, row["stage"])].append(value)
    return tuple(_emotion(persona, stage, sums.get((persona, stage), []))
                 for persona in groups for stage in stages)


def _emotion(persona: str | None, stage: str, found: list[float]) -> dict[str, Any]:
    value = round(sum(found) / len(found), 2) if found else None
    return {"persona": persona, "stage": stage, "value": value, "n": len(found),
            "source": "computed" if found else None, "computed": value,
            "computed_n": len(found)}


def _quotes(rows: Iterable[tuple[dict[str, Any], float | None]]) -> (
        dict[str, tuple[dict[str, Any], ...]]):
    pools: dict[str, list[tuple[dict[str, Any], float | None]]] = defaultdict(list)
    for row, value in rows:
        if (row["comment"] or "").strip():
            pools[row["stage"]].append((row, value))
    picked = [item for pool in pools.values() for item in pool[-QUOTE_POOL:]]
    if not picked:
        return {}
    texts = [row["comment"] for row, _ in picked]
    scores = [0.0 if value is None else value / 2.0 for _, value in picked]
    found = representative_quotes(texts, [row["stage"] for row, _ in picked], scores=scores,
                                  per_group=QUOTES_PER_STAGE)
    return {group.group: tuple({"text": quote.text, "score": round(quote.score, 2)}
                               for quote in group.typical) for group in found}


def apply_manual(survey: SurveyNumbers, jmap: JourneyMap, persona: str | None) -> SurveyNumbers:
    """Emotions with the map's manual emotion cards overriding the computed values; one
    entry per stage for ``persona``, or for everyone and each of the map's personas."""
    manual: dict[tuple[str | None, str], list[float]] = defaultdict(list)
    for lane in jmap.lanes:
        if lane.kind is LaneKind.EMOTIONS:
            for card in lane.cards:
                if card.score is not None:
                    manual[(card.persona, card.stage)].append(card.score)
    personas = [persona] if persona is not None else [None, *jmap.personas]
    by_key = {(e["persona"], e["stage"]): e for e in survey.emotions}
    merged = []
    for ident in personas:
        for stage in jmap.stages:
            entry = by_key.get((ident, stage.id)) or _emotion(ident, stage.id, [])
            scores = manual.get((ident, stage.id))
            if scores:
                entry = entry | {"value": round(sum(scores) / len(scores), 2),
                                 "n": len(scores), "source": "manual"}
            merged.append(entry)
    return replace(survey, emotions=tuple(merged))
