"""Pain points on a workspace: run the detectors on its data with its map, merge the
findings into the map's pain points (and cards on its pain-point lane), list them ranked.

Merging rules (docs/painpoints.md): a finding's pain point id is stable by (kind,
touchpoint), so a refresh updates it in place; manual pain points are never changed; the
validation status only moves up (hypothesis < validated qualitatively < validated
quantitatively): the detector raises it when the evidence passes the bar, a person's
choice is never lowered by a refresh.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.errors import InputError, NotFoundError
from journeymap.model import Card, PainPoint
from journeymap.model.base import FindingSource, LaneKind, Severity, ValidationStatus
from journeymap.model.journey import Evidence as EvidenceModel

if TYPE_CHECKING:
    from journeymap.analytics.painpoints import Finding, PainpointsResult, PainpointsSpec
    from journeymap.model.journey import JourneyMap
    from journeymap.workbench.session import Workbench

STATUS_ORDER = (ValidationStatus.HYPOTHESIS, ValidationStatus.VALIDATED_QUALITATIVELY,
                ValidationStatus.VALIDATED_QUANTITATIVELY)
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")
#: What a refresh rewrites on a detected pain point; the rest people may have edited.
REFRESHED = {"stage", "touchpoint", "status", "kind", "affected_customers", "score",
             "evidence", "quotes"}


@dataclass(frozen=True)
class SaveSummary:
    """What a save did: pain points added, refreshed, and cards put on the lane."""

    added: tuple[str, ...]
    refreshed: tuple[str, ...]
    cards: tuple[str, ...]


def detect(bench: Workbench, map_id: str | None = None,
           spec: PainpointsSpec | None = None) -> PainpointsResult:
    """The detectors on the workspace's events (and survey answers, when imported)."""
    from journeymap.analytics.painpoints import find_painpoints
    from journeymap.engine import store_events
    from journeymap.workbench.voice import load_answers

    jmap = bench.journey_map(map_id)
    if not bench.analytics_path.exists():
        raise InputError(f"{bench.path}: the workspace has no events yet",
                         hint="import events first: journeymap import events FILE")
    events = store_events(bench.analytics_path)
    try:
        answers = load_answers(bench.path)
    except InputError:
        answers = None
    try:
        return find_painpoints(events, spec, jmap=jmap, answers=answers,
                               sentiments=_sentiments(bench, answers))
    finally:
        events.get_backend().disconnect()


def _sentiments(bench: Workbench, answers: Any) -> dict[str, str] | None:
    """The voice of the customer's sentiment labels (kept per data version), so the two
    pages agree and a second run does not read every comment again."""
    if answers is None:
        return None
    from journeymap.workbench.voice import workspace_voice

    channels = {tp.id: tp.channel.value for m in bench.document().maps for tp in m.touchpoints}
    voice = workspace_voice(bench.path, channels)
    if voice is None:
        return None
    return {a.response_id: a.sentiment for a in voice.open_answers if a.response_id}


def painpoint_id(kind: str, touchpoint: str) -> str:
    """``pp-<kind>-<touchpoint>``, made safe and short (a hash keeps long ones unique)."""
    text = _UNSAFE.sub("-", f"pp-{kind}-{touchpoint}")
    if len(text) <= 80:
        return text
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{text[:71]}-{digest}"


def _severity(finding: Finding) -> Severity:
    lead = finding.evidence[0]
    low, base = lead.ci_low, lead.baseline
    if lead.metric in ("csat", "nps") and lead.ci_high is not None and base is not None:
        gap = (base - lead.ci_high) / (100 if lead.metric == "csat" else 200)
    else:
        gap = (low or 0.0) - (base or 0.0)
    if gap >= 0.4:
        return Severity.CRITICAL
    if gap >= 0.2:
        return Severity.HIGH
    return Severity.MEDIUM if gap >= 0.05 else Severity.LOW


def as_painpoint(finding: Finding, ident: str, jmap: JourneyMap,
                 status: ValidationStatus = ValidationStatus.HYPOTHESIS) -> PainPoint:
    """The map pain point of a finding (status at least what the evidence earns)."""
    earned = (ValidationStatus.VALIDATED_QUANTITATIVELY if finding.validated
              else ValidationStatus.HYPOTHESIS)
    names = {tp.id: tp.name for tp in jmap.touchpoints}
    touchpoint = finding.touchpoint if finding.touchpoint in names else None
    stage = finding.stage if finding.stage in jmap.ids("stage") else None
    # people read the touchpoint's name; the id stays in the pain point's touchpoint field
    title = finding.title.replace(finding.touchpoint, names.get(finding.touchpoint,
                                                                finding.touchpoint))
    return PainPoint(
        id=ident, title=title[:200], stage=stage, touchpoint=touchpoint,
        severity=_severity(finding), status=max(status, earned, key=STATUS_ORDER.index),
        source=FindingSource.DETECTED, kind=finding.kind,
        affected_customers=finding.affected_customers, score=finding.score,
        evidence=[EvidenceModel(metric=e.metric, value=e.value, baseline=e.baseline, n=e.n,
                                ci_low=e.ci_low, ci_high=e.ci_high, note=e.note)
                  for e in finding.evidence],
        quotes=list(finding.quotes))


