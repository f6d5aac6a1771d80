"""The method checklist computed from the workspace: empty, half done, and the plan example."""

from __future__ import annotations

from pathlib import Path

from builders import action_plan_document, document
from journeymap.model import MapSnapshot, MapVariant, Persona, WorkspaceDocument
from journeymap.workbench import init_workspace
from journeymap.workbench.method import METHOD_STEPS, WORKSHOP_STEPS, checklist, checklist_of


def states(found: object) -> dict[str, bool]:
    steps = [*found.method, *found.workshop]  # type: ignore[attr-defined]
    return {step.id: step.done for step in steps}


def test_an_empty_workspace_has_everything_to_do(tmp_path: Path) -> None:
    empty = WorkspaceDocument.model_validate({"workspace": {"id": "e", "name": "E"}})
    with init_workspace(tmp_path / "e", document=empty) as bench:
        found = checklist(bench)
    assert [s.id for s in found.method] == list(METHOD_STEPS)
    assert [s.id for s in found.workshop] == list(WORKSHOP_STEPS)
    assert found.map_id is None and found.done == 0 and found.total == 13
    persona = found.method[0]
    assert (persona.missing, persona.link, persona.facts) == (
        "no persona yet", "/personas", {"personas": 0, "from_data": 0, "on_map": 0})
    assert found.method[1].link == "/"


def test_the_plan_workspace() -> None:
    doc = action_plan_document()
    found = checklist_of(doc, doc.maps[0], has_events=True)
    assert states(found) == {
        "persona": False, "stages": True, "goals": False, "pain_points": True, "focus": True,
        "remove_blockers": True, "discovery": False, "employee_workshop": False,
        "qualitative_validation": True, "quantitative_validation": True,
        "report_and_map": False, "action_planning": True, "design_workshop": False}
    steps = {s.id: s for s in (*found.method, *found.workshop)}
    assert steps["stages"].evidence == "3 stage(s), 4 touchpoint(s)"
    assert steps["stages"].link == "/maps/shop"
    assert steps["goals"].facts == {"with_goals": 1, "stages": 3, "without": 2}
    assert steps["goals"].missing == "2 stage(s) without goals"
    assert steps["pain_points"].facts == {"pain_points": 3, "validated": 1, "detected": 0,
                                          "hypotheses": 2}
    assert steps["focus"].facts == {"opportunities": 4, "covered": 2, "uncovered": 1}
    assert steps["remove_blockers"].facts == {"actions": 5, "done": 1, "measured": 4,
                                              "unowned": 1}
    # pp-slow has a quote, pp-cart is validated with data
    assert steps["qualitative_validation"].facts == {"validated": 1}
    assert steps["quantitative_validation"].facts == {"events": 1, "validated": 1}
    assert steps["employee_workshop"].more_links == ("/maps/shop",)
    assert steps["discovery"].more_links == ("/board",)
    # without events the quantitative step is open
    assert not states(checklist_of(doc, doc.maps[0], has_events=False))[
        "quantitative_validation"]


def test_steps_close_as_the_work_is_done() -> None:
    doc = document()
    jmap = doc.maps[0]
    richer = doc.model_copy(update={
        "personas": [Persona(id="p", name="P")],
        "snapshots": [MapSnapshot(id="s", map=jmap.id, label="final",
                                  created_at="2024-01-01T00:00:00Z", content=jmap)],
        "maps": [jmap, jmap.model_copy(update={"id": "next", "variant": MapVariant.TO_BE})]})
    found = states(checklist_of(richer, jmap, has_events=False))
    assert found["persona"] and found["report_and_map"] and found["design_workshop"]
