"""`journeymap analyze transitions|funnel|paths|churn` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cli_support import invoke, runner
from journeymap.cli.app import app

CSV = """customer_id,timestamp,event,channel
c1,2024-03-01T10:00:00Z,view,web
c1,2024-03-01T10:00:00Z,cart,web
c1,2024-03-01T10:30:00Z,buy,web
c2,2024-03-02T09:00:00Z,view,App
c2,2024-03-02T09:01:00Z,view,app
c2,2024-03-04T09:00:00Z,cart,app
c3,2024-01-01T08:00:00Z,view,email
"""


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(app, "analyze", *args)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace whose analytic store holds the events of ``CSV``."""
    folder = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    con = duckdb.connect(str(folder / "analytics.duckdb"))
    con.execute(
        "create table events (customer_id varchar not null, timestamp timestamp not null, "
        "event varchar not null, channel varchar, session_id varchar, location_id varchar, "
        "source varchar, event_id varchar, value double, properties varchar, "
        "seq bigint not null, import_id varchar)"
    )
    for seq, line in enumerate(CSV.splitlines()[1:]):
        customer, stamp, event, channel = line.split(",")
        con.execute(
            "insert into events (customer_id, timestamp, event, channel, seq, import_id) "
            "values (?, ?, ?, ?, ?, 'i1')",
            [customer, stamp.removesuffix("Z"), event, channel.lower(), seq],
        )
    con.close()
    return folder


def test_transitions_csv_on_the_workspace(workspace: Path) -> None:
    code, out, _ = run("transitions", "--workspace", workspace, "--format", "csv")
    assert code == 0
    # view->cart: c1 0 s (tie, input order) and c2 2 days - 60 s: median 86370
    assert out == (
        "from_event,to_event,transitions,customers,median_seconds\n"
        "view,cart,2,2,86370.0\n"
        "cart,buy,1,1,1800.0\n"
        "view,view,1,1,60.0\n"
    )


def test_funnel_csv_with_window(workspace: Path) -> None:
    code, out, _ = run("funnel", "-w", workspace, "--steps", "view, cart,buy", "--window", "1d",
                       "--format", "csv")
    assert code == 0
    assert out == (
        "step,event,customers,conversion_from_previous,conversion_from_first,"
        "median_seconds_from_previous\n"
        "1,view,3,1.0,1.0,\n"
        "2,cart,1,0.333333,0.333333,0.0\n"
        "3,buy,1,1.0,0.333333,1800.0\n"
    )


def test_funnel_json(workspace: Path) -> None:
    code, out, _ = run("funnel", "-w", workspace, "--steps", "view,cart", "--format", "json")
    # step 1 is the FIRST view: c2 waits 2 days from 09:00 (not 1 day 23:59 from 09:01)
    assert code == 0
    assert json.loads(out) == [
        {"step": 1, "event": "view", "customers": 3, "conversion_from_previous": 1.0,
         "conversion_from_first": 1.0, "median_seconds_from_previous": None},
        {"step": 2, "event": "cart", "customers": 2, "conversion_from_previous": 0.666667,
         "conversion_from_first": 0.666667, "median_seconds_from_previous": 86400.0},
    ]


def test_paths_csv_top_and_collapse(workspace: Path) -> None:
    code, out, _ = run("paths", "-w", workspace, "--top", "2", "--format", "csv")
    assert code == 0
    assert out == "path,customers,share\nview,1,0.333333\nview > cart > buy,1,0.333333\n"
    code, out, _ = run("paths", "-w", workspace, "--collapse-repeats", "--format", "csv")
    assert code == 0
    assert out == ("path,customers,share\nview,1,0.333333\nview > cart,1,0.333333\n"
                   "view > cart > buy,1,0.333333\n")


def test_churn_csv(workspace: Path) -> None:
    code, out, _ = run("churn", "-w", workspace, "--as-of", "2024-03-31", "--window", "30d",
                       "--format", "csv")
    assert (code, out) == (0, "customers,churned,churn_rate\n3,2,0.666667\n")
    code, out, _ = run("churn", "-w", workspace, "--format", "csv")
    assert (code, out) == (0, "customers,churned,churn_rate\n3,0,0.0\n")


