"""Pain points from what customers say: low CSAT or NPS and negative open answers at a
touchpoint, against the answers about the other touchpoints; and example quotes for every
finding. The touchpoint is the one the answer names (the survey's ``touchpoint`` column).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.intervals import nps_estimate
from journeymap.analytics.painpoints import (
    Evidence,
    Finding,
    Judged,
    PainpointsSpec,
    judge,
    pooled_baseline,
    rate_evidence,
    stage_of,
)
from journeymap.analytics.phrases import phrase
from journeymap.analytics.text.quotes import distinct_key, readable
from journeymap.engine.functions import fetch_rows
from journeymap.model.journey import JourneyMap

#: A bad answer: CSAT 1-3 (of 1-5), NPS 0-6 (a detractor).
BAD = {"csat": 3, "nps": 6}
QUOTES = 3


def _answered(answers: ir.Table, jmap: JourneyMap | None) -> ir.Table:
    """Scored or commented answers naming a touchpoint (a touchpoint of the map, if any)."""
    named = answers.filter(answers.touchpoint.notnull() & (answers.touchpoint != ""))
    if jmap is not None:
        named = named.filter(named.touchpoint.isin(sorted(jmap.ids("touchpoint"))))
    return named


def _stage(jmap: JourneyMap | None, touchpoint: str, stages: dict[str, str]) -> str | None:
    return stage_of(jmap, touchpoint) if jmap is not None else stages.get(touchpoint)


def low_satisfaction(answers: ir.Table | None, spec: PainpointsSpec,
                     jmap: JourneyMap | None) -> list[Finding]:
    """Per touchpoint and metric (CSAT, NPS): the share of bad answers against the other
    touchpoints' answers on the same metric; a touchpoint keeps its stronger metric."""
    if answers is None:
        return []
    scored = _answered(answers, jmap)
    scored = scored.filter(scored.score.notnull() & scored.metric.isin(list(BAD)))
    bad = scored.score <= scored.metric.cases(*BAD.items())
    has_stage = "stage" in scored.columns
    rows = fetch_rows(scored.group_by(["touchpoint", "metric"]).aggregate(
        n=scored.count(), bad=bad.ifelse(1, 0).sum(),
        promoters=(scored.score >= 9).ifelse(1, 0).sum(),
        customers=scored.customer_id.nunique(where=bad),
        stage=scored.stage.mode() if has_stage else scored.metric.max()))
    stages = {r["touchpoint"]: r["stage"] for r in rows if has_stage and r["stage"]}
    best: dict[str, Finding] = {}
    for metric in BAD:
        groups = {r["touchpoint"]: (int(r["bad"]), int(r["n"])) for r in rows
                  if r["metric"] == metric}
        for row in (r for r in rows if r["metric"] == metric):
            key = row["touchpoint"]
            judged = judge(*groups[key], pooled_baseline(groups, key), spec)
            if judged is None:
                continue
            finding = Finding(
                "low_satisfaction", key, _stage(jmap, key, stages), int(row["customers"]),
                judged.score, (_kpi_evidence(metric, judged, rows, key),),
                phrase(spec.language, "low_satisfaction", metric=metric.upper(),
                       touchpoint=key), judged.validated)
            if key not in best or finding.score > best[key].score:
                best[key] = finding
    return list(best.values())


def _kpi_evidence(metric: str, judged: Judged, rows: list[dict[str, Any]],
                  key: str) -> Evidence:
    """The KPI itself (CSAT, NPS) on its scale, against the other touchpoints'."""
    if metric == "csat":
        return Evidence("csat", round(100 * (1 - judged.value), 6),
                        round(100 * (1 - judged.baseline), 6), judged.n,
                        round(100 * (1 - judged.high), 6), round(100 * (1 - judged.low), 6),
                        "% of answers 4-5; baseline: the other touchpoints")
    own = [r for r in rows if r["metric"] == metric and r["touchpoint"] == key][0]
    others = [r for r in rows if r["metric"] == metric and r["touchpoint"] != key]
    estimate = nps_estimate(int(own["promoters"]), int(own["bad"]), int(own["n"]))
    rest = nps_estimate(sum(int(r["promoters"]) for r in others),
                        sum(int(r["bad"]) for r in others), sum(int(r["n"]) for r in others))
    return Evidence("nps", estimate.value, rest.value, judged.n, estimate.low, estimate.high,
                    f"detractors {100 * judged.value:.3g}% vs {100 * judged.baseline:.3g}%")


