"""`analyze convert-time|loops|repeats|retention` through a Typer app built with `register`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import analyze_app, invoke, runner
from journeymap.cli.analyze_lifecycle import register
from journeymap.cli.app import app as journeymap_app

# c1 views and buys at the same time (input order: the buy follows, 0 s), then goes
# login > failed > login > failed > login; c2 buys 2 h after its view; c3 only views
CSV = """customer_id,timestamp,event,channel
c1,2024-01-31T10:00:00Z,view,web
c1,2024-01-31T10:00:00Z,buy,web
c1,2024-02-01T10:00:00Z,login,app
c1,2024-02-01T10:01:00Z,failed,app
c1,2024-02-01T10:02:00Z,login,app
c1,2024-02-01T10:03:00Z,failed,app
c1,2024-02-01T10:04:00Z,login,app
c2,2024-02-05T09:00:00Z,view,web
c2,2024-02-05T11:00:00Z,buy,web
c3,2024-02-06T09:00:00Z,view,web
"""


APP = analyze_app(register)


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(APP, "analyze", *args)


@pytest.fixture
def events_csv(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def on_file(events_csv: Path, *args: str) -> str:
    code, out, err = run(*args, "--events", events_csv, "-w", events_csv.parent,
                         "--format", "csv")
    assert code == 0, err
    return out


def test_convert_time_exact_bytes(events_csv: Path) -> None:
    # gaps 0 s and 7200 s
    assert on_file(events_csv, "convert-time", "--converted-by", "buy") == (
        "customers,converted,conversion_rate,median_seconds,p90_seconds,mean_seconds\n"
        "3,2,0.666667,3600.0,6480.0,3600.0\n"
    )
    assert on_file(events_csv, "convert-time", "--converted-by", "buy", "--buckets") == (
        "bucket,customers,share\n<1h,1,0.5\n1h-1d,1,0.5\n1d-7d,0,0.0\n7d-30d,0,0.0\n"
        ">=30d,0,0.0\n"
    )
    assert on_file(events_csv, "convert-time", "--start", "login, view",
                   "--converted-by", "failed,buy", "--channel", "app") == (
        "customers,converted,conversion_rate,median_seconds,p90_seconds,mean_seconds\n"
        "1,1,1.0,60.0,60.0,60.0\n"
    )


def test_loops_exact_bytes(events_csv: Path) -> None:
    assert on_file(events_csv, "loops") == (
        "loop,occurrences,customers,customers_3_or_more\n"
        "login > failed > login,2,1,0\n"
        "failed > login > failed,1,1,0\n"
    )
    assert on_file(events_csv, "loops", "--length", "3") == (
        "loop,occurrences,customers,customers_3_or_more\n")
    assert on_file(events_csv, "loops", "--top", "1", "--to", "2024-02-01") == (
        "loop,occurrences,customers,customers_3_or_more\nlogin > failed > login,2,1,0\n")


def test_repeats_exact_bytes(events_csv: Path) -> None:
    assert on_file(events_csv, "repeats") == (
        "event,customers,customers_repeating,repeat_rate,mean_repeats,max_repeats,repeats,"
        "consecutive_repeats\n"
        "login,1,1,1.0,2.0,2,2,0\n"
        "failed,1,1,1.0,1.0,1,1,0\n"
        "buy,2,0,0.0,0.0,0,0,0\n"
        "view,3,0,0.0,0.0,0,0,0\n"
    )


def test_retention_exact_bytes(events_csv: Path) -> None:
    assert on_file(events_csv, "retention", "--by", "month") == (
        "cohort,period,customers,active,retention\n"
        "2024-01,0,1,1,1.0\n2024-01,1,1,1,1.0\n2024-02,0,2,2,1.0\n"
    )
    # Wednesday 2024-01-31 and Thursday 02-01 share the week of Monday 01-29
    assert on_file(events_csv, "retention", "--by", "WEEK") == (
        "cohort,period,customers,active,retention\n"
        "2024-01-29,0,1,1,1.0\n2024-01-29,1,1,0,0.0\n2024-02-05,0,2,2,1.0\n"
    )
    assert on_file(events_csv, "retention", "--by", "week", "--periods", "0") == (
        "cohort,period,customers,active,retention\n"
        "2024-01-29,0,1,1,1.0\n2024-02-05,0,2,2,1.0\n"
    )


def test_on_the_workspace_json_and_output_file(events_csv: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    assert runner.invoke(journeymap_app, ["init", str(folder)]).exit_code == 0
    imported = runner.invoke(journeymap_app, ["import", "events", str(events_csv),
                                              "-w", str(folder)])
    assert imported.exit_code == 0, imported.stderr
    code, out, err = run("repeats", "-w", folder, "--format", "json")
    assert code == 0, err
    assert json.loads(out)[0] == {
        "event": "login", "customers": 1, "customers_repeating": 1, "repeat_rate": 1.0,
        "mean_repeats": 2.0, "max_repeats": 2, "repeats": 2, "consecutive_repeats": 0}
    target = tmp_path / "retention.csv"
    code, out, err = run("retention", "-w", folder, "--format", "csv", "-o", target)
    assert code == 0 and out == "" and f"wrote {target}" in err
    assert target.read_text(encoding="utf-8").splitlines()[1] == "2024-01,0,1,1,1.0"
    code, out, _ = run("loops", "-w", folder, "--format", "table")
    assert code == 0 and "login > failed > login" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("convert-time", "--converted-by", " , "), "error[input_error]: --converted-by: "),
        (("convert-time", "--converted-by", "buy", "--start", "a,"),
         "error[input_error]: --start: "),
        (("retention", "--from", "2024-13-01"), "error[input_error]: --from: expected a date"),
        (("loops", "--top", "0"), "error[invalid_spec]: loops top: "),
    ],
)
def test_bad_input_is_one_line_and_exit_2(events_csv: Path, args: tuple[str, ...],
                                          message: str) -> None:
    code, out, err = run(*args, "--events", events_csv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_usage_errors_and_missing_workspace(tmp_path: Path) -> None:
    code, _, err = run("loops", "--length", "4")
    assert code == 2 and "'4' is not one of '2', '3'" in err
    code, _, err = run("retention", "--by", "day")
    assert code == 2 and "'day' is not one of 'week', 'month'" in err
    code, _, err = run("repeats", "-w", tmp_path)
    assert code == 2 and err.startswith("error[")


def test_help_lists_the_csv_columns() -> None:
    expected = {
        "convert-time": "customers,converted,conversion_rate,median_seconds,p90_seconds,"
        "mean_seconds",
        "loops": "loop,occurrences,customers,customers_3_or_more",
        "repeats": "event,customers,customers_repeating,repeat_rate,mean_repeats,max_repeats,"
        "repeats,consecutive_repeats",
        "retention": "cohort,period,customers,active,retention",
    }
    for command, columns in expected.items():
        code, out, _ = run(command, "--help")
        assert code == 0
        assert f"\n  CSV columns:\n  {columns}\n" in out, command
    assert "bucket,customers,share" in run("convert-time", "--help")[1]