def test_channel_and_date_filters(workspace: Path) -> None:
    code, out, _ = run("transitions", "-w", workspace, "--channel", "APP", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1:] == ["view,cart,1,1,172740.0", "view,view,1,1,60.0"]
    code, out, _ = run("transitions", "-w", workspace, "--from", "2024-03-02", "--to",
                       "2024-03-03", "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == ["view,view,1,1,60.0"]
    code, out, _ = run("paths", "-w", workspace, "--channel", "email", "--channel", "web",
                       "--format", "csv")
    assert code == 0
    assert out.splitlines()[1:] == ["view,1,0.5", "view > cart > buy,1,0.5"]


def test_table_format_is_the_default_and_output_file(workspace: Path, tmp_path: Path) -> None:
    code, out, _ = run("churn", "-w", workspace)
    assert code == 0
    assert "customers" in out and "churn_rate" in out and "3" in out
    target = tmp_path / "paths.csv"
    code, out, err = run("paths", "-w", workspace, "--format", "csv", "-o", target)
    assert code == 0 and out == "" and err == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("path,customers,share\nview,1,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("funnel", "--steps", ","), "error[input_error]: --steps: expected event names"),
        (("funnel", "--steps", "a", "--window", "0d"), "error[input_error]: --window: expected"),
        (("churn", "--window", "1e30d"),
         "error[invalid_spec]: churn window_seconds: Input should be less than or equal"),
        (("paths", "--top", "0"), "error[invalid_spec]: paths top: Input should be greater"),
        (("churn", "--as-of", "31/03/2024"), "error[input_error]: --as-of: expected a date"),
        (("transitions", "--from", "2024-04-01", "--to", "2024-03-01"),
         "error[invalid_spec]: filter: date_from 2024-04-01 is after date_to 2024-03-01"),
    ],
)
def test_bad_options_are_one_line_errors(workspace: Path, args: tuple[str, ...],
                                         message: str) -> None:
    code, out, err = run(*args, "-w", workspace)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_workspace_without_store_or_not_a_workspace(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "empty")]).exit_code == 0
    code, _, err = run("transitions", "-w", tmp_path / "empty")
    assert code == 2
    assert err.startswith("error[input_error]: ") and "no analytic store yet" in err
    code, _, err = run("paths", "-w", tmp_path)
    assert code == 2 and err.startswith("error[workspace_error]: ")


def test_help_lists_the_csv_columns() -> None:
    expected = {
        "transitions": "from_event,to_event,transitions,customers,median_seconds",
        "funnel": "step,event,customers,conversion_from_previous,conversion_from_first,"
        "median_seconds_from_previous",
        "paths": "path,customers,share",
        "churn": "customers,churned,churn_rate",
    }
    for command, columns in expected.items():
        code, out, _ = run(command, "--help")
        assert code == 0
        assert f"\n  CSV columns:\n  {columns}\n" in out, command


