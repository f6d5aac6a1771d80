"""Workspace-level objects and the whole-workspace document (map as code)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, field_validator, model_validator

from journeymap.model.base import (
    Identifier,
    KpiKind,
    Language,
    Model,
    Name,
    PersonaSource,
    Role,
    Text,
    check_unique,
    reference_error,
)
from journeymap.model.journey import JourneyMap

#: Version of the map-as-code document format; bump it with a migration note in docs.
FORMAT_VERSION = 1


class Workspace(Model):
    id: Identifier
    name: Name
    description: Text = ""
    language: Language = Language.EN


class Member(Model):
    """A person in the workspace and their role. ``user`` is a login or e-mail."""

    user: Annotated[str, Field(min_length=1, max_length=254)]
    name: str = ""
    role: Role = Role.VIEWER


class SegmentOp(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"


class SegmentRule(Model):
    """A condition on a customer attribute; a rule-based persona is all its rules (AND)."""

    attribute: Annotated[str, Field(min_length=1, max_length=100)]
    op: SegmentOp = SegmentOp.EQ
    value: str | float | list[str | float]

    @model_validator(mode="after")
    def _in_needs_list(self) -> SegmentRule:
        if (self.op is SegmentOp.IN) != isinstance(self.value, list):
            raise ValueError("op 'in' takes a list of values; every other op takes one value")
        return self


class Persona(Model):
    id: Identifier
    name: Name
    description: Text = ""
    quote: Text = ""
    goals: list[Text] = Field(default_factory=list)
    needs: list[Text] = Field(default_factory=list)
    frustrations: list[Text] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    source: PersonaSource = PersonaSource.MANUAL
    segment: list[SegmentRule] = Field(default_factory=list)

    @property
    def initials(self) -> str:
        words = [w for w in self.name.split() if w[:1].isalnum()]
        return "".join(w[0] for w in words[:2]).upper() or self.name[:1].upper()


class KpiDefinition(Model):
    """How a KPI is measured: the same instrument before and after an action."""

    id: Identifier
    name: Name
    kind: KpiKind
    description: Text = ""
    question: Text = ""
    scale_min: float | None = None
    scale_max: float | None = None
    unit: str = ""
    higher_is_better: bool = True

    @model_validator(mode="after")
    def _scale_is_ordered(self) -> KpiDefinition:
        if self.kind is KpiKind.CUSTOM and (self.scale_min is None or self.scale_max is None):
            raise ValueError("a custom KPI needs scale_min and scale_max")
        if self.scale_min is not None and self.scale_max is not None:
            if self.scale_min >= self.scale_max:
                raise ValueError("scale_min must be below scale_max")
        return self


class Location(Model):
    """A physical touchpoint place. Needs a city or coordinates; never placed at 0,0 by default."""

    id: Identifier
    name: Name
    type: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    phone: str = ""
    url: str = ""
    opening_hours: str = ""
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None

    @model_validator(mode="after")
    def _placeable(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is None and not self.city.strip():
            raise ValueError("a location needs a city or lat/lon")
        return self


class Comment(Model):
    """A threaded comment on any object, addressed by an object reference (see ``object_refs``)."""

    id: Identifier
    target: Annotated[str, Field(min_length=1, max_length=300)]
    parent: Identifier | None = None
    author: str = ""
    body: Annotated[str, Field(min_length=1, max_length=20_000)]
    created_at: AwareDatetime
    resolved: bool = False
    resolved_by: str | None = None
    resolved_at: AwareDatetime | None = None


class NoteColour(StrEnum):
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"
    ORANGE = "orange"
    PURPLE = "purple"


class BoardNote(Model):
    """A brainstorming note on the workshop board. ``votes`` holds each voter once;
    ``promoted_to`` is the reference of the object made from it (it may outlive it)."""

    id: Identifier
    text: Annotated[str, Field(min_length=1, max_length=2_000)]
    author: str = ""
    colour: NoteColour = NoteColour.YELLOW
    category: Annotated[str, Field(max_length=100)] = ""
    votes: list[Annotated[str, Field(min_length=1, max_length=254)]] = Field(
        default_factory=list
    )
    created_at: AwareDatetime
    promoted_to: Annotated[str, Field(max_length=300)] | None = None

    @field_validator("votes")
    @classmethod
    def _one_vote_each(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a person votes for a note at most once")
        return value


class MapSnapshot(Model):
    """A frozen copy of one map, taken to keep a version (e.g. before a workshop)."""

    id: Identifier
    map: Identifier
    label: Name
    created_at: AwareDatetime
    created_by: str = ""
    content: JourneyMap


def object_refs(document: WorkspaceDocument) -> set[str]:
    """Every object a comment may point to, as ``kind/id`` or ``map/<id>/kind/id``."""
    refs = {"workspace"}
    for kind, items in (
        ("persona", document.personas),
        ("kpi", document.kpis),
        ("location", document.locations),
    ):
        refs |= {f"{kind}/{item.id}" for item in items}
    refs |= {f"member/{member.user}" for member in document.members}
    for jmap in document.maps:
        base = f"map/{jmap.id}"
        refs.add(base)
        for kind in ("stage", "touchpoint", "lane", "card", "pain_point", "opportunity", "action"):
            refs |= {f"{base}/{kind}/{ident}" for ident in jmap.ids(kind)}
    return refs


class WorkspaceDocument(Model):
    """The whole workspace as one document: what ``export workspace`` writes."""

    journeymap: Literal[1] = 1
    workspace: Workspace
    members: list[Member] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    kpis: list[KpiDefinition] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    maps: list[JourneyMap] = Field(default_factory=list)
    snapshots: list[MapSnapshot] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    board_notes: list[BoardNote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> WorkspaceDocument:
        for collection in (
            "personas", "kpis", "locations", "maps", "snapshots", "comments", "board_notes"
        ):
            check_unique(getattr(self, collection), collection)
        users = [m.user for m in self.members]
        for index, user in enumerate(users):
            if user in users[:index]:
                raise reference_error(f"members[{index}].user", f"duplicate member {user!r}")
        self._check_map_references()
        self._check_comments()
        return self

    def _check_map_references(self) -> None:
        personas = {p.id for p in self.personas}
        locations = {loc.id for loc in self.locations}
        kpis = {k.id for k in self.kpis}
        maps = {m.id for m in self.maps}
        for i, jmap in enumerate(self.maps):
            for j, persona in enumerate(jmap.personas):
                if persona not in personas:
                    raise reference_error(
                        f"maps[{i}].personas[{j}]", f"unknown persona {persona!r}"
                    )
            if jmap.based_on is not None and jmap.based_on not in maps:
                raise reference_error(f"maps[{i}].based_on", f"unknown map {jmap.based_on!r}")
            for j, tp in enumerate(jmap.touchpoints):
                if tp.location is not None and tp.location not in locations:
                    raise reference_error(
                        f"maps[{i}].touchpoints[{j}].location", f"unknown location {tp.location!r}"
                    )
            for j, lane in enumerate(jmap.lanes):
                for k, card in enumerate(lane.cards):
                    if card.persona is not None and card.persona not in personas:
                        raise reference_error(
                            f"maps[{i}].lanes[{j}].cards[{k}].persona",
                            f"unknown persona {card.persona!r}",
                        )
            for j, action in enumerate(jmap.actions):
                if action.target is not None and action.target.kpi not in kpis:
                    raise reference_error(
                        f"maps[{i}].actions[{j}].target.kpi", f"unknown KPI {action.target.kpi!r}"
                    )
        for i, snap in enumerate(self.snapshots):
            if snap.map not in maps:
                raise reference_error(f"snapshots[{i}].map", f"unknown map {snap.map!r}")

    def _check_comments(self) -> None:
        refs = object_refs(self)
        by_id = {c.id: c for c in self.comments}
        for i, comment in enumerate(self.comments):
            if comment.target not in refs:
                raise reference_error(
                    f"comments[{i}].target", f"no object {comment.target!r} in this workspace"
                )
            if comment.parent is not None:
                parent = by_id.get(comment.parent)
                if parent is None:
                    raise reference_error(
                        f"comments[{i}].parent", f"unknown comment {comment.parent!r}"
                    )
                if parent.target != comment.target:
                    raise reference_error(
                        f"comments[{i}].parent", "a reply must be on the same object as its parent"
                    )

    def map(self, map_id: str) -> JourneyMap:
        for jmap in self.maps:
            if jmap.id == map_id:
                return jmap
        raise KeyError(map_id)


def utc(value: datetime) -> datetime:
    """Helper for callers that build comments/snapshots: reject naive datetimes early."""
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a time zone")
    return value


def dump(document: WorkspaceDocument) -> dict[str, Any]:
    """The document as plain JSON-ready data, defaults included, in a stable key order."""
    return document.model_dump(mode="json")
