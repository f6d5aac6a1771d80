"""The action plan: actions with owner, due date, status, links, target and measured effect.

Overdue: due before today and not done (cancelled actions are never overdue). Progress:
share of actions done among those not cancelled, overall and per owner ("" = nobody yet).
The effects come from :mod:`journeymap.workbench.action_effects`; :func:`action_effects` is
re-exported here for the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from journeymap.errors import InputError
from journeymap.model import Action, ActionStatus, Model, WorkspaceDocument, new_id
from journeymap.workbench.action_effects import (
    DEFAULT_WINDOW_DAYS,
    ActionEffect,
    action_effects,
    card_effects,
    measure,
)
from journeymap.workbench.focus import Linked

if TYPE_CHECKING:
    from journeymap.store import Versioned
    from journeymap.workbench.session import Workbench

__all__ = ["DEFAULT_WINDOW_DAYS", "STATUSES", "ActionEffect", "ActionView", "OwnerProgress",
           "Plan", "action_effects", "action_plan", "add_action", "card_effects",
           "delete_action", "measure", "set_status", "unlink", "update_action", "validated"]

STATUSES = tuple(ActionStatus)


@dataclass(frozen=True)
class ActionView:
    map_id: str
    map_name: str
    action: Action
    version: int
    overdue: bool
    opportunities: tuple[Linked, ...]
    pain_points: tuple[Linked, ...]
    kpi_name: str
    where: str  # the target's touchpoint and/or stage, by name
    effect: ActionEffect | None

    def as_row(self) -> dict[str, Any]:
        """The CSV/JSON row (docs/action-plan.md lists the columns)."""
        a, target, effect = self.action, self.action.target, self.effect
        measured = effect is not None and effect.measured
        return {
            "map": self.map_id, "id": a.id, "title": a.title, "owner": a.owner,
            "due": None if a.due is None else a.due.isoformat(), "status": a.status.value,
            "overdue": self.overdue,
            "opportunities": " ".join(o.id for o in self.opportunities),
            "pain_points": " ".join(p.id for p in self.pain_points),
            "kpi": None if target is None else target.kpi,
            "touchpoint": None if target is None else target.touchpoint,
            "stage": None if target is None else target.stage,
            "baseline": None if target is None else target.baseline,
            "target": None if target is None else target.target,
            "implemented_on": None if a.implemented_on is None else a.implemented_on.isoformat(),
            "effect_before": effect.before.value if measured and effect else None,
            "effect_after": effect.after.value if measured and effect else None,
            "effect_difference": effect.difference.value if measured and effect else None,
            "effect_p_value": effect.difference.p_value if measured and effect else None,
            "effect_verdict": None if effect is None else effect.verdict,
        }


@dataclass(frozen=True)
class OwnerProgress:
    owner: str
    actions: int  # not cancelled
    done: int
    overdue: int

    @property
    def share_done(self) -> float | None:
        return None if self.actions == 0 else round(self.done / self.actions, 4)


@dataclass(frozen=True)
class Plan:
    actions: tuple[ActionView, ...]
    today: date
    progress: OwnerProgress  # everyone (owner "")
    owners: tuple[OwnerProgress, ...]

    def by_status(self) -> dict[str, list[ActionView]]:
        columns: dict[str, list[ActionView]] = {s.value: [] for s in STATUSES}
        for view in self.actions:
            columns[view.action.status.value].append(view)
        return columns

    @property
    def overdue(self) -> tuple[ActionView, ...]:
        return tuple(v for v in self.actions if v.overdue)


def is_overdue(action: Action, today: date) -> bool:
    return (action.due is not None and action.due < today
            and action.status not in (ActionStatus.DONE, ActionStatus.CANCELLED))


def _where(document: WorkspaceDocument, map_id: str, action: Action) -> str:
    if action.target is None:
        return ""
    jmap = document.map(map_id)
    names = {tp.id: tp.name for tp in jmap.touchpoints} | {s.id: s.name for s in jmap.stages}
    parts = [action.target.touchpoint, action.target.stage]
    return " · ".join(names.get(p, p) for p in parts if p)


def _progress(owner: str, views: list[ActionView]) -> OwnerProgress:
    live = [v for v in views if v.action.status is not ActionStatus.CANCELLED]
    return OwnerProgress(owner, len(live),
                         sum(v.action.status is ActionStatus.DONE for v in live),
                         sum(v.overdue for v in live))


def action_plan(bench: Workbench, map_id: str | None = None, *, today: date | None = None,
                effects: bool = True, window_days: int = DEFAULT_WINDOW_DAYS) -> Plan:
    """Every action (of one map, or of all), due date first (none last), with its effect."""
    today = today or date.today()
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    if map_id is not None:
        bench.journey_map(map_id)
    kpis = {k.id: k.name for k in document.kpis}
    views: list[ActionView] = []
    for jmap in document.maps:
        if map_id is not None and jmap.id != map_id:
            continue
        opps = {o.id: o for o in jmap.opportunities}
        pains = {p.id: p for p in jmap.pain_points}
        for action in jmap.actions:
            effect = measure(bench, document, jmap, action, window_days) if effects else None
            views.append(ActionView(
                jmap.id, jmap.name, action, versions.get(("action", jmap.id, action.id), 1),
                is_overdue(action, today),
                tuple(Linked(r, opps[r].title) for r in action.opportunities if r in opps),
                tuple(Linked(r, pains[r].title, pains[r].status.value)
                      for r in action.pain_points if r in pains),
                kpis.get(action.target.kpi, action.target.kpi) if action.target else "",
                _where(document, jmap.id, action), effect))
    views.sort(key=lambda v: (v.action.due is None, v.action.due or today))
    owners = sorted({v.action.owner for v in views})
    return Plan(tuple(views), today, _progress("", views),
                tuple(_progress(o, [v for v in views if v.action.owner == o]) for o in owners))


# -- edits ---------------------------------------------------------------------------
def validated(model: type[Model], kind: str, data: dict[str, Any]) -> Any:
    """``model`` from ``data``, or an InputError naming the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        raise InputError(f"new {kind} {path}: {first['msg']}", path=path) from exc


