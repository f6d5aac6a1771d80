"""One error hierarchy for the whole product, each class with a stable code.

The CLI prints ``error[<code>]: <message>`` and exits with ``exit_code``; the web API
answers ``{"error": {"code", "message", "details"}}``. Codes are part of the public
contract: never rename one, add a new class instead.
"""

from __future__ import annotations

from typing import Any


class JourneymapError(Exception):
    """Base of every error journeymap raises on purpose."""

    code = "journeymap_error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details: dict[str, Any] = details

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message} ({self.hint})"

    def to_dict(self) -> dict[str, Any]:
        """The pinned JSON error shape used by the API and ``--format json``."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.hint is not None:
            body["hint"] = self.hint
        if self.details:
            body["details"] = self.details
        return {"error": body}


class InputError(JourneymapError, ValueError):
    """The user gave something we cannot use: a bad option, file, or document."""

    code = "input_error"
    exit_code = 2


class DocumentError(InputError):
    """A map-as-code document is invalid; ``path`` points inside it (``maps[0].stages[1].id``)."""

    code = "invalid_document"

    def __init__(
        self, path: str, message: str, *, source: str | None = None, **details: Any
    ) -> None:
        where = f"{source}: " if source else ""
        location = f"{path}: " if path else ""
        super().__init__(f"{where}{location}{message}", path=path, source=source, **details)
        self.path = path
        self.reason = message


class DataFileError(InputError):
    """A data file cannot be read at all (as opposed to single bad rows, which are quarantined)."""

    code = "bad_data_file"

    def __init__(
        self,
        file: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        hint: str | None = None,
    ) -> None:
        parts = [file]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column {column!r}")
        text = ", ".join(parts) + f": {message}"
        if expected is not None:
            text += f"; expected {expected}"
        super().__init__(text, hint=hint, file=file, row=row, column=column, expected=expected)


class WorkspaceError(InputError):
    """The folder is not a journeymap workspace, or cannot become one."""

    code = "workspace_error"


class NotFoundError(JourneymapError, LookupError):
    """An object named by id does not exist."""

    code = "not_found"
    exit_code = 2

    def __init__(self, kind: str, ident: str, *, scope: str | None = None) -> None:
        where = f" in {scope}" if scope else ""
        super().__init__(f"{kind} {ident!r} not found{where}", kind=kind, id=ident, scope=scope)


class ConflictError(JourneymapError):
    """An edit was based on a stale version; ``current`` is what is stored now."""

    code = "conflict"
    exit_code = 3

    def __init__(
        self, kind: str, ident: str, *, expected_version: int, current: dict[str, Any] | None
    ) -> None:
        current_version = None if current is None else current.get("version")
        if current is None:
            text = f"{kind} {ident!r} was deleted by someone else"
        else:
            text = (
                f"{kind} {ident!r} changed since you loaded it "
                f"(you had version {expected_version}, it is now version {current_version})"
            )
        super().__init__(
            text,
            hint="reload it, re-apply your change and save again",
            kind=kind,
            id=ident,
            expected_version=expected_version,
            current_version=current_version,
            current=current,
        )
        self.current = current
        self.current_version = current_version


class StoreError(JourneymapError):
    """The workspace store cannot be reached or is not at the expected schema."""

    code = "store_error"
    exit_code = 1


class EngineError(JourneymapError):
    """An analytic backend failed or is not installed."""

    code = "engine_error"
    exit_code = 1


class SpecError(InputError):
    """An analysis spec is invalid (empty step list, window <= 0, top < 1, ...)."""

    code = "invalid_spec"

    def __init__(self, analysis: str, field: str, message: str) -> None:
        where = f"{analysis} {field}" if field else analysis
        super().__init__(f"{where}: {message}", analysis=analysis, field=field)
        self.field = field
        self.reason = message


class InstrumentMismatchError(InputError):
    """Two periods were measured with different instruments (metric, question, scale or
    touchpoint), so their KPIs cannot be compared."""

    code = "instrument_mismatch"

    def __init__(self, before: str, after: str) -> None:
        super().__init__(
            f"cannot compare different instruments: before = {before}; after = {after}",
            hint="narrow the comparison with the question or touchpoint so both sides use "
            "the same instrument", before=before, after=after)
        self.before = before
        self.after = after


class LoginRequired(JourneymapError):
    """The request needs a signed-in person (web: 401 for the API, the login page for people)."""

    code = "login_required"
    exit_code = 2


class ForbiddenError(JourneymapError):
    """The signed-in person's role does not allow this (or the CSRF check failed): 403."""

    code = "forbidden"
    exit_code = 2
