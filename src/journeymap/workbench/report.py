"""What the final report shows, gathered from the map, the analyses and the data.

:func:`report_data` returns a :class:`journeymap.reports.data.ReportData` (plain frozen
dataclasses) that ``journeymap.reports`` renders as HTML/PDF; :func:`report_tables` the
tables of ``journeymap export tables``. Missing data never fails a report: a workspace
without events or survey answers gets its sections with "nothing yet" notes, and
``ReportData.missing`` names what was not there.

The KPI summary: CSAT, NPS, CES and custom survey metrics over all answers (n, 95%
interval; :mod:`journeymap.analytics.kpis`), churn rate as of the latest event (90 days,
:mod:`journeymap.analytics.churn`) and conversion = customers who reached the map's last
stage / customers with any event matched to the map, both with a Wilson interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from journeymap.analytics.intervals import share_estimate
from journeymap.errors import InputError
from journeymap.model import JourneyMap, LaneKind, Severity, WorkspaceDocument
from journeymap.model.diff import compare_maps
from journeymap.reports.data import (
    ActionRow,
    Change,
    Comparison,
    Effect,
    EmotionCurve,
    GridCard,
    GridLane,
    Kpi,
    MapGrid,
    OpportunityRow,
    PainPointRow,
    PathRow,
    PersonaInfo,
    Place,
    ReportData,
    StageStep,
    ThemeRow,
)
from journeymap.reports.labels import Labels, check_language

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.workbench.session import Workbench
    from journeymap.workbench.voice import Voice

TOP_PATHS = 10
THEMES_SHOWN = 12
QUOTES_PER_THEME = 2
SEVERITY_ORDER = {s.value: i for i, s in enumerate(reversed(list(Severity)))}


# -- the map grid ----------------------------------------------------------------------------
def _card_text(jmap: JourneyMap, card: Any) -> str:
    """A card's text, or the name of what it links to when it has none."""
    if card.text:
        return str(card.text)
    for kind, items in (("touchpoint", jmap.touchpoints), ("pain_point", jmap.pain_points),
                        ("opportunity", jmap.opportunities)):
        ref = getattr(card, kind)
        found = next((item for item in items if item.id == ref), None)
        if found is not None:
            return str(getattr(found, "name", None) or getattr(found, "title", ""))
    return ""


def _curves(document: WorkspaceDocument, jmap: JourneyMap) -> tuple[EmotionCurve, ...]:
    """One curve per persona (cards without one: per lane) of the emotion lanes."""
    names = {p.id: p.name for p in document.personas}
    positions = {stage.id: i for i, stage in enumerate(jmap.stages)}
    scores: dict[str, list[list[float]]] = {}
    for lane in jmap.lanes:
        if lane.kind is not LaneKind.EMOTIONS:
            continue
        for card in lane.cards:
            name = names.get(card.persona or "", "") or lane.title or lane.id
            per_stage = scores.setdefault(name, [[] for _ in jmap.stages])
            if card.score is not None:
                per_stage[positions[card.stage]].append(card.score)
    return tuple(EmotionCurve(name, tuple(sum(s) / len(s) if s else None for s in per_stage))
                 for name, per_stage in scores.items())


def map_grid(document: WorkspaceDocument, jmap: JourneyMap, language: str = "en") -> MapGrid:
    """The map's stages x lanes, cards in map order; untitled lanes named by their kind."""
    t = Labels(language)
    lanes = tuple(
        GridLane(lane.title or t(f"lane:{lane.kind.value}"), lane.kind.value, tuple(
            tuple(GridCard(_card_text(jmap, card), card.detail, card.score)
                  for card in lane.cards if card.stage == stage.id)
            for stage in jmap.stages))
        for lane in jmap.lanes)
    return MapGrid(jmap.name, tuple(s.name for s in jmap.stages), lanes,
                   _curves(document, jmap))


# -- sections --------------------------------------------------------------------------------
def persona_infos(document: WorkspaceDocument, jmap: JourneyMap) -> tuple[PersonaInfo, ...]:
    """The map's personas (all of the workspace's when the map names none)."""
    chosen = [p for p in document.personas if p.id in jmap.personas] or document.personas
    return tuple(PersonaInfo(p.id, p.name, p.description, p.quote, tuple(p.goals),
                             tuple(p.needs), tuple(p.frustrations),
                             tuple(sorted(p.attributes.items()))) for p in chosen)


def _names(jmap: JourneyMap) -> dict[str, str]:
    names = {stage.id: stage.name for stage in jmap.stages}
    names.update({tp.id: tp.name for tp in jmap.touchpoints})
    return names


