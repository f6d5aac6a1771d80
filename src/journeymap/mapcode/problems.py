"""Turn pydantic validation errors into document paths and plain-language messages."""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from journeymap.model import WorkspaceDocument
from journeymap.model.base import ID_PATTERN

MAX_REPORTED = 20

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")

#: What each pydantic type error expected, in the words of the message.
_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_type": "a date like 2026-03-01",
    "date_parsing": "a date like 2026-03-01",
    "date_from_datetime_parsing": "a date like 2026-03-01",
    "date_from_datetime_inexact": "a date like 2026-03-01",
    "datetime_type": "a date-time like 2026-03-01T09:30:00+00:00",
    "datetime_parsing": "a date-time like 2026-03-01T09:30:00+00:00",
    "datetime_from_date_parsing": "a date-time like 2026-03-01T09:30:00+00:00",
    "timezone_aware": "a date-time with a time zone, like 2026-03-01T09:30:00+00:00",
}

_BOUNDS = {
    "greater_than_equal": ("ge", ">="),
    "greater_than": ("gt", ">"),
    "less_than_equal": ("le", "<="),
    "less_than": ("lt", "<"),
}


def join_path(parts: list[str | int]) -> str:
    """``["maps", 0, "stages", 3, "id"]`` -> ``maps[0].stages[3].id``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _KEY.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += "[" + repr(part) + "]"
    return text


def show(value: Any) -> str:
    """A short, YAML-flavoured rendering of the offending input for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return repr(value)


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [m for m in get_args(annotation) if m is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _union_member(members: tuple[Any, ...], tag: str) -> Any:
    for member in members:
        member = _unwrap(member)
        name = getattr(get_origin(member) or member, "__name__", "")
        if name and tag.startswith(name):
            return member
    return Any


def _walk(loc: tuple[str | int, ...]) -> tuple[list[str | int], bool, Any]:
    """Drop pydantic's union tags and ``[key]`` markers from ``loc``.

    Returns the document path parts, whether a union tag was dropped, and the type found at
    the end of the walk (a model class for ``extra_forbidden`` hints).
    """
    parts: list[str | int] = []
    in_union = False
    current: Any = WorkspaceDocument
    for part in loc:
        current = _unwrap(current)
        origin = get_origin(current)
        if origin in (Union, types.UnionType) and isinstance(part, str):
            in_union = True
            current = _union_member(get_args(current), part)
            continue
        if part == "[key]":
            continue
        parts.append(part)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field is not None else Any
        elif origin is list:
            current = get_args(current)[0]
        elif origin is dict:
            current = get_args(current)[1]
        else:
            current = Any
    return parts, in_union, current


def _model_at(parts: list[str | int]) -> Any:
    _, _, found = _walk(tuple(parts))
    return _unwrap(found)


def _extra_message(parts: list[str | int]) -> str:
    model = _model_at(parts[:-1])
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return "unknown field"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(parts[-1]), allowed, n=1)
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    return "unknown field; expected one of " + ", ".join(allowed)


def _constraint_message(kind: str, ctx: dict[str, Any], got: str) -> str | None:
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return (
                "expected an id: 1 to 80 letters, digits, '_', '.' or '-', starting with a "
                f"letter or digit; got {got}"
            )
        return f"expected text matching {ctx.get('pattern')}; got {got}"
    if kind in ("string_too_short", "too_short"):
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"expected at least {ctx.get('min_length')} characters or items; got {got}"
    if kind in ("string_too_long", "too_long"):
        return f"expected at most {ctx.get('max_length')} characters or items"
    if kind in _BOUNDS:
        key, sign = _BOUNDS[kind]
        return f"expected a number {sign} {ctx.get(key)}; got {got}"
    return None


def _message(error: ErrorDetails, parts: list[str | int], yaml_source: bool) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    got = show(error.get("input"))
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _extra_message(parts)
    if kind == "invalid_key":
        return f"expected a field name (text) as key; got {got}"
    if kind in ("enum", "literal_error"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) or [
            str(ctx.get("expected"))
        ]
        return f"expected one of {', '.join(choices)}; got {got}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    constraint = _constraint_message(kind, ctx, got)
    if constraint is not None:
        return constraint
    if kind in _EXPECTED:
        text = f"expected {_EXPECTED[kind]}; got {got}"
        if yaml_source and kind == "string_type" and isinstance(error.get("input"), bool):
            text += " (YAML reads yes/no/on/off/true/false unquoted as booleans: quote it)"
        return text
    return str(error["msg"])


def describe(exc: ValidationError, *, yaml_source: bool = False) -> list[tuple[str, str]]:
    """Every error as ``(path, message)``; union alternatives at one path are merged."""
    found: list[tuple[str, str | None]] = []
    unions: dict[str, tuple[list[str], Any]] = {}
    for error in exc.errors(include_url=False):
        parts, in_union, _ = _walk(error["loc"])
        path = join_path(parts)
        if error["type"] == "reference":
            ctx = error.get("ctx", {})
            relative = str(ctx.get("path", ""))
            path = f"{path}.{relative}" if path and relative else path or relative
            found.append((path, str(ctx.get("message", error["msg"]))))
        elif in_union and error["type"] in _EXPECTED:
            if path not in unions:
                unions[path] = ([], error.get("input"))
                found.append((path, None))
            unions[path][0].append(_EXPECTED[error["type"]])
        else:
            found.append((path, _message(error, parts, yaml_source)))
    # A failed alternative that has errors deeper inside (a list with one bad item) is what
    # the author meant; the shallower "expected a string or ..." would only mislead.
    shallow = {p for p in unions for q in unions if q != p and q.startswith(p + "[")}
    return [
        (path, text if text is not None else _union_message(*unions[path]))
        for path, text in found
        if text is not None or path not in shallow
    ]


def _union_message(expected: list[str], value: Any) -> str:
    choices = expected[0]
    if len(expected) > 1:
        choices = ", ".join(expected[:-1]) + f" or {expected[-1]}"
    return f"expected {choices}; got {show(value)}"
