"""`journeymap analyze stages|dropoff|touchpoints|channels|unmatched` and `paths --by`."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cli_support import events_csv, invoke, map_workspace, runner
from journeymap.cli.app import app
from map_support import JOURNEYS


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(app, "analyze", *args)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace holding the map of ``map_support`` (and no analytic store)."""
    return map_workspace(tmp_path / "ws")


@pytest.fixture
def events(tmp_path: Path) -> Path:
    return events_csv(tmp_path / "events.csv", JOURNEYS)


def csv(workspace: Path, events: Path, *args: str) -> str:
    code, out, err = run(*args, "--workspace", workspace, "--events", events, "--format", "csv")
    assert code == 0, err
    return out


def test_stages(workspace: Path, events: Path) -> None:
    assert csv(workspace, events, "stages") == (
        "stage,customers,conversion_to_next,drop_off,median_seconds_to_next\n"
        "aw,4,0.75,1,300.0\nco,5,0.4,3,450.0\npu,2,0.5,1,3300.0\nse,1,,,\n"
    )


def test_dropoff(workspace: Path, events: Path) -> None:
    expected = (
        "touchpoint,stage,customers_ending_here,share_of_non_converted,reached,drop_off_rate\n"
        "tp-web,co,2,0.5,5,0.4\ntp-ad,aw,1,0.25,2,0.5\ntp-cart,pu,1,0.25,2,0.5\n"
        "tp-mail,aw,0,0.0,2,0.0\ntp-none,co,0,0.0,0,\ntp-buy,pu,0,0.0,1,0.0\n"
        "tp-help,se,0,0.0,1,0.0\n"
    )
    assert csv(workspace, events, "dropoff", "--converted-by", "buy") == expected
    assert csv(workspace, events, "dropoff", "--converted-by", "touchpoint:tp-help") == expected
    by_stage = csv(workspace, events, "dropoff", "--converted-by", "stage:pu", "--map", "small")
    assert by_stage.splitlines()[1] == "tp-web,co,2,0.666667,5,0.4"


def test_on_the_workspace_store(workspace: Path) -> None:
    con = duckdb.connect(str(workspace / "analytics.duckdb"))
    con.execute("create table events (customer_id varchar not null, timestamp timestamp "
                "not null, event varchar not null, channel varchar, seq bigint not null)")
    con.executemany("insert into events values (?, ?, ?, ?, ?)",
                    [[c, t, e, ch, seq] for seq, (c, t, e, ch) in enumerate(JOURNEYS)])
    con.close()
    code, out, err = run("stages", "--workspace", workspace, "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[1:3] == ["aw,4,0.75,1,300.0", "co,5,0.4,3,450.0"]


def test_touchpoints_and_channels(workspace: Path, events: Path) -> None:
    assert csv(workspace, events, "touchpoints", "--channel", "email") == (
        "touchpoint,stage,channel,events,customers,share_of_customers\n"
        "tp-ad,aw,ad,0,0,0.0\ntp-mail,aw,email,2,2,1.0\ntp-web,co,web,0,0,0.0\n"
        "tp-none,co,app,0,0,0.0\ntp-cart,pu,web,0,0,0.0\ntp-buy,pu,web,0,0,0.0\n"
        "tp-help,se,phone,0,0,0.0\n"
    )
    assert csv(workspace, events, "channels") == (
        "channel,events,customers,share_of_customers\n"
        "web,11,5,0.833333\nad,2,2,0.333333\nemail,2,2,0.333333\nphone,1,1,0.166667\n"
        ",1,1,0.166667\n"
    )


def test_unmatched(workspace: Path, events: Path) -> None:
    assert csv(workspace, events, "unmatched", "--top", "2") == (
        "event,channel,events,customers\ncookie,web,2,2\nad_click,web,1,1\n"
    )


def test_paths_by_stage(workspace: Path, events: Path) -> None:
    assert csv(workspace, events, "paths", "--by", "stage", "--collapse-repeats",
               "--top", "2") == "path,customers,share\naw > co,1,0.2\naw > co > pu,1,0.2\n"


def test_json_output(workspace: Path, events: Path) -> None:
    code, out, _ = run("stages", "--workspace", workspace, "--events", events, "-f", "json")
    assert code == 0
    assert '"stage": "se",\n    "customers": 1,\n    "conversion_to_next": null' in out


def test_bad_input_is_one_line(workspace: Path, events: Path, tmp_path: Path) -> None:
    code, _, err = run("dropoff", "--converted-by", "stage:zz", "-w", workspace,
                       "--events", events)
    assert code == 2 and err == "error[invalid_spec]: dropoff conversion_stage: map 'small' " \
        "has no stage 'zz'\n"
    code, _, err = run("stages", "--map", "nope", "-w", workspace, "--events", events)
    assert code == 2 and "map 'nope' not found" in err
    code, _, err = run("dropoff", "--converted-by", ",", "-w", workspace, "--events", events)
    assert code == 2 and "--converted-by" in err
    code, _, err = run("unmatched", "--top", "0", "-w", workspace, "--events", events)
    assert code == 2 and "top" in err
    empty = tmp_path / "empty"
    assert runner.invoke(app, ["init", str(empty)]).exit_code == 0
    code, _, err = run("stages", "-w", empty, "--events", events)
    assert code == 2 and "has no journey map" in err


def test_help_lists_the_columns() -> None:
    for command, columns in [
        ("stages", "stage,customers,conversion_to_next,drop_off,median_seconds_to_next"),
        ("dropoff", "touchpoint,stage,customers_ending_here,share_of_non_converted,reached,"
                    "drop_off_rate"),
        ("touchpoints", "touchpoint,stage,channel,events,customers,share_of_customers"),
        ("channels", "channel,events,customers,share_of_customers"),
        ("unmatched", "event,channel,events,customers"),
    ]:
        code, out, _ = run(command, "--help")
        assert code == 0 and columns in out
