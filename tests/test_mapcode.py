"""Map as code: round trips, exact error paths and messages, the published JSON Schema."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import document, document_data
from journeymap.errors import DocumentError
from journeymap.mapcode import (
    PUBLISHED_SCHEMA,
    SCHEMA_ID,
    Format,
    dump_document,
    load_document,
    read_document,
    schema_text,
    sniff_format,
    validate_with_schema,
    workspace_json_schema,
    write_schema,
)
from journeymap.mapcode.__main__ import main
from journeymap.mapcode.yamlio import from_yaml
from journeymap.model import (
    Action,
    Comment,
    JourneyMap,
    Persona,
    Stage,
    Workspace,
    WorkspaceDocument,
)
from strategies import workspace_documents

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FORMATS: tuple[Format, ...] = ("yaml", "json")
CHANNELS = "web, app, email, phone, chat, social, ad, mail, store, other"


def small_document() -> WorkspaceDocument:
    return WorkspaceDocument(
        workspace=Workspace(
            id="acme", name="Acme Sklep", language="pl",
            description="Zażółć gęślą jaźń.\nДруг ред.\n",
        ),
        personas=[Persona(id="ola", name="Oszczędna Ola",
                          attributes={"region": "no", "born": "1990-01-01", "score": "1e3"})],
        maps=[JourneyMap(
            id="retail", name="Retail", stages=[Stage(id="s1", name="Пътуване")],
            actions=[Action(id="a1", title="Ship", due=date(2026, 12, 15))],
        )],
        comments=[Comment(id="c1", target="map/retail/stage/s1", body="- a",
                          created_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC))],
    )


SMALL_YAML = """\
journeymap: 1
workspace:
  id: acme
  name: Acme Sklep
  description: |
    Zażółć gęślą jaźń.
    Друг ред.
  language: pl
personas:
  - id: ola
    name: Oszczędna Ola
    attributes:
      region: 'no'
      born: 1990-01-01
      score: '1e3'
maps:
  - id: retail
    name: Retail
    stages:
      - id: s1
        name: Пътуване
    actions:
      - id: a1
        title: Ship
        due: 2026-12-15
comments:
  - id: c1
    target: map/retail/stage/s1
    body: '- a'
    created_at: 2026-11-02T09:30:00Z