def ref(map_id: str, ident: str) -> str:
    return f"map/{map_id}/action/{ident}"


def add_action(bench: Workbench, map_id: str, data: dict[str, Any]) -> Versioned:
    """A new action of ``map_id`` from JSON-ready ``data`` (an id is made if missing)."""
    data = dict(data)
    data["id"] = str(data.get("id") or new_id("act"))
    action: Action = validated(Action, "action", data)
    return bench.store.add(bench.workspace_id, ref(map_id, action.id), action)


def update_action(bench: Workbench, map_id: str, ident: str, changes: dict[str, Any],
                  version: int) -> Versioned:
    return bench.update(ref(map_id, ident), changes, expected_version=version)


def set_status(bench: Workbench, map_id: str, ident: str, status: ActionStatus | str,
               version: int) -> Versioned:
    """Move an action to another column of the board (a stale version is a conflict)."""
    return update_action(bench, map_id, ident, {"status": ActionStatus(status).value}, version)


def delete_action(bench: Workbench, map_id: str, ident: str, version: int) -> None:
    bench.store.delete(bench.workspace_id, ref(map_id, ident), expected_version=version)


def unlink(bench: Workbench, map_id: str, field: str, ident: str) -> None:
    """Drop ``ident`` from every action's ``field`` list (``opportunities`` or
    ``pain_points``) and from the cards that point to it, before it is deleted."""
    jmap = bench.journey_map(map_id)
    for action in jmap.actions:
        linked: list[str] = getattr(action, field)
        if ident in linked:
            current = bench.get(ref(map_id, action.id))
            bench.update(ref(map_id, action.id), {field: [r for r in linked if r != ident]},
                         expected_version=current.version)
    card_field = {"opportunities": "opportunity", "pain_points": "pain_point"}[field]
    for lane in jmap.lanes:
        for card in lane.cards:
            if getattr(card, card_field) == ident:
                target = f"map/{map_id}/card/{card.id}"
                bench.update(target, {card_field: None},
                             expected_version=bench.get(target).version)
