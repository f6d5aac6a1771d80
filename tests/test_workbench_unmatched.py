"""Unmatched events of a map and assigning them to touchpoints (real DuckDB, SQLite and
PostgreSQL): exact rules added, versions guarded, the list updated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import document
from journeymap.errors import ConflictError, InputError, NotFoundError
from journeymap.model import Touchpoint
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.imports import import_history
from journeymap.workbench.unmatched import (
    assign_to_new_touchpoint,
    assign_to_touchpoint,
    unmatched,
)
from test_workbench_imports import imported


@pytest.fixture
def bench(tmp_path: Path, store_url: str) -> Iterator[Workbench]:
    with init_workspace(tmp_path / "ws", document=document(), database_url=store_url) as made:
        yield made


def test_unmatched_events_before_any_import(bench: Workbench) -> None:
    assert unmatched(bench, "retail") == []
    assert import_history(bench.path) == []
    with pytest.raises(NotFoundError):
        unmatched(bench, "nope")


def test_assigning_to_a_touchpoint_adds_an_exact_rule(bench: Workbench) -> None:
    imported(bench)
    assert unmatched(bench, "retail") == [
        {"event": "newsletter_open", "channel": "email", "events": 2, "customers": 2},
        {"event": "app_open", "channel": "app", "events": 1, "customers": 1},
    ]
    assert [row["event"] for row in unmatched(bench, "retail", top=1)] == ["newsletter_open"]
    version = bench.get("map/retail/touchpoint/hotline").version
    done = assign_to_touchpoint(bench, "retail", "hotline", "app_open",
                                expected_version=version)
    assert isinstance(done.obj, Touchpoint)
    assert [(r.field.value, r.op.value, r.pattern) for r in done.obj.rules] == [
        ("event", "exact", "call"), ("event", "exact", "app_open")]
    assert done.version == version + 1
    assert [row["event"] for row in unmatched(bench, "retail")] == ["newsletter_open"]
    with pytest.raises(ConflictError) as raised:
        assign_to_touchpoint(bench, "retail", "hotline", "newsletter_open",
                             expected_version=version)
    assert raised.value.current is not None
    assert raised.value.current["version"] == version + 1


def test_assigning_to_a_new_touchpoint(bench: Workbench) -> None:
    imported(bench)
    made = assign_to_new_touchpoint(bench, "retail", "newsletter_open", name="Newsletter",
                                    stage="awareness", channel="email")
    assert isinstance(made.obj, Touchpoint)
    assert (made.obj.name, made.obj.stage, made.obj.channel.value) == (
        "Newsletter", "awareness", "email")
    assert [r.pattern for r in made.obj.rules] == ["newsletter_open"]
    assert [row["event"] for row in unmatched(bench, "retail")] == ["app_open"]
    with pytest.raises(InputError, match="unknown channel 'fax'"):
        assign_to_new_touchpoint(bench, "retail", "app_open", name="", stage="awareness",
                                 channel="fax")
    with pytest.raises(NotFoundError, match="stage 'nope'"):
        assign_to_new_touchpoint(bench, "retail", "app_open", name="", stage="nope",
                                 channel="app")
    assert len(bench.journey_map("retail").touchpoints) == 5