"""


class TestDump:
    def test_yaml_is_exactly_the_readable_form(self) -> None:
        assert dump_document(small_document(), "yaml") == SMALL_YAML

    def test_json_keeps_unicode_indents_by_two_and_ends_with_newline(self) -> None:
        text = dump_document(small_document(), "json")
        assert text.startswith('{\n  "journeymap": 1,\n  "workspace": {\n    "id": "acme",\n')
        assert '"description": "Zażółć gęślą jaźń.\\nДруг ред.\\n"' in text
        assert '"due": "2026-12-15"' in text and '"created_at": "2026-11-02T09:30:00Z"' in text
        assert text.endswith("}\n") and "\\u" not in text

    def test_defaults_are_left_out_but_the_format_number_is_not(self) -> None:
        data = json.loads(dump_document(small_document(), "json"))
        assert list(data) == ["journeymap", "workspace", "personas", "maps", "comments"]
        assert data["maps"][0]["stages"] == [{"id": "s1", "name": "Пътуване"}]
        assert "resolved" not in data["comments"][0] and "variant" not in data["maps"][0]

    def test_keys_follow_model_field_order(self) -> None:
        data = json.loads(dump_document(document(), "json"))
        touchpoint = data["maps"][0]["touchpoints"][2]
        assert list(touchpoint) == ["id", "name", "stage", "channel", "location", "rules"]

    def test_builder_document_round_trips_in_both_formats(self) -> None:
        doc = document(maps=2)
        for fmt in FORMATS:
            assert load_document(dump_document(doc, fmt), fmt=fmt) == doc


class TestRoundTrip:
    @PROPERTY
    @given(workspace_documents())
    def test_yaml(self, doc: WorkspaceDocument) -> None:
        text = dump_document(doc, "yaml")
        back = load_document(text, fmt="yaml")
        assert back == doc
        assert dump_document(back, "yaml") == text

    @PROPERTY
    @given(workspace_documents())
    def test_json(self, doc: WorkspaceDocument) -> None:
        text = dump_document(doc, "json")
        back = load_document(text)
        assert back == doc
        assert dump_document(back, "json") == text

    @PROPERTY
    @given(workspace_documents())
    def test_yaml_and_json_hold_the_same_data_and_pass_the_published_schema(
        self, doc: WorkspaceDocument
    ) -> None:
        data = json.loads(dump_document(doc, "json"))
        assert from_yaml(dump_document(doc, "yaml")) == data
        assert validate_with_schema(data) == []
        assert published_errors(data) == []

    @PROPERTY
    @given(workspace_documents(max_maps=1, max_items=2), st.data())
    def test_damaged_text_gives_a_document_error_or_a_document(
        self, doc: WorkspaceDocument, data: st.DataObject
    ) -> None:
        fmt = data.draw(st.sampled_from(FORMATS))
        text = dump_document(doc, fmt)
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        damaged = text[:start] + data.draw(st.text(max_size=5)) + text[end:]
        try:
            load_document(damaged)
        except DocumentError as exc:
            assert exc.details["errors"][0]["message"] == exc.reason


@pytest.mark.parametrize("escape", ["\\U7fffffff", "\\Uffffffff"])
def test_an_impossible_escape_in_a_quoted_yaml_string_is_a_document_error(escape: str) -> None:
    # found by the damaged-text property: PyYAML raises ValueError / OverflowError here
    with pytest.raises(DocumentError, match="impossible character escape"):
        load_document(f'workspace: "{escape}"\n')


def published_errors(data: Any) -> list[str]:
    from jsonschema import Draft202012Validator

    schema = json.loads(PUBLISHED_SCHEMA.read_text(encoding="utf-8"))
    return [error.message for error in Draft202012Validator(schema).iter_errors(data)]


def bad(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(document_data())
    change(data)
    return data


def error_for(data: Any, fmt: str = "json") -> DocumentError:
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data, allow_unicode=True)
    with pytest.raises(DocumentError) as caught:
        load_document(text, fmt=fmt)  # type: ignore[arg-type]
    return caught.value


def error_for_text(text: str) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_document(text)
    return caught.value


def _set(path: list[Any], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return change


TP = ["maps", 0, "touchpoints"]
BAD_DOCUMENTS = {
    "unknown enum": (
        _set([*TP, 1, "channel"], "fax"),
        "maps[0].touchpoints[1].channel", f"expected one of {CHANNELS}; got 'fax'",
    ),
    "missing field": (
        _set(["maps", 0, "stages", 1, "name"], KeyError),
        "maps[0].stages[1].name", "required field is missing",
    ),
    "duplicate id": (
        _set(["maps", 0, "stages", 2, "id"], "awareness"),
        "maps[0].stages[2].id", "duplicate id 'awareness'",
    ),
    "dangling stage in a card": (
        _set(["maps", 0, "lanes", 0, "cards", 1, "stage"], "nowhere"),
        "maps[0].lanes[0].cards[1].stage", "unknown stage 'nowhere'",
    ),
    "comment on a missing object": (
        _set(["comments", 0, "target"], "map/retail/stage/gone"),
        "comments[0].target", "no object 'map/retail/stage/gone' in this workspace",
    ),
    "bad regex in a match rule": (
        _set([*TP, 1, "rules", 0, "pattern"], "checkout_("),
        "maps[0].touchpoints[1].rules[0]",
        "pattern is not a valid regular expression: missing ), unterminated subpattern "
        "at position 9",
    ),
    "lat without lon": (
        _set(["locations", 0, "lon"], KeyError),
        "locations[0]", "give both lat and lon, or neither",
    ),
    "wrong type: text for a list": (
        _set(["maps", 0, "stages"], "awareness"),
        "maps[0].stages", "expected a list; got 'awareness'",
    ),
    "wrong type: text for a number": (
        _set(["maps", 0, "opportunities", 0, "value"], "high"),
        "maps[0].opportunities[0].value", "expected an integer; got 'high'",
    ),
    "emotion out of range": (
        _set(["maps", 0, "lanes", 1, "cards", 0, "score"], 3),
        "maps[0].lanes[1].cards[0].score", "expected a number <= 2.0; got 3",
    ),
    "bad id": (
        _set(["personas", 0, "id"], "Ola B"),
        "personas[0].id",
        "expected an id: 1 to 80 letters, digits, '_', '.' or '-', starting with a letter "
        "or digit; got 'Ola B'",
    ),
    "misspelt field": (
        _set(["maps", 0, "stages", 0, "nmae"], "x"),
        "maps[0].stages[0].nmae", "unknown field; did you mean 'name'?",
    ),
    "naive timestamp": (
        _set(["comments", 0, "created_at"], "2026-11-02T09:30:00"),
        "comments[0].created_at",
        "expected a date-time with a time zone, like 2026-03-01T09:30:00+00:00; "
        "got '2026-11-02T09:30:00'",
    ),
    "segment value of the wrong shape": (
        _set(["personas", 0, "segment", 0, "value"], {"a": 1}),
        "personas[0].segment[0].value", "expected a string, a number or a list; got a mapping",
    ),
    "bad item inside a segment list": (
        _set(["personas", 0, "segment", 0, "value"], ["Warszawa", [1]]),
        "personas[0].segment[0].value[1]", "expected a string or a number; got a list",
    ),
    "future format": (
        _set(["journeymap"], 2),
        "journeymap",
        "this document uses format 2, but this journeymap reads format 1; upgrade "
        "journeymap to import it",
    ),
}


class TestErrors:
    @pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
    def test_exact_path_and_message(self, case: str) -> None:
        change, path, message = BAD_DOCUMENTS[case]
        for fmt in ("json", "yaml"):
            error = error_for(bad(change), fmt)
            assert (error.path, error.reason) == (path, message)
            assert error.message == f"{path}: {message}"
            assert error.details["errors"][0] == {"path": path, "message": message}

    @pytest.mark.parametrize(
        "case", ["unknown enum", "missing field", "wrong type: text for a list", "bad id",
                 "emotion out of range", "misspelt field", "future format",
                 "segment value of the wrong shape"],
    )
    def test_the_schema_reports_the_same_path(self, case: str) -> None:
        change, path, _ = BAD_DOCUMENTS[case]
        assert [p for p, _ in validate_with_schema(bad(change))] == [path]

    def test_every_error_is_listed_up_to_twenty(self) -> None:
        data = document_data()
        data["maps"][0]["touchpoints"] = [
            {"id": f"t{i}", "name": "T", "stage": "awareness", "channel": "fax"}
            for i in range(25)
        ]
        error = error_for(data)
        assert error.details["error_count"] == 25
        assert [e["path"] for e in error.details["errors"]] == [
            f"maps[0].touchpoints[{i}].channel" for i in range(20)
        ]

    def test_non_text_key_and_explicit_yaml_tags(self) -> None:
        error = error_for_text("1: x\nworkspace: {id: a, name: b}\n")
        assert (error.path, error.reason) == ("[1]", "expected a field name (text) as key; got 1")
        error = error_for_text("workspace: !!python/object:os.system {}\n")
        assert error.reason == (
            "YAML syntax error at line 1, column 12: could not determine a constructor for the "
            "tag 'tag:yaml.org,2002:python/object:os.system'"
        )

    def test_text_no_store_can_hold_is_refused_with_its_path(self) -> None:
        error = error_for(bad(_set(["personas", 0, "goals", 0], "a\x00b")))
        assert (error.path, error.reason) == (
            "personas[0].goals[0]",
            "text contains U+0000 at character 2, which cannot be stored (NUL or a lone "
            "surrogate)",
        )
        error = error_for_text('workspace: {id: a, name: "\\ud800"}\n')
        assert error.path == "workspace.name" and error.reason.startswith("text contains U+D800")

    def test_yaml_boolean_for_text_explains_quoting(self) -> None:
        text = dump_document(document(), "yaml").replace(
            "    name: Oszczędna Ola\n", "    name: Oszczędna Ola\n    attributes:\n      eu: no\n"
        )
        with pytest.raises(DocumentError) as caught:
            load_document(text)
        assert caught.value.path == "personas[0].attributes.eu"
        assert caught.value.reason == (
            "expected a string; got false (YAML reads yes/no/on/off/true/false unquoted as "
            "booleans: quote it)"
        )

    @pytest.mark.parametrize(
        ("text", "fmt", "message", "line", "column"),
        [
            ("journeymap: 1\nworkspace:\n  id: a\n  name: [x\n", "yaml",
             "YAML syntax error at line 5, column 1: expected ',' or ']', but got '<stream end>'",
             5, 1),
            ("journeymap: 1\nworkspace:\n  id: a\n  name: b: c\n", "yaml",
             "YAML syntax error at line 4, column 10: mapping values are not allowed here",
             4, 10),
            ('{"journeymap": 1,\n "workspace": }', "json",
             "JSON syntax error at line 2, column 15: Expecting value", 2, 15),
            ("journeymap: 1\nworkspace: {id: a, name: b}\nworkspace: {id: c, name: d}\n",
             "yaml", "YAML syntax error at line 3, column 1: found duplicate key 'workspace'",
             3, 1),
            ("journeymap: 1\nworkspace: &w {id: a, name: b}\nmembers: *w\n", "yaml",
             "YAML syntax error at line 3, column 10: aliases (*name) are not supported in "
             "workspace documents", 3, 10),
            ("\x00\x01PK\x03\x04junk", None,
             "binary data, not a YAML or JSON text: control character U+0000 at line 1, "
             "column 1", 1, 1),
        ],
    )
    def test_unreadable_text_names_line_and_column(
        self, text: str, fmt: Any, message: str, line: int, column: int
    ) -> None:
        with pytest.raises(DocumentError) as caught:
            load_document(text, fmt=fmt, source="ws.yaml")
        assert caught.value.reason == message
        assert str(caught.value) == f"ws.yaml: {message}"
        assert (caught.value.details["line"], caught.value.details["column"]) == (line, column)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "the document is empty; expected a workspace document starting with "
                 "'journeymap: 1'"),
            ("  \n\n", "the document is empty; expected a workspace document starting with "
                       "'journeymap: 1'"),
            ("- a\n- b\n", "expected a mapping with journeymap, workspace, members, personas, "
                           "kpis, locations, maps, ... at the top level; got a list"),
            ("42\n", "expected a mapping with journeymap, workspace, members, personas, kpis, "
                     "locations, maps, ... at the top level; got a single value (42)"),
            ('{"journeymap": 1, "workspace": {"id": "a", "name": NaN}}',
             "JSON error: NaN is not a JSON number"),
            ("---\n...\n", "the document is empty; expected a workspace document"),
            ("[" * 100_000, "the document is nested too deeply to be a workspace"),
            ("a:\n" + "".join("  " * i + "-\n" for i in range(3000)),
             "the document is nested too deeply to be a workspace"),
        ],
    )
    def test_wrong_shape_of_the_whole_document(self, text: str, message: str) -> None:
        with pytest.raises(DocumentError) as caught:
            load_document(text)
        assert (caught.value.path, caught.value.reason) == ("", message)


class TestReadDocument:
    def test_format_from_suffix_or_sniffed(self, tmp_path: Path) -> None:
        doc = document()
        for name, fmt in (("a.yaml", "yaml"), ("b.YML", "yaml"), ("c.json", "json"),
                          ("d.txt", "json"), ("e", "yaml")):
            path = tmp_path / name
            path.write_text(dump_document(doc, fmt), encoding="utf-8")  # type: ignore[arg-type]
            assert read_document(path) == doc
        assert (sniff_format(' \n{"a": 1}'), sniff_format("a: {}")) == ("json", "yaml")

    def test_binary_file(self, tmp_path: Path) -> None:
        path = tmp_path / "logo.yaml"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
        with pytest.raises(DocumentError) as caught:
            read_document(path)
        assert str(caught.value) == f"{path}: not a UTF-8 text file (binary data at byte 0)"

    def test_missing_file_and_error_names_the_file(self, tmp_path: Path) -> None:
        with pytest.raises(DocumentError, match="cannot read the file: No such file"):
            read_document(tmp_path / "nope.yaml")
        path = tmp_path / "ws.json"
        path.write_text(json.dumps(bad(_set([*TP, 1, "channel"], "fax"))), encoding="utf-8")
        with pytest.raises(DocumentError) as caught:
            read_document(path)
        assert str(caught.value) == (
            f"{path}: maps[0].touchpoints[1].channel: expected one of {CHANNELS}; got 'fax'"
        )
        assert caught.value.to_dict()["error"]["code"] == "invalid_document"

    def test_utf8_bom_is_accepted(self, tmp_path: Path) -> None:
        path = tmp_path / "ws.yaml"
        path.write_bytes(b"\xef\xbb\xbf" + dump_document(document(), "yaml").encode())
        assert read_document(path) == document()


class TestSchema:
    def test_published_schema_is_up_to_date(self) -> None:
        assert PUBLISHED_SCHEMA.read_text(encoding="utf-8") == schema_text(), (
            "regenerate it: python -m journeymap.mapcode --write-schema"
        )

    def test_schema_header(self) -> None:
        schema = workspace_json_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == SCHEMA_ID == "https://journeymap.dev/schema/workspace-1.json"
        assert schema["title"] == "journeymap workspace document"
        assert schema["additionalProperties"] is False
        assert schema["required"] == ["workspace"]

    def test_write_schema_writes_the_published_text(self, tmp_path: Path) -> None:
        target = write_schema(tmp_path / "schema" / "ws.json")
        assert target.read_text(encoding="utf-8") == schema_text()

    def test_module_without_options_prints_the_schema(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main([]) == 0
        assert capsys.readouterr().out == schema_text()

    def test_builder_document_passes_and_cross_references_are_not_its_job(self) -> None:
        assert validate_with_schema(document_data()) == []
        dangling = bad(_set(["maps", 0, "lanes", 0, "cards", 1, "stage"], "nowhere"))
        assert validate_with_schema(dangling) == []

    def test_messages_for_enum_and_extra_field(self) -> None:
        assert validate_with_schema(bad(_set([*TP, 1, "channel"], "fax"))) == [
            ("maps[0].touchpoints[1].channel", f"expected one of {CHANNELS}; got 'fax'")
        ]
        assert validate_with_schema({"workspace": {"id": "a", "name": "b"}, "colour": 1}) == [
            ("colour", "unknown field")
        ]
