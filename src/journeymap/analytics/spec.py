"""What every analysis shares: a validated spec, the event filter, and the result shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from journeymap.errors import SpecError


class Spec(BaseModel):
    """Base of analysis specs: invalid values raise :class:`SpecError`, not pydantic's error."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    analysis: ClassVar[str] = "analysis"

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _spec_error(self.analysis, exc) from None

    @classmethod
    def from_data(cls, data: Any) -> Self:
        """A spec from parsed JSON/YAML, with the same errors as the constructor."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise _spec_error(cls.analysis, exc) from None


def _spec_error(analysis: str, exc: ValidationError) -> SpecError:
    first = exc.errors()[0]
    parts = [str(part) for part in first["loc"]]
    message = _clean(first["msg"])
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, SpecError):  # a nested spec already said what is wrong, and where
        parts.append(cause.field)
        message = cause.reason
    return SpecError(analysis, ".".join(part for part in parts if part), message)


def _clean(message: str) -> str:
    # pydantic prefixes errors raised in validators; the user does not need to see that
    return message.removeprefix("Value error, ")


#: A date an analysis can use: the day after it must exist too.
AnalysisDate = Annotated[date, Field(lt=date.max)]
#: The longest window an analysis accepts (100 years): beyond it times overflow.
MAX_WINDOW_SECONDS = 100 * 365 * 86400.0


class EventFilter(Spec):
    """Which events an analysis sees: a date range (both ends inclusive) and channels."""

    analysis: ClassVar[str] = "filter"

    date_from: AnalysisDate | None = None
    date_to: AnalysisDate | None = None
    channels: tuple[str, ...] = ()

    @field_validator("channels")
    @classmethod
    def _lower(cls, channels: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(channel.strip().lower() for channel in channels)
        if any(not channel for channel in cleaned):
            raise ValueError("a channel name cannot be empty")
        return cleaned

    @model_validator(mode="after")
    def _ordered(self) -> EventFilter:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        return self


class AnalysisSpec(Spec):
    filters: EventFilter = EventFilter()


@dataclass(frozen=True)
class AnalysisResult:
    """Rows as plain dicts; ``columns`` is the stable CSV contract (rows may hold more)."""

    columns: ClassVar[tuple[str, ...]] = ()
    rows: tuple[dict[str, Any], ...]


def ratio(part: int, whole: int) -> float | None:
    """A fraction rounded to 6 places; undefined (None) when there is nothing to divide by."""
    return None if whole == 0 else round(part / whole, 6)


def seconds(value: Any) -> float | None:
    """A duration from the engine, rounded so that backends agree to the microsecond."""
    if value is None or value != value:  # NaN from pandas means "no value"
        return None
    return round(float(value), 6)
