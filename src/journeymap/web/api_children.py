"""REST operations on the children of a map: stages, lanes, touchpoints and cards."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from journeymap.errors import InputError
from journeymap.model import Card, Lane, Model, Stage, Touchpoint, new_id
from journeymap.web.api_common import EDIT_ERRORS, ERRORS, Bench, ExpectedVersion, versioned
from journeymap.web.schemas import (
    Body,
    CardChanges,
    CardMove,
    CardNew,
    LaneChanges,
    LaneNew,
    Move,
    StageChanges,
    StageNew,
    TouchpointChanges,
    TouchpointNew,
)

router = APIRouter(tags=["map content"])


def ref(map_id: str, kind: str, ident: str) -> str:
    return f"map/{map_id}/{kind}/{ident}"


def new_object(model: type[Model], kind: str, data: dict[str, Any]) -> tuple[str, Model]:
    """A new ``model`` from ``data`` and its id (a fresh one when none was given)."""
    data = {key: value for key, value in data.items() if key != "position"}
    ident = str(data.get("id") or new_id(kind.replace("_", "-")))
    data["id"] = ident
    try:
        return ident, model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        raise InputError(f"new {kind} {path}: {first['msg']}", path=path) from exc


def add(bench: Bench, map_id: str, kind: str, model: type[Model], body: Body,
        parent: str | None = None) -> JSONResponse:
    ident, obj = new_object(model, kind, body.changes())
    position = getattr(body, "position", None)
    item = bench.store.add(bench.workspace_id, ref(map_id, kind, ident), obj, parent=parent,
                           position=position)
    return versioned(item, 201)


def move(bench: Bench, target: str, body: Move | CardMove, version: int) -> JSONResponse:
    parent = body.lane if isinstance(body, CardMove) else None
    stage = body.stage if isinstance(body, CardMove) else None
    return versioned(bench.store.move(bench.workspace_id, target, body.position,
                                      expected_version=version, parent=parent, stage=stage))


def delete(bench: Bench, target: str, version: int) -> Response:
    bench.store.delete(bench.workspace_id, target, expected_version=version)
    return Response(status_code=204)


# -- stages --------------------------------------------------------------------------
@router.get("/maps/{map_id}/stages/{stage_id}", operation_id="get_stage", responses=ERRORS)
def get_stage(bench: Bench, map_id: str, stage_id: str) -> JSONResponse:
    return versioned(bench.get(ref(map_id, "stage", stage_id)))


@router.post("/maps/{map_id}/stages", operation_id="add_stage", status_code=201,
             responses=ERRORS)
def add_stage(bench: Bench, map_id: str, body: StageNew) -> JSONResponse:
    return add(bench, map_id, "stage", Stage, body)


@router.patch("/maps/{map_id}/stages/{stage_id}", operation_id="update_stage",
              responses=EDIT_ERRORS)
def update_stage(bench: Bench, map_id: str, stage_id: str, body: StageChanges,
                 version: ExpectedVersion) -> JSONResponse:
    target = ref(map_id, "stage", stage_id)
    return versioned(bench.update(target, body.changes(), expected_version=version))


@router.post("/maps/{map_id}/stages/{stage_id}/move", operation_id="move_stage",
             responses=EDIT_ERRORS)
def move_stage(bench: Bench, map_id: str, stage_id: str, body: Move,
               version: ExpectedVersion) -> JSONResponse:
    return move(bench, ref(map_id, "stage", stage_id), body, version)


@router.delete("/maps/{map_id}/stages/{stage_id}", operation_id="delete_stage", status_code=204,
               responses=EDIT_ERRORS)
def delete_stage(bench: Bench, map_id: str, stage_id: str, version: ExpectedVersion) -> Response:
    return delete(bench, ref(map_id, "stage", stage_id), version)


# -- lanes ---------------------------------------------------------------------------
@router.get("/maps/{map_id}/lanes/{lane_id}", operation_id="get_lane", responses=ERRORS)
def get_lane(bench: Bench, map_id: str, lane_id: str) -> JSONResponse:
    return versioned(bench.get(ref(map_id, "lane", lane_id)))


@router.post("/maps/{map_id}/lanes", operation_id="add_lane", status_code=201, responses=ERRORS)
def add_lane(bench: Bench, map_id: str, body: LaneNew) -> JSONResponse:
    return add(bench, map_id, "lane", Lane, body)


@router.patch("/maps/{map_id}/lanes/{lane_id}", operation_id="update_lane",
              responses=EDIT_ERRORS)
def update_lane(bench: Bench, map_id: str, lane_id: str, body: LaneChanges,
                version: ExpectedVersion) -> JSONResponse:
    target = ref(map_id, "lane", lane_id)
    return versioned(bench.update(target, body.changes(), expected_version=version))


@router.post("/maps/{map_id}/lanes/{lane_id}/move", operation_id="move_lane",
             responses=EDIT_ERRORS)
def move_lane(bench: Bench, map_id: str, lane_id: str, body: Move,
              version: ExpectedVersion) -> JSONResponse:
    return move(bench, ref(map_id, "lane", lane_id), body, version)


@router.delete("/maps/{map_id}/lanes/{lane_id}", operation_id="delete_lane", status_code=204,
               responses=EDIT_ERRORS)
def delete_lane(bench: Bench, map_id: str, lane_id: str, version: ExpectedVersion) -> Response:
    return delete(bench, ref(map_id, "lane", lane_id), version)


# -- touchpoints ---------------------------------------------------------------------
@router.get("/maps/{map_id}/touchpoints/{touchpoint_id}", operation_id="get_touchpoint",
            responses=ERRORS)
def get_touchpoint(bench: Bench, map_id: str, touchpoint_id: str) -> JSONResponse:
    return versioned(bench.get(ref(map_id, "touchpoint", touchpoint_id)))


@router.post("/maps/{map_id}/touchpoints", operation_id="add_touchpoint", status_code=201,
             responses=ERRORS)
def add_touchpoint(bench: Bench, map_id: str, body: TouchpointNew) -> JSONResponse:
    return add(bench, map_id, "touchpoint", Touchpoint, body)


@router.patch("/maps/{map_id}/touchpoints/{touchpoint_id}", operation_id="update_touchpoint",
              responses=EDIT_ERRORS)
def update_touchpoint(bench: Bench, map_id: str, touchpoint_id: str, body: TouchpointChanges,
                      version: ExpectedVersion) -> JSONResponse:
    target = ref(map_id, "touchpoint", touchpoint_id)
    return versioned(bench.update(target, body.changes(), expected_version=version))


@router.post("/maps/{map_id}/touchpoints/{touchpoint_id}/move", operation_id="move_touchpoint",
             responses=EDIT_ERRORS)
def move_touchpoint(bench: Bench, map_id: str, touchpoint_id: str, body: Move,
                    version: ExpectedVersion) -> JSONResponse:
    return move(bench, ref(map_id, "touchpoint", touchpoint_id), body, version)


@router.delete("/maps/{map_id}/touchpoints/{touchpoint_id}", operation_id="delete_touchpoint",
               status_code=204, responses=EDIT_ERRORS)
def delete_touchpoint(bench: Bench, map_id: str, touchpoint_id: str,
                      version: ExpectedVersion) -> Response:
    return delete(bench, ref(map_id, "touchpoint", touchpoint_id), version)


# -- cards ---------------------------------------------------------------------------
@router.get("/maps/{map_id}/cards/{card_id}", operation_id="get_card", responses=ERRORS)
def get_card(bench: Bench, map_id: str, card_id: str) -> JSONResponse:
    return versioned(bench.get(ref(map_id, "card", card_id)))


@router.post("/maps/{map_id}/lanes/{lane_id}/cards", operation_id="add_card", status_code=201,
             responses=ERRORS)
def add_card(bench: Bench, map_id: str, lane_id: str, body: CardNew) -> JSONResponse:
    return add(bench, map_id, "card", Card, body, parent=lane_id)


@router.patch("/maps/{map_id}/cards/{card_id}", operation_id="update_card",
              responses=EDIT_ERRORS)
def update_card(bench: Bench, map_id: str, card_id: str, body: CardChanges,
                version: ExpectedVersion) -> JSONResponse:
    target = ref(map_id, "card", card_id)
    return versioned(bench.update(target, body.changes(), expected_version=version))


@router.post("/maps/{map_id}/cards/{card_id}/move", operation_id="move_card",
             responses=EDIT_ERRORS)
def move_card(bench: Bench, map_id: str, card_id: str, body: CardMove,
              version: ExpectedVersion) -> JSONResponse:
    return move(bench, ref(map_id, "card", card_id), body, version)


@router.delete("/maps/{map_id}/cards/{card_id}", operation_id="delete_card", status_code=204,
               responses=EDIT_ERRORS)
def delete_card(bench: Bench, map_id: str, card_id: str, version: ExpectedVersion) -> Response:
    return delete(bench, ref(map_id, "card", card_id), version)
