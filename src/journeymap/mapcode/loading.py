"""Read a map-as-code document: text -> data -> ``WorkspaceDocument``, or a DocumentError."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from journeymap.errors import DocumentError
from journeymap.mapcode.problems import MAX_REPORTED, describe, join_path
from journeymap.mapcode.yamlio import from_yaml
from journeymap.model import FORMAT_VERSION, WorkspaceDocument

Format = Literal["yaml", "json"]

_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
#: C0 controls other than tab/newline/carriage return never occur in a text document.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TOP_LEVEL = "a mapping with journeymap, workspace, members, personas, kpis, locations, maps, ..."


def _fail(path: str, message: str, source: str | None, **details: Any) -> DocumentError:
    errors = [{"path": path, "message": message}]
    return DocumentError(path, message, source=source, errors=errors, **details)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_text(text: str, source: str | None) -> None:
    if not text.strip():
        raise _fail(
            "", "the document is empty; expected a workspace document starting with "
            f"'journeymap: {FORMAT_VERSION}'", source,
        )
    junk = _CONTROL.search(text)
    if junk is not None:
        line, column = _position(text, junk.start())
        raise _fail(
            "", f"binary data, not a YAML or JSON text: control character "
            f"U+{ord(junk.group()):04X} at line {line}, column {column}",
            source, line=line, column=column,
        )


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_json(text: str, source: str | None) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise _fail(
            "", f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            source, line=exc.lineno, column=exc.colno,
        ) from None
    except ValueError as exc:  # raised by the hooks above; json gives no position for them
        raise _fail("", f"JSON error: {exc}", source) from None


def _parse_yaml(text: str, source: str | None) -> Any:
    try:
        return from_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise _fail("", f"YAML syntax error: {problem}", source) from None
        line, column = mark.line + 1, mark.column + 1
        raise _fail(
            "", f"YAML syntax error at line {line}, column {column}: {problem}",
            source, line=line, column=column,
        ) from None
    except yaml.YAMLError as exc:  # reader errors (odd characters) carry no line mark
        raise _fail("", f"not a readable YAML text: {exc}", source) from None
    except (ValueError, OverflowError) as exc:
        # PyYAML's scanner turns an escape such as "\U7fffffff" into chr() without a range
        # check, so a damaged quoted string surfaces as a plain ValueError/OverflowError
        raise _fail("", f"YAML syntax error: a quoted string holds an impossible "
                    f"character escape ({exc})", source) from None


def _check_strings(data: Any, parts: list[str | int], source: str | None) -> None:
    """Refuse text no store can hold: NUL (PostgreSQL text) and lone surrogates (UTF-8)."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_strings(key, parts, source)
            _check_strings(value, [*parts, key if isinstance(key, str) else str(key)], source)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _check_strings(item, [*parts, index], source)
    elif isinstance(data, str):
        bad = _UNSTORABLE.search(data)
        if bad is not None:
            raise _fail(
                join_path(parts), f"text contains U+{ord(bad.group()):04X} at character "
                f"{bad.start() + 1}, which cannot be stored (NUL or a lone surrogate)", source,
            )


def _parse(text: str, fmt: Format, source: str | None) -> Any:
    try:
        data = _parse_json(text, source) if fmt == "json" else _parse_yaml(text, source)
        _check_strings(data, [], source)
        return data
    except RecursionError:
        raise _fail("", "the document is nested too deeply to be a workspace", source) from None


def _check_shape(data: Any, source: str | None) -> dict[str, Any]:
    if data is None:
        raise _fail("", "the document is empty; expected a workspace document", source)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        raise _fail("", f"expected {_TOP_LEVEL} at the top level; got {kind}", source)
    version = data.get("journeymap")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise _fail(
            "journeymap",
            f"this document uses format {version}, but this journeymap reads format "
            f"{FORMAT_VERSION}; upgrade journeymap to import it",
            source,
        )
    return data


def _validate(data: dict[str, Any], fmt: Format, source: str | None) -> WorkspaceDocument:
    try:
        return WorkspaceDocument.model_validate(data)
    except ValidationError as exc:
        problems = describe(exc, yaml_source=fmt == "yaml")
        path, message = problems[0]
        errors = [{"path": p, "message": m} for p, m in problems[:MAX_REPORTED]]
        raise DocumentError(
            path, message, source=source, errors=errors, error_count=len(problems)
        ) from None


def sniff_format(text: str) -> Format:
    """JSON if the document opens with ``{`` or ``[``, else YAML."""
    return "json" if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") else "yaml"


def load_document(
    text: str, *, fmt: Format | None = None, source: str | None = None
) -> WorkspaceDocument:
    """Parse and validate a document; every problem is a ``DocumentError`` with a path."""
    text = text.removeprefix("\ufeff")
    _check_text(text, source)
    fmt = fmt or sniff_format(text)
    data = _parse(text, fmt, source)
    return _validate(_check_shape(data, source), fmt, source)


def read_document(path: Path) -> WorkspaceDocument:
    """Load a file; the format comes from the suffix (.yaml, .yml, .json), else it is sniffed."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail("", f"cannot read the file: {exc.strerror or exc}", source) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(
            "", f"not a UTF-8 text file (binary data at byte {exc.start})", source
        ) from None
    return load_document(text, fmt=_SUFFIXES.get(path.suffix.lower()), source=source)