@pytest.fixture
def events_csv(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_transitions_on_a_csv_file_exact_bytes(events_csv: Path, tmp_path: Path) -> None:
    code, out, _ = run("transitions", "--events", events_csv, "--format", "csv",
                       "-w", tmp_path)
    assert code == 0
    assert out == (
        "from_event,to_event,transitions,customers,median_seconds\n"
        "view,cart,2,2,86370.0\n"
        "cart,buy,1,1,1800.0\n"
        "view,view,1,1,60.0\n"
    )


def test_every_analysis_on_a_csv_file(events_csv: Path, tmp_path: Path) -> None:
    code, out, _ = run("funnel", "--events", events_csv, "--steps", "view,cart,buy",
                       "--window", "1d", "--format", "csv", "-w", tmp_path)
    assert code == 0
    assert out.splitlines()[1:] == ["1,view,3,1.0,1.0,", "2,cart,1,0.333333,0.333333,0.0",
                                    "3,buy,1,1.0,0.333333,1800.0"]
    code, out, _ = run("paths", "--events", events_csv, "--format", "csv", "-w", tmp_path)
    assert code == 0
    assert out == ("path,customers,share\nview,1,0.333333\nview > cart > buy,1,0.333333\n"
                   "view > view > cart,1,0.333333\n")
    code, out, _ = run("churn", "--events", events_csv, "--as-of", "2024-03-31", "--window",
                       "30d", "--format", "csv", "-w", tmp_path)
    assert (code, out) == (0, "customers,churned,churn_rate\n3,2,0.666667\n")


def test_a_bad_event_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("customer_id,timestamp,event\nc1,not a date,view\n", encoding="utf-8")
    code, out, err = run("transitions", "--events", path, "--format", "csv", "-w", tmp_path)
    assert code == 2 and out == ""
    assert err.startswith(f"error[bad_data_file]: {path}") and "row 1" in err
    assert err.count("\n") == 1
    code, _, err = run("paths", "--events", tmp_path / "missing.csv", "-w", tmp_path)
    assert code == 2 and "missing.csv" in err and "Traceback" not in err


def test_paths_on_parquet_and_json_lines(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [line.split(",") for line in CSV.splitlines()[1:]]
    columns = dict(zip(CSV.splitlines()[0].split(","), map(list, zip(*rows, strict=True)),
                       strict=True))
    pq.write_table(pa.table(columns), tmp_path / "events.parquet")
    (tmp_path / "events.jsonl").write_text(
        "".join(json.dumps(dict(zip(columns, row, strict=True))) + "\n" for row in rows),
        encoding="utf-8")
    for name in ("events.parquet", "events.jsonl"):
        code, out, err = run("paths", "--events", tmp_path / name, "--collapse-repeats",
                             "--format", "csv", "-w", tmp_path)
        assert code == 0, err
        assert out == ("path,customers,share\nview,1,0.333333\nview > cart,1,0.333333\n"
                       "view > cart > buy,1,0.333333\n"), name


def test_imported_workspace_and_file_give_the_same_bytes(events_csv: Path, tmp_path: Path) -> None:
    folder = tmp_path / "imported"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    imported = runner.invoke(app, ["import", "events", str(events_csv), "-w", str(folder)])
    assert imported.exit_code == 0, imported.stderr
    for command in (("transitions",), ("paths",), ("funnel", "--steps", "view,cart,buy"),
                    ("churn", "--window", "30d")):
        on_store = run(*command, "-w", folder, "--format", "csv")
        on_file = run(*command, "--events", events_csv, "-w", tmp_path, "--format", "csv")
        assert on_store[0] == on_file[0] == 0
        assert on_store[1] == on_file[1], command


def typed_parquet(tmp_path: Path) -> Path:
    """The CSV's events as a Parquet file with typed columns (zoned timestamps, numbers)."""
    path = tmp_path / "typed.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        f"COPY (SELECT customer_id, CAST(timestamp AS TIMESTAMPTZ) AS timestamp, event, "
        f"channel, CAST(length(event) AS DOUBLE) AS value "
        f"FROM read_csv('{tmp_path / 'events.csv'}', all_varchar = true)) "
        f"TO '{path}' (FORMAT parquet)")
    return path


def test_typed_parquet_gives_the_bytes_of_the_csv(events_csv: Path, tmp_path: Path) -> None:
    parquet = typed_parquet(tmp_path)
    for command in (("transitions",), ("paths",), ("funnel", "--steps", "view,cart,buy"),
                    ("churn", "--window", "30d")):
        from_csv = run(*command, "--events", events_csv, "-w", tmp_path, "--format", "csv")
        from_parquet = run(*command, "--events", parquet, "-w", tmp_path, "--format", "csv")
        assert from_csv[0] == from_parquet[0] == 0
        assert from_csv[1] == from_parquet[1], command


#: Start-up an analysis of a file does without (docs/benchmarks.md): pyarrow and pandas
#: (a quarter of a second), the other SQL dialects' compilers, the journey-map model, the
#: other analyses and the other commands.
NOT_IMPORTED = ("pyarrow", "pandas", "ibis.backends.sql.compilers.trino", "journeymap.model",
                "journeymap.analytics.churn", "journeymap.cli.serve", "journeymap.workbench")


def test_an_analysis_of_a_file_imports_only_what_it_runs(
        events_csv: Path, tmp_path: Path) -> None:
    parquet = typed_parquet(tmp_path)
    script = (
        "import sys\n"
        "from journeymap.cli.app import main\n"
        f"sys.argv = ['journeymap', 'analyze', 'transitions', '--events', {str(parquet)!r}, "
        f"'--format', 'csv', '-o', {str(tmp_path / 'out.csv')!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print(sorted(m for m in {NOT_IMPORTED!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("from_event,")


def test_a_bad_row_found_inside_the_analysis_is_the_same_one_line_error(
        tmp_path: Path) -> None:
    # transitions, paths and the funnel read every row's event, so the file's check runs
    # inside them; with a date filter it is a scan of its own first: the same error
    path = tmp_path / "bad.parquet"
    duckdb.connect().execute(
        "COPY (SELECT * FROM (VALUES ('c1', TIMESTAMP '2024-01-01 10:00', 'view'), "
        "('c1', NULL, 'buy'), ('c2', TIMESTAMP '2024-01-01 11:00', ' ')) "
        f"v(customer_id, timestamp, event)) TO '{path}' (FORMAT parquet)")
    scanned = run("funnel", "--events", path, "--steps", "view,buy", "--from", "2024-01-01",
                  "-w", tmp_path)
    assert scanned[0] == 2 and scanned[2].startswith(f"error[bad_data_file]: {path}, row 2")
    assert "2 bad rows in all" in scanned[2] and scanned[2].count("\n") == 1
    for command in (("transitions",), ("paths",), ("paths", "--collapse-repeats"),
                    ("transitions", "--from", "2024-01-01"), ("funnel", "--steps", "view,buy"),
                    ("funnel", "--steps", "nothing")):
        assert run(*command, "--events", path, "-w", tmp_path) == (2, "", scanned[2]), command


def test_a_csv_file_is_checked_inside_the_analysis_too(tmp_path: Path) -> None:
    # a bad row: the same one-line error as the scan a date filter makes first
    bad = tmp_path / "bad.csv"
    bad.write_text("customer_id,timestamp,event\nc1,2024-01-01T10:00:00,view\n"
                   "c1,never,buy\n", encoding="utf-8")
    scanned = run("funnel", "--events", bad, "--steps", "view,buy", "--from", "2024-01-01",
                  "-w", tmp_path)
    assert scanned[0] == 2 and scanned[2].startswith(f"error[bad_data_file]: {bad}, row 2")
    for command in (("transitions",), ("paths",), ("funnel", "--steps", "view,buy")):
        assert run(*command, "--events", bad, "-w", tmp_path) == (2, "", scanned[2]), command
    # a quoted line break with a short row: read again by one thread, the same numbers
    quoted = tmp_path / "quoted.csv"
    quoted.write_text("customer_id,timestamp,event,note\n"
                      'c1,2024-01-01T10:00:00,view,"two\nlines"\n'
                      "c1,2024-01-01T11:00:00,buy\nc2,2024-01-01T12:00:00,view,\n",
                      encoding="utf-8")
    whole = run("funnel", "--events", quoted, "--steps", "view,buy", "--format", "csv",
                "-w", tmp_path)
    filtered = run("funnel", "--events", quoted, "--steps", "view,buy", "--format", "csv",
                   "--from", "2024-01-01", "-w", tmp_path)
    assert whole == filtered
    assert whole[1].splitlines()[1:] == ["1,view,2,1.0,1.0,", "2,buy,1,0.5,0.5,3600.0"]


def test_persona_narrows_workspace_analyses(tmp_path: Path) -> None:
    from test_workbench_numbers import make_workspace, shop_document

    shop = make_workspace(tmp_path / "shop", shop_document())
    # web = {c2, c3}: both viewed, c3 checked out (c2 called instead)
    code, out, _ = run("funnel", "-w", shop, "--steps", "view,checkout", "--persona", "web",
                       "--format", "csv")
    assert code == 0 and out.splitlines()[1:] == ["1,view,2,1.0,1.0,",
                                                  "2,checkout,1,0.5,0.5,3600.0"]
    assert run("churn", "-w", shop, "--persona", "young", "--format", "csv")[1] == (
        "customers,churned,churn_rate\n1,0,0.0\n")
    code, out, _ = run("channels", "-w", shop, "--persona", "young", "--format", "csv")
    assert out.splitlines()[1:] == ["web,2,1,1.0", "app,1,1,1.0"]
    code, _, err = run("transitions", "-w", shop, "--persona", "nope")
    assert code == 2 and "no persona 'nope'" in err and "pick one of: young, web" in err


def test_persona_on_an_event_file_is_refused(events_csv: Path, tmp_path: Path) -> None:
    code, out, err = run("paths", "--events", events_csv, "--persona", "web", "-w", tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("error[input_error]: --persona: personas belong to a workspace")
