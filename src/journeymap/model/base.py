"""Shared building blocks of the domain model: ids, enums, the base class."""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

#: Ids are short, readable and safe in URLs, file names and YAML keys.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}$"
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=20_000)]


def new_id(prefix: str) -> str:
    """A fresh id such as ``stage-3f9a1c2e`` for objects created in the app or CLI."""
    return f"{prefix}-{secrets.token_hex(4)}"


class Model(BaseModel):
    """Base of every domain object: unknown fields are errors, assignments are validated."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        use_enum_values=False,
        populate_by_name=True,
        # NaN/inf have no JSON (nor PostgreSQL jsonb) form and NaN != NaN breaks round trips.
        allow_inf_nan=False,
    )


def reference_error(path: str, message: str) -> PydanticCustomError:
    """A cross-reference problem found by a container; ``path`` is relative to it.

    ``journeymap.mapcode`` joins pydantic's location with ``path`` so the user sees
    ``maps[0].touchpoints[2].stage: ...`` rather than only ``maps[0]``.
    """
    return PydanticCustomError("reference", "{path}: {message}", {"path": path, "message": message})


def check_unique(items: list[Any], collection: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise reference_error(f"{collection}[{index}].id", f"duplicate id {item.id!r}")
        seen.add(item.id)


class Channel(StrEnum):
    WEB = "web"
    APP = "app"
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    SOCIAL = "social"
    AD = "ad"
    MAIL = "mail"
    STORE = "store"
    OTHER = "other"


class LaneKind(StrEnum):
    GOALS = "goals"
    ACTIONS = "actions"
    TOUCHPOINTS = "touchpoints"
    CHANNELS = "channels"
    THOUGHTS = "thoughts"
    EMOTIONS = "emotions"
    PAIN_POINTS = "pain_points"
    OPPORTUNITIES = "opportunities"
    BACKSTAGE = "backstage"
    METRICS = "metrics"
    TEXT = "text"


class MatchField(StrEnum):
    EVENT = "event"
    CHANNEL = "channel"


class MatchOp(StrEnum):
    EXACT = "exact"
    GLOB = "glob"
    REGEX = "regex"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ValidationStatus(StrEnum):
    HYPOTHESIS = "hypothesis"
    VALIDATED_QUALITATIVELY = "validated_qualitatively"
    VALIDATED_QUANTITATIVELY = "validated_quantitatively"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"


class Role(StrEnum):
    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"


class KpiKind(StrEnum):
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"
    CHURN_RATE = "churn_rate"
    CONVERSION = "conversion"
    DROP_OFF = "drop_off"
    TIME_TO_CONVERT = "time_to_convert"
    REVENUE = "revenue"
    CUSTOM = "custom"


class MapVariant(StrEnum):
    AS_IS = "as_is"
    TO_BE = "to_be"


class PersonaSource(StrEnum):
    MANUAL = "manual"
    RULES = "rules"
    CLUSTERING = "clustering"


class FindingSource(StrEnum):
    MANUAL = "manual"
    DETECTED = "detected"


class Language(StrEnum):
    EN = "en"
    PL = "pl"
    BG = "bg"
