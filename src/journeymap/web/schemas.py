"""Request bodies of the REST API (pydantic). Field rules are the domain model's own.

New objects may leave ``id`` out (one is made); changes carry only the fields to change.
The version an edit is based on travels in the ``If-Match`` header, not in the body.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from journeymap.model import Channel, LaneKind, MapVariant, MatchRule
from journeymap.model.base import Identifier, Name, Text
from journeymap.model.journey import EmotionScore

Goal = Annotated[str, Field(min_length=1, max_length=500)]
Position = Annotated[int, Field(ge=0)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def changes(self) -> dict[str, Any]:
        """The fields the caller sent, as JSON-ready data."""
        return self.model_dump(mode="json", exclude_unset=True)


class StageNew(Body):
    id: Identifier | None = None
    name: Name
    description: Text = ""
    goals: list[Goal] = Field(default_factory=list)
    position: Position | None = None


class StageChanges(Body):
    name: Name | None = None
    description: Text | None = None
    goals: list[Goal] | None = None


class LaneNew(Body):
    id: Identifier | None = None
    kind: LaneKind
    title: str = ""
    position: Position | None = None


class LaneChanges(Body):
    kind: LaneKind | None = None
    title: str | None = None


class TouchpointNew(Body):
    id: Identifier | None = None
    name: Name
    stage: Identifier
    channel: Channel
    owner: str = ""
    department: str = ""
    description: Text = ""
    location: Identifier | None = None
    rules: list[MatchRule] = Field(default_factory=list)
    position: Position | None = None


class TouchpointChanges(Body):
    name: Name | None = None
    stage: Identifier | None = None
    channel: Channel | None = None
    owner: str | None = None
    department: str | None = None
    description: Text | None = None
    location: Identifier | None = None
    rules: list[MatchRule] | None = None


class CardNew(Body):
    id: Identifier | None = None
    stage: Identifier
    text: Text = ""
    detail: Text = ""
    score: EmotionScore | None = None
    persona: Identifier | None = None
    touchpoint: Identifier | None = None
    pain_point: Identifier | None = None
    opportunity: Identifier | None = None
    position: Position | None = None


class CardChanges(Body):
    stage: Identifier | None = None
    text: Text | None = None
    detail: Text | None = None
    score: EmotionScore | None = None
    persona: Identifier | None = None
    touchpoint: Identifier | None = None
    pain_point: Identifier | None = None
    opportunity: Identifier | None = None


class Move(Body):
    position: Position


class CardMove(Body):
    position: Position
    lane: Identifier | None = Field(default=None, description="Move the card into this lane.")
    stage: Identifier | None = Field(
        default=None, description="Put the card in this stage, in the same change as the move."
    )


class SnapshotNew(Body):
    label: Name
    created_by: str = ""


class DerivedMap(Body):
    id: Identifier
    variant: MapVariant = MapVariant.TO_BE
    name: Name | None = None


ExportFormat = Literal["json", "yaml"]