def _labels(rows: list[dict[str, Any]], known: Mapping[str, str] | None) -> list[str]:
    """The sentiment label of each open answer: ``known`` ones as given, the rest read by
    text/ sentiment, taught by the answers' own scores."""
    known = known or {}
    todo = [row for row in rows if str(row.get("response_id")) not in known]
    read: dict[int, str] = {}
    if todo:
        from journeymap.analytics.text import analyse_sentiment, weak_label

        languages = [str(r.get("language") or "") or None for r in todo]
        results = analyse_sentiment(
            [str(r["comment"]) for r in todo],
            None if any(code is None for code in languages) else [str(c) for c in languages],
            weak_labels=[weak_label(str(r["metric"]), r["score"]) for r in todo])
        read = {id(row): result.label for row, result in zip(todo, results, strict=True)}
    return [known.get(str(row.get("response_id")), read.get(id(row), "")) for row in rows]


def negative_sentiment(answers: ir.Table | None, spec: PainpointsSpec,
                       jmap: JourneyMap | None,
                       sentiments: Mapping[str, str] | None = None) -> list[Finding]:
    """Per touchpoint: the share of open answers read as negative against the other
    touchpoints' open answers (labels from ``sentiments`` by response_id where given)."""
    if answers is None or "comment" not in answers.columns:
        return []
    named = _answered(answers, jmap)
    columns = [c for c in ("response_id", "language", "stage") if c in named.columns]
    rows = fetch_rows(named.filter(named.comment.notnull() & (named.comment.strip() != ""))
                      .select("touchpoint", "customer_id", "metric", "score", "comment",
                              *columns))
    if not rows:
        return []
    tally: dict[str, list[int]] = {}
    customers: dict[str, set[str]] = {}
    for row, label in zip(rows, _labels(rows, sentiments), strict=True):
        counts = tally.setdefault(row["touchpoint"], [0, 0])
        counts[1] += 1
        if label == "negative":
            counts[0] += 1
            customers.setdefault(row["touchpoint"], set()).add(str(row["customer_id"]))
    groups = {key: (hit, n) for key, (hit, n) in tally.items()}
    stages = _modes(rows)
    found = []
    for key, (hits, n) in groups.items():
        judged = judge(hits, n, pooled_baseline(groups, key), spec)
        if judged is not None:
            found.append(Finding(
                "negative_sentiment", key, _stage(jmap, key, stages),
                len(customers.get(key, ())), judged.score,
                (rate_evidence("open answers read as negative", judged,
                               "baseline: the other touchpoints"),),
                phrase(spec.language, "negative_sentiment", touchpoint=key), judged.validated))
    return found


def _modes(rows: list[dict[str, Any]]) -> dict[str, str]:
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        if row.get("stage"):
            counts.setdefault(row["touchpoint"], Counter())[str(row["stage"])] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in counts.items()}


def with_quotes(findings: list[Finding], answers: ir.Table) -> list[Finding]:
    """Up to three readable, distinct comments per finding, from the answers about its
    touchpoint with the lowest scores first (then input order)."""
    wanted = sorted({f.touchpoint for f in findings})
    if not wanted or "comment" not in answers.columns:
        return findings
    order = [answers.touchpoint, answers.score.asc(nulls_first=False)]
    if "seq" in answers.columns:
        order.append(answers.seq)
    picked = answers.filter(answers.touchpoint.isin(wanted) & answers.comment.notnull())
    rows = fetch_rows(picked.order_by(order).select("touchpoint", "comment"))
    quotes: dict[str, list[str]] = {}
    seen: dict[str, set[str]] = {}
    for row in rows:
        text = " ".join(str(row["comment"]).split())
        chosen, keys = quotes.setdefault(row["touchpoint"], []), seen.setdefault(
            row["touchpoint"], set())
        if len(chosen) < QUOTES and readable(text) and distinct_key(text) not in keys:
            chosen.append(text)
            keys.add(distinct_key(text))
    return [replace(f, quotes=tuple(quotes.get(f.touchpoint, ()))) for f in findings]
