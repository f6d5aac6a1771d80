"""The guided method: the six steps and the seven workshop steps, checked on the workspace.

Each step says whether it is done, what in the workspace shows it (``evidence``), what is
still missing, and where to do it. ``facts`` holds the counts behind both texts, so a page
can word them in its own language. Only the workspace document and whether the analytic
store exists are read: the checklist is cheap enough for every page load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journeymap.model import (
    ActionStatus,
    FindingSource,
    JourneyMap,
    LaneKind,
    MapVariant,
    ValidationStatus,
    WorkspaceDocument,
)

if TYPE_CHECKING:
    from journeymap.workbench.session import Workbench

METHOD_STEPS = ("persona", "stages", "goals", "pain_points", "focus", "remove_blockers")
WORKSHOP_STEPS = ("discovery", "employee_workshop", "qualitative_validation",
                  "quantitative_validation", "report_and_map", "action_planning",
                  "design_workshop")


@dataclass(frozen=True)
class Step:
    id: str
    group: str  # "method" or "workshop"
    done: bool
    evidence: str
    missing: str
    link: str
    facts: dict[str, int] = field(default_factory=dict)
    more_links: tuple[str, ...] = ()

    def as_row(self) -> dict[str, Any]:
        return {"id": self.id, "group": self.group, "done": self.done,
                "evidence": self.evidence, "missing": self.missing, "link": self.link,
                "facts": dict(self.facts), "more_links": list(self.more_links)}


@dataclass(frozen=True)
class Checklist:
    map_id: str | None
    method: tuple[Step, ...]
    workshop: tuple[Step, ...]

    @property
    def done(self) -> int:
        return sum(step.done for step in (*self.method, *self.workshop))

    @property
    def total(self) -> int:
        return len(self.method) + len(self.workshop)


def _step(ident: str, group: str, done: bool, evidence: str, missing: str, link: str,
          facts: dict[str, int], *more: str) -> Step:
    return Step(ident, group, done, evidence, missing, link,
                facts, more)


def _persona(doc: WorkspaceDocument, jmap: JourneyMap | None) -> Step:
    n = len(doc.personas)
    from_data = sum(p.source.value != "manual" for p in doc.personas)
    on_map = len(jmap.personas) if jmap else 0
    return _step("persona", "method", n > 0, f"{n} persona(s), {from_data} from data, "
                 f"{on_map} on the map", "" if n else "no persona yet", "/personas",
                 {"personas": n, "from_data": from_data, "on_map": on_map})


def _stages(jmap: JourneyMap | None, map_link: str) -> Step:
    stages = len(jmap.stages) if jmap else 0
    touchpoints = len(jmap.touchpoints) if jmap else 0
    no_rules = sum(not tp.rules for tp in jmap.touchpoints) if jmap else 0
    done = stages >= 2 and touchpoints > 0
    missing = ("a map needs at least two stages and one touchpoint" if not done
               else f"{no_rules} touchpoint(s) without match rules" if no_rules else "")
    return _step("stages", "method", done, f"{stages} stage(s), {touchpoints} touchpoint(s)",
                 missing, map_link, {"stages": stages, "touchpoints": touchpoints,
                                     "without_rules": no_rules}, "/flows")


def _goals(jmap: JourneyMap | None, map_link: str) -> Step:
    stages = jmap.stages if jmap else []
    carded = {c.stage for lane in (jmap.lanes if jmap else []) if lane.kind is LaneKind.GOALS
              for c in lane.cards}
    with_goals = sum(bool(s.goals) or s.id in carded for s in stages)
    without = len(stages) - with_goals
    return _step("goals", "method", bool(stages) and without == 0,
                 f"goals on {with_goals} of {len(stages)} stage(s)",
                 f"{without} stage(s) without goals" if without else
                 ("" if stages else "no stages yet"), map_link,
                 {"with_goals": with_goals, "stages": len(stages), "without": without})


def _pain_points(jmap: JourneyMap | None) -> Step:
    pains = jmap.pain_points if jmap else []
    validated = sum(p.status is not ValidationStatus.HYPOTHESIS for p in pains)
    detected = sum(p.source is FindingSource.DETECTED for p in pains)
    hypotheses = len(pains) - validated
    return _step("pain_points", "method", bool(pains),
                 f"{len(pains)} pain point(s): {validated} validated, {detected} detected "
                 "from data", f"{hypotheses} still hypotheses" if hypotheses else
                 ("" if pains else "no pain point yet"), "/painpoints",
                 {"pain_points": len(pains), "validated": validated, "detected": detected,
                  "hypotheses": hypotheses})


def _focus(jmap: JourneyMap | None) -> Step:
    opps = jmap.opportunities if jmap else []
    pains = jmap.pain_points if jmap else []
    covered = {ref for o in opps for ref in o.pain_points}
    uncovered = sum(p.id not in covered for p in pains)
    return _step("focus", "method", any(o.pain_points for o in opps),
                 f"{len(opps)} opportunit(ies) for {len(covered)} pain point(s)",
                 f"{uncovered} pain point(s) without an opportunity" if uncovered else
                 ("" if opps else "no opportunity yet"), "/focus",
                 {"opportunities": len(opps), "covered": len(covered), "uncovered": uncovered})


def _blockers(jmap: JourneyMap | None) -> Step:
    actions = jmap.actions if jmap else []
    planned = [a for a in actions if a.owner and a.due]
    done = sum(a.status is ActionStatus.DONE for a in actions)
    measured = sum(a.implemented_on is not None and a.target is not None for a in actions)
    unowned = len(actions) - len(planned)
    return _step("remove_blockers", "method", bool(planned) and done > 0,
                 f"{len(actions)} action(s), {done} done, {measured} with a measured effect",
                 f"{unowned} action(s) without owner or due date" if unowned else
                 ("no action done yet" if actions else "no action yet"), "/actions",
                 {"actions": len(actions), "done": done, "measured": measured,
                  "unowned": unowned})


def _workshops(doc: WorkspaceDocument, jmap: JourneyMap | None, has_events: bool,
               map_link: str) -> tuple[Step, ...]:
    lanes = jmap.lanes if jmap else []
    cards = sum(len(lane.cards) for lane in lanes)
    filled = sum(bool(lane.cards) for lane in lanes)
    notes = len(getattr(doc, "board_notes", []) or [])
    pains = jmap.pain_points if jmap else []
    quali = sum(p.status is ValidationStatus.VALIDATED_QUALITATIVELY or bool(p.quotes)
                for p in pains)
    quant = sum(p.status is ValidationStatus.VALIDATED_QUANTITATIVELY for p in pains)
    kept = sum(s.map == jmap.id for s in doc.snapshots) if jmap else 0
    planned = sum(bool(a.owner and a.due) for a in (jmap.actions if jmap else []))
    to_be = sum(m.variant is MapVariant.TO_BE for m in doc.maps)
    stages = len(jmap.stages) if jmap else 0
    return (
        _step("discovery", "workshop", stages > 0 and bool(doc.personas),
              f"a draft map with {stages} stage(s) and {len(doc.personas)} persona(s)",
              "" if stages and doc.personas else "draft the map and its personas",
              map_link, {"stages": stages, "personas": len(doc.personas)}, "/board"),
        _step("employee_workshop", "workshop", filled >= 3 or notes > 0,
              f"{cards} card(s) in {filled} lane(s), {notes} board note(s)",
              "" if filled >= 3 or notes else "fill the lanes with the team",
              "/board", {"cards": cards, "lanes": filled, "notes": notes}, map_link),
        _step("qualitative_validation", "workshop", quali > 0,
              f"{quali} pain point(s) validated qualitatively or with quotes",
              "" if quali else "talk to customers and record what they say", "/painpoints",
              {"validated": quali}, "/voice"),
        _step("quantitative_validation", "workshop", has_events and quant > 0,
              f"{'events imported' if has_events else 'no events'}, {quant} pain point(s) "
              "validated with data", "" if has_events and quant else
              "import events and detect pain points", "/painpoints",
              {"events": int(has_events), "validated": quant}, "/data"),
        _step("report_and_map", "workshop", kept > 0, f"{kept} kept version(s) of the map",
              "" if kept else "keep a version of the final map and share the report",
              "/report", {"kept": kept}, map_link),
        _step("action_planning", "workshop", planned > 0,
              f"{planned} action(s) with an owner and a due date",
              "" if planned else "plan actions with owners and due dates", "/actions",
              {"planned": planned}, "/focus"),
        _step("design_workshop", "workshop", to_be > 0, f"{to_be} to-be map(s)",
              "" if to_be else "design the new experience as a to-be map", map_link,
              {"to_be": to_be}, "/board"),
    )


def checklist(bench: Workbench, map_id: str | None = None) -> Checklist:
    """The checklist for ``map_id`` (default: the workspace's first map, if any)."""
    document = bench.document()
    jmap = bench.journey_map(map_id) if map_id is not None or document.maps else None
    return checklist_of(document, jmap, bench.analytics_path.is_file())


def checklist_of(document: WorkspaceDocument, jmap: JourneyMap | None,
                 has_events: bool) -> Checklist:
    map_link = f"/maps/{jmap.id}" if jmap else "/"
    method = (_persona(document, jmap), _stages(jmap, map_link), _goals(jmap, map_link),
              _pain_points(jmap), _focus(jmap), _blockers(jmap))
    return Checklist(jmap.id if jmap else None, method,
                     _workshops(document, jmap, has_events, map_link))
