"""Mapping files: how a file in some other shape becomes canonical rows.

A mapping is a small YAML document (see docs/importing.md for every key). Ready mappings
for common exports ship with the package (``ga4``, ``segment``, ``orders``) and are chosen by
name; anything else is a path to a YAML file.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from journeymap.errors import DocumentError

FileFormat = Literal["csv", "tsv", "parquet", "jsonl"]
EpochUnit = Literal["auto", "s", "ms", "us"]
Constant = str | int | float | bool

#: Source fields are column names or dotted paths into nested objects (``context.channel``).
FIELD_PATTERN = r"^[^\s.][^.]*(\.[^.]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimestampSpec(_Strict):
    """How the timestamp column is written in the file."""

    format: str | None = Field(
        default=None, description="strptime format such as '%d.%m.%Y %H:%M'; default: "
        "ISO 8601 (with or without zone) or epoch numbers")
    unit: EpochUnit = Field(default="auto", description="unit of epoch numbers; auto decides "
                            "by magnitude")
    zone: str = Field(default="UTC", description="IANA zone of timestamps written without one")

    @field_validator("format")
    @classmethod
    def _has_directive(cls, value: str | None) -> str | None:
        if value is not None and "%" not in value:
            raise ValueError("a strptime format needs % directives, e.g. '%Y-%m-%d %H:%M'")
        return value

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; expected an IANA name such as "
                             "'Europe/Warsaw' or 'UTC'") from None
        return value


#: The scales of the standard survey metrics (DESIGN.md 4.2).
STANDARD_SCALES: dict[str, tuple[float, float]] = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
METRIC_PATTERN = r"^[a-z][a-z0-9_]*$"


class SurveyQuestion(_Strict):
    """One question column of a wide survey file: a scored metric or an open answer."""

    column: str = Field(description="the file's column holding the answers")
    metric: str = Field(pattern=METRIC_PATTERN, description="csat, nps, ces, a custom "
                        "metric name, or the name open answers are kept under")
    open: bool = Field(default=False, description="free text, kept as a comment")
    min: float | None = Field(default=None, description="lowest score of a custom scale")
    max: float | None = Field(default=None, description="highest score of a custom scale")
    text: str | None = Field(default=None, description="question wording; default: the "
                             "column name")

    @model_validator(mode="after")
    def _scale(self) -> SurveyQuestion:
        given = (self.min, self.max)
        if self.open:
            if given != (None, None):
                raise ValueError(f"{self.column}: an open question has no min/max")
            return self
        standard = STANDARD_SCALES.get(self.metric)
        if standard is not None:
            if given != (None, None) and given != standard:
                low, high = standard
                raise ValueError(f"{self.column}: {self.metric} is on {low:g}-{high:g}")
            return self
        if self.min is None or self.max is None or self.min >= self.max:
            raise ValueError(f"{self.column}: the custom scale {self.metric} needs min < max")
        return self

    def scale(self) -> tuple[float, float] | None:
        if self.open:
            return None
        if self.min is not None and self.max is not None:
            return (self.min, self.max)
        return STANDARD_SCALES[self.metric]


class SurveySection(_Strict):
    """The question columns of a wide survey file (one response a row)."""

    questions: list[SurveyQuestion] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _distinct(cls, value: list[SurveyQuestion]) -> list[SurveyQuestion]:
        seen: set[str] = set()
        for question in value:
            if question.column in seen:
                raise ValueError(f"the column {question.column!r} is listed twice")
            seen.add(question.column)
        return value


class Mapping(_Strict):
    """A validated mapping document; build it with :func:`load_mapping` or directly."""

    name: str | None = None
    description: str | None = None
    format: FileFormat | None = Field(default=None, description="file format; default from "
                                      "the file name suffix or its content")
    delimiter: str | None = Field(default=None, min_length=1, max_length=1,
                                  description="CSV delimiter; default sniffed")
    columns: dict[str, str | list[str]] = Field(
        default_factory=dict, description="target column -> source field, or a list of "
        "fields of which the first non-empty one wins")
    constants: dict[str, Constant] = Field(
        default_factory=dict, description="target column -> value used where the row has none")
    timestamp: TimestampSpec = Field(default_factory=TimestampSpec)
    events: dict[str, str] = Field(default_factory=dict,
                                   description="event name rewrites: file value -> event name")
    channels: dict[str, str] = Field(default_factory=dict,
                                     description="channel rewrites (lower case) -> channel")
    expand: list[str] = Field(default_factory=list,
                              description="object or key/value-list fields merged into "
                              "properties (GA4 event_params)")
    drop: list[str] = Field(default_factory=list,
                            description="source fields left out of properties")
    transactions: bool = Field(default=False, description="importing events also writes "
                               "each accepted row as a transaction")
    survey: SurveySection | None = Field(default=None, description="a wide survey file: "
                                         "which column is which question")

    @field_validator("columns")
    @classmethod
    def _fields_named(cls, value: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        for target, source in value.items():
            fields = [source] if isinstance(source, str) else source
            if not fields:
                raise ValueError(f"{target}: give at least one source field")
            for field in fields:
                if not re.match(FIELD_PATTERN, field):
                    raise ValueError(f"{target}: {field!r} is not a field name or dotted path")
        return value

    def sources(self, target: str) -> list[str]:
        """Source fields for ``target``: the mapped ones, else the target's own name."""
        source = self.columns.get(target, target)
        return [source] if isinstance(source, str) else list(source)


READY = ("ga4", "segment", "orders")
#: Ready mappings for survey files (``journeymap import surveys``).
SURVEY_READY = ("survey-form",)


def ready_mapping_names() -> tuple[str, ...]:
    return READY


def load_mapping(spec: str | Path | Mapping | None) -> Mapping | None:
    """A mapping from a ready name (``ga4``), a YAML file path, or one already built."""
    if spec is None or isinstance(spec, Mapping):
        return spec
    text_spec = str(spec)
    if isinstance(spec, str) and text_spec in READY + SURVEY_READY:
        package = resources.files("journeymap.ingest") / "mappings" / f"{text_spec}.yaml"
        return parse_mapping(package.read_text(encoding="utf-8"), source=f"mapping {text_spec}")
    path = Path(spec)
    if not path.is_file():
        raise DocumentError("", f"no such mapping file; expected a file path or one of the "
                            f"ready mappings: {', '.join(READY)}", source=text_spec)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError("", f"cannot read the mapping file: {exc}", source=text_spec) from exc
    return parse_mapping(text, source=text_spec)


def parse_mapping(text: str, *, source: str) -> Mapping:
    """Parse and validate YAML; errors name ``source`` and the key (``timestamp.zone``)."""
    import yaml

    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise DocumentError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                            source=source) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DocumentError("", "a mapping file must be a YAML mapping of keys to values",
                            source=source)
    try:
        return Mapping.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        raise DocumentError(path, message, source=source) from None