def merge(jmap: JourneyMap, findings: tuple[Finding, ...]) -> list[tuple[PainPoint, bool]]:
    """Each finding as a pain point to write, with whether it is new. A finding whose id a
    manual pain point holds gets ``-detected`` appended, so manual ones stay as they are."""
    current = {pp.id: pp for pp in jmap.pain_points}
    out: list[tuple[PainPoint, bool]] = []
    for finding in findings:
        ident = painpoint_id(finding.kind, finding.touchpoint)
        if ident in current and current[ident].source is FindingSource.MANUAL:
            ident = painpoint_id(finding.kind, f"{finding.touchpoint}-detected")
        old = current.get(ident)
        status = old.status if old is not None else ValidationStatus.HYPOTHESIS
        out.append((as_painpoint(finding, ident, jmap, status), old is None))
    return out


def save(bench: Workbench, findings: tuple[Finding, ...],
         map_id: str | None = None) -> SaveSummary:
    """Write the findings into the map: new pain points (with a card on the first
    pain-point lane, in the finding's stage), refreshed ones updated in place."""
    jmap = bench.journey_map(map_id)
    lane = next((lane for lane in jmap.lanes if lane.kind is LaneKind.PAIN_POINTS), None)
    linked = {card.pain_point for ln in jmap.lanes for card in ln.cards}
    added, refreshed, cards = [], [], []
    for painpoint, new in merge(jmap, findings):
        ref = f"map/{jmap.id}/pain_point/{painpoint.id}"
        if new:
            bench.store.add(bench.workspace_id, ref, painpoint)
            added.append(painpoint.id)
        else:
            version = bench.get(ref).version
            # the numbers are the detector's; title, description and severity are people's
            changes = painpoint.model_dump(mode="json", include=REFRESHED)
            bench.update(ref, changes, expected_version=version)
            refreshed.append(painpoint.id)
        if lane is not None and painpoint.stage is not None and painpoint.id not in linked:
            # no text of its own: the canvas shows the linked pain point's (current) title
            card = Card(id=f"card-{painpoint.id}"[:80], stage=painpoint.stage,
                        pain_point=painpoint.id, touchpoint=painpoint.touchpoint)
            bench.store.add(bench.workspace_id, f"map/{jmap.id}/card/{card.id}", card,
                            parent=lane.id)
            cards.append(card.id)
    return SaveSummary(tuple(added), tuple(refreshed), tuple(cards))


def set_status(bench: Workbench, painpoint_id_: str, status: ValidationStatus | str,
               map_id: str | None = None) -> PainPoint:
    """Set a pain point's validation status (any direction: a person decides)."""
    jmap = bench.journey_map(map_id)
    if painpoint_id_ not in jmap.ids("pain_point"):
        raise NotFoundError("pain point", painpoint_id_, scope=f"map {jmap.id!r}")
    ref = f"map/{jmap.id}/pain_point/{painpoint_id_}"
    value = ValidationStatus(status)
    item = bench.update(ref, {"status": value.value}, expected_version=bench.get(ref).version)
    obj: PainPoint = item.obj  # type: ignore[assignment]
    return obj


def ranked(jmap: JourneyMap, *, stage: str | None = None,
           kind: str | None = None) -> list[PainPoint]:
    """The map's pain points, detected and manual, best first: by score (manual ones, with
    no score, after the scored ones, in map order), filtered by stage and kind."""
    chosen = [pp for pp in jmap.pain_points
              if (stage is None or pp.stage == stage) and (kind is None or pp.kind == kind)]
    return sorted(chosen, key=lambda pp: (pp.score is None, -(pp.score or 0.0)))


def painpoints_data(bench: Workbench, map_id: str | None = None, *, stage: str | None = None,
                    kind: str | None = None) -> dict[str, Any]:
    """Everything the /painpoints page shows, as plain data."""
    jmap = bench.journey_map(map_id)
    items = ranked(jmap, stage=stage, kind=kind)
    names = {tp.id: tp.name for tp in jmap.touchpoints}
    stages = {st.id: st.name for st in jmap.stages}
    return {
        "map": {"id": jmap.id, "name": jmap.name},
        "stages": [{"id": st.id, "name": st.name} for st in jmap.stages],
        "kinds": sorted({pp.kind for pp in jmap.pain_points if pp.kind}),
        "filters": {"stage": stage, "kind": kind},
        "statuses": [s.value for s in STATUS_ORDER],
        "painpoints": [
            {**pp.model_dump(mode="json"), "rank": rank,
             "touchpoint_name": names.get(pp.touchpoint or "", pp.touchpoint or ""),
             "stage_name": stages.get(pp.stage or "", pp.stage or "")}
            for rank, pp in enumerate(items, 1)],
    }
