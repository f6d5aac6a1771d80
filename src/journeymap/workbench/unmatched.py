"""Unmatched events: the events no touchpoint of a map matches, and assigning them to an
existing touchpoint (an exact match rule, guarded by the touchpoint's version) or a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.errors import InputError, NotFoundError
from journeymap.model import Channel, MatchRule, Touchpoint, new_id
from journeymap.workbench.imports import ANALYTIC_LOCK, tables

if TYPE_CHECKING:
    from journeymap.store import Versioned
    from journeymap.workbench.session import Workbench


def unmatched(bench: Workbench, map_id: str, top: int | None = None) -> list[dict[str, Any]]:
    """Events no touchpoint of the map matches: event, channel, events, customers, by volume
    (the ``top`` most frequent when given)."""
    from journeymap.analytics import UnmatchedSpec, unmatched_events
    from journeymap.engine import connect_duckdb
    from journeymap.engine.backend import duckdb_table

    jmap = bench.journey_map(map_id)
    if not bench.analytics_path.is_file():
        return []
    with ANALYTIC_LOCK:
        backend = connect_duckdb(bench.analytics_path, read_only=True)
        try:
            if "events" not in tables(getattr(backend, "con")):  # noqa: B009
                return []
            result = unmatched_events(duckdb_table(backend, "events"), jmap,
                                      UnmatchedSpec(top=top))
        finally:
            backend.disconnect()
    return [dict(row) for row in result.rows]


def _touchpoint_ref(map_id: str, touchpoint_id: str) -> str:
    return f"map/{map_id}/touchpoint/{touchpoint_id}"


def event_rule(event: str) -> MatchRule:
    try:
        return MatchRule(pattern=event)
    except ValueError as exc:
        raise InputError(f"event {event[:60]!r} cannot be a match rule: {exc}",
                         path="event") from None


def assign_to_touchpoint(bench: Workbench, map_id: str, touchpoint_id: str, event: str,
                         *, expected_version: int) -> Versioned:
    """Add an exact rule for ``event`` to a touchpoint; a stale version is a conflict."""
    rule = event_rule(event)
    ref = _touchpoint_ref(map_id, touchpoint_id)
    current = bench.get(ref)
    assert isinstance(current.obj, Touchpoint)
    rules = [r.model_dump(mode="json") for r in current.obj.rules]
    return bench.update(ref, {"rules": [*rules, rule.model_dump(mode="json")]},
                        expected_version=expected_version)


def assign_to_new_touchpoint(bench: Workbench, map_id: str, event: str, *, name: str,
                             stage: str, channel: str) -> Versioned:
    """A new touchpoint in ``stage`` and ``channel`` matching ``event`` exactly."""
    rule = event_rule(event)
    known = {c.value for c in Channel}
    if channel not in known:
        raise InputError(f"unknown channel {channel!r}; expected one of {', '.join(sorted(known))}",
                         path="channel")
    if stage not in {s.id for s in bench.journey_map(map_id).stages}:
        raise NotFoundError("stage", stage, scope=f"map {map_id!r}")
    ident = new_id("touchpoint")
    try:
        touchpoint = Touchpoint(id=ident, name=name.strip() or event, stage=stage,
                                channel=Channel(channel), rules=[rule])
    except ValueError as exc:
        raise InputError(f"new touchpoint: {exc}", path="name") from None
    return bench.store.add(bench.workspace_id, _touchpoint_ref(map_id, ident), touchpoint)
