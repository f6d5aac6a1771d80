"""The workspace store's tables, one per kind of object, derived from the domain model.

Each domain field that holds one value gets a typed column of the same name; lists and nested
objects are JSON (JSONB on PostgreSQL). Child lists held in their own tables (a map's stages,
a lane's cards) are not columns. The frozen shape lives in the Alembic migrations; the test
``test_migrations_match_tables`` fails when the model and the migrations drift apart.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from pydantic import AwareDatetime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.schema import SchemaItem

from journeymap.model import (
    Action,
    BoardNote,
    Card,
    Comment,
    JourneyMap,
    KpiDefinition,
    Lane,
    Location,
    MapSnapshot,
    Member,
    Model,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
    Workspace,
)

JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(sa.TypeDecorator[datetime]):
    """Aware timestamps, stored in UTC and read back aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class Kind:
    """How one kind of object is stored: its table, model and place in the document."""

    name: str
    table: sa.Table
    model: type[Model]
    scope: str  # "workspace", "map" or "lane": what its position counts within
    collection: str  # the list holding it in its container (document, map or lane)
    key: str = "id"  # the model field kept in the ``id`` column
    children: tuple[str, ...] = ()  # model fields kept in other tables
    json_fields: tuple[str, ...] = ()
    scalar_fields: tuple[str, ...] = ()


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _column_type(annotation: Any) -> tuple[Any, bool, bool]:
    """The SQL type for one model field annotation, whether it is JSON and nullable."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        values = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(values) < len(typing.get_args(annotation))
        if len(values) != 1:
            return JSON_TYPE, True, nullable
        annotation = values[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    simple: dict[Any, Any] = {
        str: sa.Text(),
        bool: sa.Boolean(),
        int: sa.BigInteger(),
        float: sa.Float(),
        date: sa.Date(),
        datetime: UtcDateTime(),
        AwareDatetime: UtcDateTime(),
    }
    if annotation in simple:
        return simple[annotation], False, nullable
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return sa.String(40), False, nullable
    return JSON_TYPE, True, nullable


def _bookkeeping(scope: str) -> list[SchemaItem]:
    items: list[SchemaItem] = [
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(254), nullable=False),
    ]
    if scope != "document":
        items.append(
            sa.Column(
                "workspace_pk",
                sa.Integer,
                sa.ForeignKey("workspace.pk", ondelete="CASCADE"),
                nullable=False,
            )
        )
        items.append(sa.Column("position", sa.Integer, nullable=False))
    if scope in ("map", "lane"):
        items.append(
            sa.Column(
                "map_pk",
                sa.Integer,
                sa.ForeignKey("journey_map.pk", ondelete="CASCADE"),
                nullable=False,
            )
        )
    if scope == "lane":
        lane_fk = sa.ForeignKey("lane.pk", ondelete="CASCADE")
        items.append(sa.Column("lane_pk", sa.Integer, lane_fk, nullable=False))
    items.append(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    items.append(sa.Column("updated_at", UtcDateTime(), nullable=False))
    return items


def _kind(
    name: str,
    model: type[Model],
    scope: str,
    collection: str,
    *extra: SchemaItem,
    key: str = "id",
    children: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
) -> Kind:
    columns = _bookkeeping(scope)
    json_fields: list[str] = []
    scalar_fields: list[str] = []
    for field, info in model.model_fields.items():
        if field == key or field in children or field in skip:
            continue
        sql_type, is_json, nullable = _column_type(info.annotation)
        (json_fields if is_json else scalar_fields).append(field)
        columns.append(sa.Column(field, sql_type, nullable=nullable))
    if "created_at" not in model.model_fields:
        columns.append(sa.Column("created_at", UtcDateTime(), nullable=False))
    table = sa.Table(name, metadata, *columns, *extra)
    return Kind(
        name,
        table,
        model,
        scope,
        collection,
        key,
        children,
        tuple(json_fields),
        tuple(scalar_fields),
    )


def _unique(*columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns)


MAP_CHILDREN = ("stages", "touchpoints", "lanes", "pain_points", "opportunities", "actions")

WORKSPACE = _kind("workspace", Workspace, "document", "workspace", _unique("id"))
MEMBER = _kind("member", Member, "workspace", "members", _unique("workspace_pk", "id"), key="user")
PERSONA = _kind("persona", Persona, "workspace", "personas", _unique("workspace_pk", "id"))
KPI = _kind("kpi", KpiDefinition, "workspace", "kpis", _unique("workspace_pk", "id"))
LOCATION = _kind("location", Location, "workspace", "locations", _unique("workspace_pk", "id"))
JOURNEY_MAP = _kind(
    "journey_map",
    JourneyMap,
    "workspace",
    "maps",
    _unique("workspace_pk", "id"),
    children=MAP_CHILDREN,
)
STAGE = _kind("stage", Stage, "map", "stages", _unique("map_pk", "id"))
TOUCHPOINT = _kind(
    "touchpoint", Touchpoint, "map", "touchpoints", _unique("map_pk", "id"), sa.Index(None, "stage")
)
LANE = _kind("lane", Lane, "map", "lanes", _unique("map_pk", "id"), children=("cards",))
CARD = _kind(
    "card",
    Card,
    "lane",
    "cards",
    _unique("map_pk", "id"),
    sa.Index(None, "lane_pk", "position"),
    sa.Index(None, "map_pk", "stage"),
)
PAIN_POINT = _kind("pain_point", PainPoint, "map", "pain_points", _unique("map_pk", "id"))
OPPORTUNITY = _kind("opportunity", Opportunity, "map", "opportunities", _unique("map_pk", "id"))
ACTION = _kind(
    "action",
    Action,
    "map",
    "actions",
    _unique("map_pk", "id"),
    sa.Index(None, "workspace_pk", "status"),
    sa.Index(None, "workspace_pk", "due"),
)
COMMENT = _kind(
    "comment",
    Comment,
    "workspace",
    "comments",
    _unique("workspace_pk", "id"),
    sa.Index(None, "workspace_pk", "target"),
)
MAP_SNAPSHOT = _kind(
    "map_snapshot",
    MapSnapshot,
    "workspace",
    "snapshots",
    sa.Column(
        "map_pk", sa.Integer, sa.ForeignKey("journey_map.pk", ondelete="CASCADE"), nullable=False
    ),
    _unique("workspace_pk", "id"),
    sa.Index(None, "map_pk"),
    skip=("map",),
)
BOARD_NOTE = _kind(
    "board_note", BoardNote, "workspace", "board_notes", _unique("workspace_pk", "id")
)

#: What was deleted, and at which version: an edit based on it is then a conflict (not
#: "not found"), and an object re-added under the same id continues after that version.
TOMBSTONE = sa.Table(
    "tombstone",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "workspace_pk", sa.Integer, sa.ForeignKey("workspace.pk", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("map_id", sa.String(254), nullable=False),  # "" outside maps
    sa.Column("id", sa.String(254), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("deleted_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("workspace_pk", "kind", "map_id", "id"),
)

# Accounts, login sessions and invitations (store/accounts.py): people, not map content, so
# not part of map-as-code; roles stay in the workspace document's members (docs/adr/0010).
#: ``email_key`` is the lower-cased e-mail: unique case-insensitively on every database.
ACCOUNT = sa.Table(
    "account",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("email_key", sa.String(254), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.UniqueConstraint("email_key"),
)
#: Tokens are kept only as SHA-256 hashes: a copy of the database logs nobody in.
ACCOUNT_SESSION = sa.Table(
    "account_session",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column(
        "account_pk", sa.Integer, sa.ForeignKey("account.pk", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    sa.Column("last_seen_at", UtcDateTime(), nullable=False),
    sa.UniqueConstraint("token_hash"),
    sa.Index(None, "account_pk"),
)
INVITATION = sa.Table(
    "invitation",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("workspace_id", sa.String(254), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("email_key", sa.String(254), nullable=False),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("invited_by", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    sa.Column("accepted_at", UtcDateTime(), nullable=True),
    sa.UniqueConstraint("token_hash"),
)
#: Owner-issued password reset links (docs/adr/0014): one use, hashed like sessions.
PASSWORD_RESET = sa.Table(
    "password_reset",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column(
        "account_pk", sa.Integer, sa.ForeignKey("account.pk", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("workspace_id", sa.String(254), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("expires_at", UtcDateTime(), nullable=False),
    sa.Column("used_at", UtcDateTime(), nullable=True),
    sa.UniqueConstraint("token_hash"),
    sa.Index(None, "account_pk"),
)

#: Who changed what when: one row per change of the workspace, written in the change's own
#: transaction. ``pk`` only grows, so it is also the id of the live-update event
#: (``Last-Event-ID``). ``map_id`` is "" outside maps; ``ref`` is the object reference.
ACTIVITY = sa.Table(
    "activity",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "workspace_pk", sa.Integer, sa.ForeignKey("workspace.pk", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("actor", sa.String(254), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("ref", sa.Text, nullable=False),
    sa.Column("map_id", sa.String(254), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Index(None, "workspace_pk", "map_id", "pk"),
)

#: Every kind, containers before their contents (insert in this order, delete in reverse).
KINDS: tuple[Kind, ...] = (
    WORKSPACE,
    MEMBER,
    PERSONA,
    KPI,
    LOCATION,
    JOURNEY_MAP,
    STAGE,
    TOUCHPOINT,
    LANE,
    CARD,
    PAIN_POINT,
    OPPORTUNITY,
    ACTION,
    COMMENT,
    MAP_SNAPSHOT,
    BOARD_NOTE,
)
MAP_KINDS: dict[str, Kind] = {
    k.collection: k for k in (STAGE, TOUCHPOINT, LANE, PAIN_POINT, OPPORTUNITY, ACTION)
}


def encode(kind: Kind, obj: Model) -> dict[str, Any]:
    """Column values for one object (bookkeeping columns are added by the caller)."""
    values: dict[str, Any] = {"id": getattr(obj, kind.key)}
    for field in kind.scalar_fields:
        value = getattr(obj, field)
        values[field] = value.value if isinstance(value, Enum) else value
    if kind.json_fields:
        values.update(obj.model_dump(mode="json", include=set(kind.json_fields)))
    return values


def decode(kind: Kind, row: sa.RowMapping) -> dict[str, Any]:
    """Model data (without child lists) for one row; validate it with ``kind.model``."""
    data: dict[str, Any] = {kind.key: row["id"]}
    for field in kind.scalar_fields + kind.json_fields:
        data[field] = row[field]
    return data
