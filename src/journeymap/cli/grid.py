"""Terminal drawings of a map and of a map comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from journeymap.model import JourneyMap, Lane, LaneKind

if TYPE_CHECKING:
    from journeymap.model.diff import MapDiff


def _card_text(lane: Lane, stage_id: str, jmap: JourneyMap, personas: dict[str, str]) -> str:
    lines = []
    touchpoints = {tp.id: tp for tp in jmap.touchpoints}
    if lane.kind is LaneKind.TOUCHPOINTS and not lane.cards:
        lines = [f"[{tp.channel.value}] {tp.name}" for tp in jmap.touchpoints
                 if tp.stage == stage_id]
    for card in lane.cards:
        if card.stage != stage_id:
            continue
        text = card.text
        if card.touchpoint in touchpoints:
            tp = touchpoints[card.touchpoint]
            text = f"[{tp.channel.value}] {text or tp.name}"
        if card.score is not None:
            who = personas.get(card.persona or "", "")
            text = f"{card.score:+.1f}" + (f" {who}" if who else "") + (
                f": {text}" if text else "")
        lines.append(text)
    # Card text is user text: escape it so brackets are shown, never read as markup.
    return "\n".join(f"• {escape(line)}" for line in lines)


def map_table(jmap: JourneyMap, personas: dict[str, str]) -> Table:
    """Stages as columns, lanes as rows, cards as bullet lines."""
    variant = jmap.variant.value.replace("_", "-")
    table = Table(title=escape(jmap.name), caption=f"{variant} map {jmap.id}", show_lines=True,
                  expand=True)
    table.add_column("lane", style="bold", no_wrap=True)
    for stage in jmap.stages:
        table.add_column(escape(stage.name))
    goals = ["\n".join(f"• {escape(goal)}" for goal in stage.goals) for stage in jmap.stages]
    if any(goals):
        table.add_row("stage goals", *goals)
    for lane in jmap.lanes:
        title = escape(lane.title or lane.kind.value.replace("_", " "))
        table.add_row(title, *(_card_text(lane, s.id, jmap, personas) for s in jmap.stages))
    return table


def diff_rows(diff: MapDiff) -> list[dict[str, Any]]:
    """One row per added/removed/moved object and per changed field, in diff order."""
    rows: list[dict[str, Any]] = []
    for change, groups in (("added", diff.added), ("removed", diff.removed)):
        rows += [{"change": change, "kind": kind, "id": ident, "field": None, "before": None,
                  "after": None} for kind, ids in groups.items() for ident in ids]
    for obj in diff.changed:
        rows += [{"change": "changed", "kind": obj.kind, "id": obj.id, "field": name,
                  "before": before, "after": after}
                 for name, (before, after) in obj.fields.items()]
    for move in diff.moved:
        before, after = move.before, move.after
        rows.append({"change": "moved", "kind": move.kind, "id": move.id, "field": "position",
                     "before": before if move.lane_before is None else
                     f"{move.lane_before}[{before}]",
                     "after": after if move.lane_after is None else f"{move.lane_after}[{after}]"})
    return rows