def pain_point_rows(jmap: JourneyMap) -> tuple[PainPointRow, ...]:
    """Ranked by score, then severity, then affected customers (highest first)."""
    names = _names(jmap)
    ranked = sorted(jmap.pain_points, key=lambda p: (
        p.score is None, -(p.score or 0.0), SEVERITY_ORDER[p.severity.value],
        -(p.affected_customers or 0), p.title))
    return tuple(
        PainPointRow(rank, p.id, p.title, p.description, names.get(p.stage or "", ""),
                     names.get(p.touchpoint or "", ""), p.severity.value, p.status.value,
                     p.kind, p.affected_customers, p.score, tuple(_evidence(e) for e in
                                                                  p.evidence),
                     tuple(p.quotes))
        for rank, p in enumerate(ranked, start=1))


def _evidence(evidence: Any) -> str:
    parts = [f"{evidence.metric}: {evidence.value:g}" if evidence.value is not None
             else str(evidence.metric)]
    if evidence.n is not None:
        parts.append(f"n = {evidence.n}")
    if evidence.ci_low is not None and evidence.ci_high is not None:
        parts.append(f"[{evidence.ci_low:g}; {evidence.ci_high:g}]")
    if evidence.note:
        parts.append(str(evidence.note))
    return ", ".join(parts)


def opportunity_rows(jmap: JourneyMap) -> tuple[OpportunityRow, ...]:
    """By RICE (the Focus page's reach: given, else the pain points' affected customers)."""
    from journeymap.workbench.focus import reach_of, rice

    titles = {p.id: p.title for p in jmap.pain_points}
    rows = []
    for opp in jmap.opportunities:
        reach = reach_of(opp, jmap)[0]
        rows.append(OpportunityRow(opp.id, opp.title, opp.description,
                                   tuple(titles.get(ref, ref) for ref in opp.pain_points),
                                   reach, opp.value, opp.confidence, opp.effort,
                                   rice(reach, opp)))
    return tuple(sorted(rows, key=lambda o: (-o.rice, o.title)))


def action_rows(bench: Workbench, document: WorkspaceDocument,
             jmap: JourneyMap) -> tuple[ActionRow, ...]:
    """The action plan with each action's measured effect (None until it can be measured)."""
    from journeymap.workbench.action_effects import measure

    rows = []
    for action in jmap.actions:
        found = measure(bench, document, jmap, action)
        effect = None if not found.measured else Effect(
            found.before.value, found.after.value, found.difference.value,
            found.difference.low, found.difference.high, found.difference.p_value,
            found.verdict, found.before.n, found.after.n)
        target = action.target
        rows.append(ActionRow(
            action.id, action.title, action.owner, action.due, action.status.value,
            "" if target is None else target.kpi, None if target is None else target.baseline,
            None if target is None else target.target, action.implemented_on, effect))
    return tuple(rows)


def places(document: WorkspaceDocument) -> tuple[Place, ...]:
    return tuple(Place(loc.id, loc.name, loc.type, loc.city, loc.country, loc.lat, loc.lon,
                       loc.address, loc.phone, loc.url) for loc in document.locations)


# -- numbers from the data -------------------------------------------------------------------
@contextmanager
def _events(bench: Workbench) -> Iterator[ir.Table]:
    import ibis

    from journeymap.engine import store_events

    table = store_events(bench.analytics_path)
    try:
        yield table
    finally:
        ibis.get_backend(table).disconnect()


def behaviour_numbers(bench: Workbench, jmap: JourneyMap) -> tuple[
        tuple[Kpi, ...], tuple[StageStep, ...], tuple[PathRow, ...]]:
    """Churn and conversion KPIs, the stage funnel and the top stage paths."""
    from journeymap.analytics import StageConversionSpec, stage_conversion
    from journeymap.analytics.churn import churn
    from journeymap.analytics.paths import SEPARATOR, PathsBy, PathsSpec, paths
    from journeymap.analytics.touchpoints import matched_events

    names = _names(jmap)
    with _events(bench) as events:
        churned = churn(events).rows[0]
        if not jmap.stages:
            return (_share_kpi("churn_rate", churned["churned"], churned["customers"]),), (), ()
        stages = stage_conversion(events, jmap).rows
        matched = matched_events(events, jmap, StageConversionSpec())
        reached = int(matched.customer_id.nunique().to_pyarrow().as_py())
        found = paths(events, PathsSpec(by=PathsBy.STAGE, top=TOP_PATHS, collapse_repeats=True),
                      journey_map=jmap)
    kpis = (_share_kpi("churn_rate", churned["churned"], churned["customers"]),
            _share_kpi("conversion", stages[-1]["customers"], reached))
    funnel = tuple(StageStep(names[row["stage"]], row["customers"], row["conversion_to_next"],
                             row["drop_off"]) for row in stages)
    top = tuple(PathRow(tuple(names.get(step, step) for step in row["path"].split(SEPARATOR)),
                        row["customers"], row["share"]) for row in found.rows)
    return kpis, funnel, top


