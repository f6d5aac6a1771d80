"""The error tree: stable codes, exit codes, the pinned JSON shape."""

from __future__ import annotations

from journeymap.errors import (
    ConflictError,
    DataFileError,
    DocumentError,
    InputError,
    JourneymapError,
    NotFoundError,
    StoreError,
    WorkspaceError,
)


def test_codes_are_stable() -> None:
    assert [cls.code for cls in (JourneymapError, InputError, DocumentError, DataFileError,
                                 WorkspaceError, NotFoundError, ConflictError, StoreError)] == [
        "journeymap_error", "input_error", "invalid_document", "bad_data_file",
        "workspace_error", "not_found", "conflict", "store_error"]


def test_input_errors_are_value_errors_and_exit_2() -> None:
    for error in (InputError("x"), DocumentError("a.b", "bad"), DataFileError("f.csv", "bad"),
                  WorkspaceError("w")):
        assert isinstance(error, ValueError)
        assert error.exit_code == 2


def test_data_file_error_names_file_row_column_and_expected() -> None:
    error = DataFileError("events.csv", "cannot parse '31/02/2026'", row=17, column="timestamp",
                          expected="ISO 8601 or epoch seconds")
    assert str(error) == ("events.csv, row 17, column 'timestamp': cannot parse '31/02/2026'; "
                          "expected ISO 8601 or epoch seconds")
    assert error.details == {"file": "events.csv", "row": 17, "column": "timestamp",
                             "expected": "ISO 8601 or epoch seconds"}


def test_document_error_path() -> None:
    error = DocumentError("maps[0].stages[3].id", "duplicate id 'a'", source="ws.yaml")
    assert str(error) == "ws.yaml: maps[0].stages[3].id: duplicate id 'a'"
    assert error.path == "maps[0].stages[3].id"


def test_conflict_carries_the_current_version() -> None:
    current = {"id": "c1", "text": "theirs", "version": 2}
    error = ConflictError("card", "c1", expected_version=1, current=current)
    assert error.current == current and error.current_version == 2
    assert error.exit_code == 3
    assert error.to_dict() == {"error": {
        "code": "conflict",
        "message": "card 'c1' changed since you loaded it (you had version 1, it is now version 2)",
        "hint": "reload it, re-apply your change and save again",
        "details": {"kind": "card", "id": "c1", "expected_version": 1, "current_version": 2,
                    "current": current},
    }}


def test_conflict_on_a_deleted_object() -> None:
    error = ConflictError("card", "c1", expected_version=4, current=None)
    assert str(error).startswith("card 'c1' was deleted by someone else")
    assert error.current_version is None


def test_not_found_is_a_lookup_error() -> None:
    error = NotFoundError("map", "x", scope="workspace 'w'")
    assert isinstance(error, LookupError)
    assert str(error) == "map 'x' not found in workspace 'w'"
