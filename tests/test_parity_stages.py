"""The touchpoint and stage analyses give identical results on DuckDB and on Spark."""

from __future__ import annotations

from typing import Any

import pytest

from engine_support import events_table, on_both_engines
from journeymap.analytics import (
    DropoffSpec,
    EventFilter,
    PathsSpec,
    StageConversionSpec,
    UnmatchedSpec,
    channel_reach,
    dropoff,
    label_touchpoints,
    paths,
    stage_conversion,
    touchpoint_reach,
    unmatched_events,
)
from journeymap.engine import connect
from map_support import JOURNEYS, LABELS, rule, small_map

pytestmark = pytest.mark.spark

RUNS: list[tuple[str, Any]] = [
    ("unmatched", lambda ev: unmatched_events(ev, small_map(), UnmatchedSpec())),
    ("stages", lambda ev: stage_conversion(ev, small_map(), StageConversionSpec())),
    ("stages-web", lambda ev: stage_conversion(
        ev, small_map(), StageConversionSpec(filters=EventFilter(channels=("web",))))),
    ("dropoff", lambda ev: dropoff(ev, small_map(), DropoffSpec(conversion_events=("buy",)))),
    ("dropoff-stage", lambda ev: dropoff(ev, small_map(), DropoffSpec(conversion_stage="pu"))),
    ("touchpoints", lambda ev: touchpoint_reach(ev, small_map())),
    ("channels", lambda ev: channel_reach(ev)),
    ("paths-touchpoint", lambda ev: paths(ev, PathsSpec(by="touchpoint"),
                                          journey_map=small_map())),
    ("paths-stage", lambda ev: paths(ev, PathsSpec(by="stage", collapse_repeats=True),
                                     journey_map=small_map())),
]


@pytest.mark.parametrize(("name", "run"), RUNS, ids=[name for name, _ in RUNS])
def test_same_results_on_duckdb_and_spark(spark: Any, name: str, run: Any) -> None:
    on_duckdb, on_spark = on_both_engines(spark, JOURNEYS, run)
    assert on_spark == on_duckdb
    assert on_duckdb.rows


# names where Java's regex dialect differs from RE2 unless the translation guards it: a
# final newline (Java's $), literal brackets and POSIX-looking classes, dots, backslashes
TRICKY = ["a\n", "a", "x[y", "[:]", "a.b", "a\\b", "é", "a\nb", "ab]"]
TRICKY_MAP = [
    {"id": "tp-end", "stage": "aw", "channel": "web", "rules": [rule("a$", "regex")]},
    {"id": "tp-class", "stage": "aw", "channel": "web", "rules": [rule("[[:]]*", "glob")]},
    {"id": "tp-dot", "stage": "co", "channel": "web", "rules": [rule("a.b", "glob")]},
    {"id": "tp-back", "stage": "co", "channel": "web", "rules": [rule("a\\*", "glob")]},
    {"id": "tp-any", "stage": "pu", "channel": "web", "rules": [rule("a*b", "glob")]},
    {"id": "tp-x", "stage": "se", "channel": "web", "rules": [rule("x[\\[]y|é|ab\\]", "regex")]},
]


def test_tricky_patterns_label_alike(spark: Any) -> None:
    jmap = small_map([dict(tp) for tp in TRICKY_MAP])
    rows = [("c", "2024-01-01 00:00", name, "web") for name in TRICKY]

    def labels(con: Any) -> list[Any]:
        found = label_touchpoints(events_table(con, rows), jmap).order_by("seq")
        return [r["touchpoint"] for r in found.to_pyarrow().to_pylist()]

    expected = []
    for name in TRICKY:
        touchpoint = jmap.touchpoint_for(name, "web")
        expected.append(touchpoint.id if touchpoint else None)
    assert labels(connect()) == expected
    assert labels(spark) == expected


def test_hand_built_labels_on_spark(spark: Any) -> None:
    found = label_touchpoints(events_table(spark, JOURNEYS), small_map()).order_by("seq")
    assert [(r["touchpoint"], r["stage"]) for r in found.to_pyarrow().to_pylist()] == LABELS


def test_cli_stages_with_the_spark_engine(spark: Any, tmp_path: Any) -> None:
    from cli_support import events_csv, map_workspace, per_engine

    folder = map_workspace(tmp_path / "ws")
    events = events_csv(tmp_path / "events.csv", JOURNEYS)
    outputs = per_engine("analyze", "stages", "--events", events, "--format", "csv", "-w", folder)
    assert outputs["spark"] == outputs["duckdb"]
    assert outputs["duckdb"].splitlines()[-1] == "se,1,,,"