def _share_kpi(metric: str, successes: int, n: int) -> Kpi:
    estimate = share_estimate(int(successes), int(n))
    return Kpi(metric, estimate.value, estimate.n, estimate.low, estimate.high)


def workspace_voice(bench: Workbench, document: WorkspaceDocument) -> Voice | None:
    from journeymap.workbench import voice

    channels = {tp.id: tp.channel.value for m in document.maps for tp in m.touchpoints}
    return voice.workspace_voice(bench.path, channels)


def survey_kpis(voice: Voice, jmap: JourneyMap, *, names: bool = True) -> tuple[
        tuple[Kpi, ...], tuple[Kpi, ...]]:
    """Overall survey KPIs and KPIs by touchpoint of this map (named, or by id)."""
    shown = _names(jmap)
    overall = tuple(Kpi(r["metric"], r["value"], r["n"], r["ci_low"], r["ci_high"])
                    for r in voice.kpis().rows if r["n"])
    by_touchpoint = tuple(
        Kpi(r["metric"], r["value"], r["n"], r["ci_low"], r["ci_high"],
            shown[r["group"]] if names else r["group"])
        for r in voice.kpis("touchpoint").rows if r["group"] in shown and r["n"])
    return overall, by_touchpoint


def _themes(voice: Voice, language: str) -> tuple[ThemeRow, ...]:
    """The largest themes, those in the report's language first."""
    themes = sorted(voice.themes(), key=lambda th: (th.language != language, -th.size))
    return tuple(ThemeRow(th.language, th.name, th.size, th.share, th.mean_sentiment,
                          th.quotes[:QUOTES_PER_THEME]) for th in themes[:THEMES_SHOWN])


def _comparison(bench: Workbench, document: WorkspaceDocument, before: JourneyMap,
                after_id: str, language: str) -> Comparison:
    after = bench.journey_map(after_id)
    diff = compare_maps(before, after)
    names: dict[str, str] = {}
    for jmap in (before, after):
        names[jmap.id] = jmap.name
        names.update(_names(jmap))
        names.update({lane.id: lane.title for lane in jmap.lanes})
        names.update({c.id: c.text for lane in jmap.lanes for c in lane.cards})
        names.update({p.id: p.title for p in jmap.pain_points})
        names.update({o.id: o.title for o in jmap.opportunities})
        names.update({a.id: a.title for a in jmap.actions})
    changes = [Change("added", kind, names.get(i, i)) for kind, ids in diff.added.items()
               for i in ids]
    changes += [Change("removed", kind, names.get(i, i)) for kind, ids in diff.removed.items()
                for i in ids]
    changes += [Change("changed", c.kind, names.get(c.id, c.id), tuple(c.fields))
                for c in diff.changed]
    changes += [Change("moved", m.kind, names.get(m.id, m.id)) for m in diff.moved]
    counts = tuple((kind, row["added"], row["removed"], row["changed"], row["moved"])
                   for kind, row in diff.summary().items())
    return Comparison(before.name, after.name, counts, tuple(changes),
                      map_grid(document, after, language))


def report_data(bench: Workbench, map_id: str | None = None, language: str = "en", *,
                compare_with: str | None = None, today: date | None = None) -> ReportData:
    """Everything the report on map ``map_id`` (default: the first) shows, in ``language``;
    ``compare_with`` adds the comparison with that (to-be) map."""
    check_language(language)
    document = bench.document()
    jmap = bench.journey_map(map_id)
    missing: list[str] = []
    kpis: tuple[Kpi, ...] = ()
    funnel: tuple[StageStep, ...] = ()
    top: tuple[PathRow, ...] = ()
    by_touchpoint: tuple[Kpi, ...] = ()
    themes: tuple[ThemeRow, ...] = ()
    voice = workspace_voice(bench, document)
    if voice is None:
        missing.append("surveys")
    else:
        kpis, by_touchpoint = survey_kpis(voice, jmap)
        themes = _themes(voice, language)
    try:
        behaviour, funnel, top = behaviour_numbers(bench, jmap)
        kpis += behaviour
    except InputError:  # no analytic store, or no events in it
        missing.append("events")
    comparison = None if compare_with is None else _comparison(
        bench, document, jmap, compare_with, language)
    return ReportData(
        document.workspace.name, jmap.id, jmap.name, jmap.variant.value, jmap.scope, language,
        today or date.today(), kpis=kpis, personas=persona_infos(document, jmap),
        grid=map_grid(document, jmap, language), paths=top, funnel=funnel,
        touchpoint_kpis=by_touchpoint, themes=themes, pain_points=pain_point_rows(jmap),
        opportunities=opportunity_rows(jmap), actions=action_rows(bench, document, jmap),
        places=places(document), comparison=comparison, missing=tuple(missing))
