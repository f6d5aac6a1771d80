"""Mapping files: validated when built, errors naming the file and the key; ready mappings."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import DocumentError
from journeymap.ingest.mapping import Mapping, load_mapping, parse_mapping, ready_mapping_names


def error_of(text: str, tmp_path: Path) -> DocumentError:
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_mapping(path)
    return caught.value


def test_a_full_mapping_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(
        "name: shop\nformat: csv\ndelimiter: ';'\n"
        "columns: {customer_id: [user, email], timestamp: when, channel: ctx.channel}\n"
        "constants: {source: shop, value: 0}\n"
        "timestamp: {format: '%d.%m.%Y %H:%M', zone: Europe/Warsaw}\n"
        "events: {pv: page_view}\nchannels: {Browser: web}\nexpand: [params]\n"
        "drop: [internal]\ntransactions: true\n", encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping is not None
    assert mapping.sources("customer_id") == ["user", "email"]
    assert mapping.sources("channel") == ["ctx.channel"]
    assert mapping.sources("event") == ["event"]
    assert mapping.timestamp.zone == "Europe/Warsaw" and mapping.timestamp.unit == "auto"
    assert mapping.constants == {"source": "shop", "value": 0}
    assert mapping.transactions is True and mapping.delimiter == ";"


@pytest.mark.parametrize(("text", "message"), [
    ("timestamp: {zone: Europe/Warsw}\n",
     "shop.yaml: timestamp.zone: unknown time zone 'Europe/Warsw'"),
    ("timestamp: {format: 'YYYY-MM-DD'}\n", "shop.yaml: timestamp.format: a strptime format"),
    ("timestamp: {unit: ns}\n", "shop.yaml: timestamp.unit: Input should be 'auto'"),
    ("colums: {customer_id: user}\n", "shop.yaml: colums: Extra inputs are not permitted"),
    ("columns: {customer_id: []}\n", "shop.yaml: columns: customer_id: give at least one"),
    ("columns: {customer_id: 'a..b'}\n", "shop.yaml: columns: customer_id: 'a..b' is not"),
    ("delimiter: ';;'\n", "shop.yaml: delimiter: String should have at most 1 character"),
    ("format: xlsx\n", "shop.yaml: format: Input should be 'csv'"),
    ("columns: [a, b]\n", "shop.yaml: columns: Input should be a valid dictionary"),
    ("- just\n- a list\n", "shop.yaml: a mapping file must be a YAML mapping"),
    ("columns: {a: b\n", "shop.yaml: line 2: not valid YAML"),
])
def test_errors_name_the_file_and_the_key(text: str, message: str, tmp_path: Path) -> None:
    error = error_of(text, tmp_path)
    assert str(error).startswith(str(tmp_path / "shop.yaml")[: -len("shop.yaml")])
    assert message in str(error)


def test_unknown_name_or_missing_file_lists_the_ready_mappings() -> None:
    with pytest.raises(DocumentError) as caught:
        load_mapping("gaa4")
    assert str(caught.value) == ("gaa4: no such mapping file; expected a file path or one of "
                                 "the ready mappings: ga4, segment, orders")


@pytest.mark.parametrize("name", ready_mapping_names())
def test_every_ready_mapping_loads_by_name(name: str) -> None:
    mapping = load_mapping(name)
    assert mapping is not None and mapping.name == name
    assert mapping.sources("customer_id") and mapping.sources("timestamp")


def test_ready_mappings_say_what_they_read() -> None:
    ga4, segment, orders = (load_mapping(n) for n in ("ga4", "segment", "orders"))
    assert ga4 is not None and segment is not None and orders is not None
    assert ga4.timestamp.unit == "us" and ga4.expand == ["event_params"]
    assert ga4.sources("customer_id") == ["user_pseudo_id"]
    assert segment.sources("customer_id") == ["userId", "anonymousId"]
    assert segment.sources("channel") == ["context.channel"]
    assert orders.constants["event"] == "purchase" and orders.transactions


def test_an_empty_document_is_the_identity_mapping() -> None:
    assert parse_mapping("", source="empty.yaml") == Mapping()
    assert load_mapping(None) is None
    built = Mapping(delimiter=";")
    assert load_mapping(built) is built


def test_survey_section_of_a_mapping() -> None:
    mapping = parse_mapping("survey:\n  questions:\n    - {column: Q1, metric: csat}\n"
                            "    - {column: Q2, metric: speed, min: 0, max: 10}\n"
                            "    - {column: Q3, metric: notes, open: true}\n", source="m.yaml")
    assert mapping.survey is not None
    assert [q.scale() for q in mapping.survey.questions] == [(1, 5), (0.0, 10.0), None]


@pytest.mark.parametrize(("text", "message"), [
    ("survey:\n  questions: []\n", "survey.questions: List should have at least 1 item"),
    ("survey:\n  questions:\n    - {column: Q, metric: speed}\n",
     "survey.questions.0: Q: the custom scale speed needs min < max"),
    ("survey:\n  questions:\n    - {column: Q, metric: nps, min: 1, max: 10}\n",
     "survey.questions.0: Q: nps is on 0-10"),
    ("survey:\n  questions:\n    - {column: Q, metric: notes, open: true, max: 3}\n",
     "survey.questions.0: Q: an open question has no min/max"),
    ("survey:\n  questions:\n    - {column: Q, metric: Bad Name}\n",
     "survey.questions.0.metric: String should match pattern"),
    ("survey:\n  questions:\n    - {column: Q, metric: csat}\n    - {column: Q, metric: nps}\n",
     "survey.questions: the column 'Q' is listed twice"),
])
def test_survey_section_errors_name_the_key(text: str, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_mapping(text, source="m.yaml")
    assert str(caught.value).startswith(f"m.yaml: {message}")


def test_the_ready_survey_mapping_loads_by_name() -> None:
    mapping = load_mapping("survey-form")
    assert mapping is not None and mapping.survey is not None
    assert [q.metric for q in mapping.survey.questions] == [
        "csat", "nps", "ces", "delivery_speed", "feedback"]
