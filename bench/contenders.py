"""The other contenders, each run by ``run.py`` as its own whole Python process.

    python contenders.py duckdb transitions --events F.parquet -o OUT.csv
    python contenders.py duckdb funnel --events F.parquet --steps a,b,c [--window-seconds S]
    python contenders.py duckdb paths --events F.parquet --top 20 -o OUT.csv
    python contenders.py pm4py transitions|paths --events F.parquet -o OUT.csv
    python contenders.py retentioneering transitions|funnel --events F.parquet -o OUT.csv

Each contender imports only its own library, inside its function, so a process pays the
start-up of what it uses and nothing else. Outputs are CSV with the columns of our CLI
contract where the contender computes them (see ``run.py`` for what is compared).
"""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

# retentioneering sends usage events to PostHog unless told not to; the benchmark is offline
os.environ.setdefault("RETENTIONEERING_NO_TRACK", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

PATH_SEPARATOR = " > "
NEEDED = ["customer_id", "timestamp", "event"]


def _source(events: Path) -> str:
    """A DuckDB table function over the file; Parquet also yields the input order as ``seq``."""
    if events.suffix == ".parquet":
        return "read_parquet($file, file_row_number = true)"
    # CSV has no row-number column; the benchmark data has no timestamp ties within a
    # customer, so ordering by timestamp alone gives the same order (0 is a constant seq)
    return "(SELECT *, 0 AS file_row_number FROM read_csv($file))"


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])


# --- the hand-written DuckDB queries (the near limit) ---------------------------------------

TRANSITIONS_SQL = """
WITH ev AS (
    SELECT customer_id, event, epoch_us("timestamp") AS t, file_row_number AS seq
    FROM {source}
), pairs AS (
    SELECT customer_id,
           event AS from_event,
           lead(event) OVER w AS to_event,
           (lead(t) OVER w - t) / 1e6 AS gap
    FROM ev
    WINDOW w AS (PARTITION BY customer_id ORDER BY t, seq)
)
SELECT from_event, to_event,
       count(*) AS transitions,
       count(DISTINCT customer_id) AS customers,
       list_median(list(gap)) AS median_seconds
FROM pairs
WHERE to_event IS NOT NULL
GROUP BY from_event, to_event
ORDER BY transitions DESC, from_event, to_event
"""

PATHS_SQL = """
WITH journeys AS (
    SELECT string_agg(event, $sep ORDER BY epoch_us("timestamp"), file_row_number) AS path
    FROM {source}
    GROUP BY customer_id
)
SELECT path, count(*) AS customers,
       round(count(*) / (SELECT count(*) FROM journeys), 6) AS share
FROM journeys
GROUP BY path
ORDER BY customers DESC, path
LIMIT $top
"""


def funnel_sql(steps: int, windowed: bool) -> str:
    """Chained per-step matches over the step events ranked once by a window.

    ``pos`` is each step event's place in its customer's order, so "strictly after the
    matched previous step" is ``pos > previous.pos`` and ties in time cannot mislead it.
    """
    names = ", ".join(f"$s{k}" for k in range(1, steps + 1))
    parts = [f"""ev AS (
    SELECT customer_id, event, epoch_us("timestamp") AS t,
           row_number() OVER (PARTITION BY customer_id
                              ORDER BY epoch_us("timestamp"), file_row_number) AS pos
    FROM {{source}}
    WHERE event IN ({names})
)""", """m1 AS (
    SELECT customer_id, min(pos) AS pos, arg_min(t, pos) AS t, arg_min(t, pos) AS start,
           CAST(NULL AS DOUBLE) AS gap
    FROM ev WHERE event = $s1 GROUP BY customer_id
)"""]
    window = " AND e.t - p.start <= $window_us" if windowed else ""
    for k in range(2, steps + 1):
        parts.append(f"""m{k} AS (
    SELECT e.customer_id, min(e.pos) AS pos, arg_min(e.t, e.pos) AS t,
           any_value(p.start) AS start, arg_min(e.t - p.t, e.pos) / 1e6 AS gap
    FROM ev e JOIN m{k - 1} p ON e.customer_id = p.customer_id
    WHERE e.event = $s{k} AND e.pos > p.pos{window}
    GROUP BY e.customer_id
)""")
    counts = " UNION ALL ".join(
        f"SELECT {k} AS step, count(*) AS customers, median(gap) AS median_gap FROM m{k}"
        for k in range(1, steps + 1)
    )
    return "WITH " + ",\n".join(parts) + f"\nSELECT * FROM ({counts}) ORDER BY step"


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 6)


def duckdb_transitions(events: Path, out: Path, args: argparse.Namespace) -> None:
    import duckdb

    query = TRANSITIONS_SQL.format(source=_source(events))
    duckdb.execute(f"COPY ({query}) TO '{out}' (HEADER)", {"file": str(events)})


def duckdb_paths(events: Path, out: Path, args: argparse.Namespace) -> None:
    import duckdb

    query = PATHS_SQL.format(source=_source(events))
    params = {"file": str(events), "sep": PATH_SEPARATOR, "top": args.top}
    duckdb.execute(f"COPY ({query}) TO '{out}' (HEADER)", params)


def duckdb_funnel(events: Path, out: Path, args: argparse.Namespace) -> None:
    import duckdb

    steps = args.steps.split(",")
    windowed = args.window_seconds is not None
    query = funnel_sql(len(steps), windowed).format(source=_source(events))
    params: dict[str, Any] = {"file": str(events)}
    params.update({f"s{k}": name for k, name in enumerate(steps, start=1)})
    if windowed:
        params["window_us"] = round(args.window_seconds * 1_000_000)
    found = {int(step): (int(n), gap) for step, n, gap in duckdb.execute(query, params).fetchall()}
    rows, first, previous = [], 0, 0
    for k, name in enumerate(steps, start=1):
        count, gap = found.get(k, (0, None))
        first = count if k == 1 else first
        rows.append((k, name, count, _ratio(count, count if k == 1 else previous),
                     _ratio(count, first), None if gap is None else round(gap, 6)))
        previous = count
    _write(out, ["step", "event", "customers", "conversion_from_previous",
                 "conversion_from_first", "median_seconds_from_previous"], rows)


# --- pm4py -------------------------------------------------------------------------------------

def _pandas_events(events: Path) -> Any:
    import pandas as pd

    if events.suffix == ".parquet":
        return pd.read_parquet(events, columns=NEEDED)
    frame = pd.read_csv(events, usecols=NEEDED)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    return frame


def _pm4py_log(events: Path) -> Any:
    import pm4py

    return pm4py.format_dataframe(_pandas_events(events), case_id="customer_id",
                                  activity_key="event", timestamp_key="timestamp")


def pm4py_transitions(events: Path, out: Path, args: argparse.Namespace) -> None:
    import pm4py

    dfg, _start, _end = pm4py.discover_dfg(_pm4py_log(events))
    rows = sorted(((a, b, n) for (a, b), n in dfg.items()), key=lambda r: (-r[2], r[0], r[1]))
    _write(out, ["from_event", "to_event", "transitions"], rows)


def pm4py_paths(events: Path, out: Path, args: argparse.Namespace) -> None:
    import pm4py

    variants = pm4py.get_variants(_pm4py_log(events))
    counted = [(PATH_SEPARATOR.join(variant), _count(n)) for variant, n in variants.items()]
    counted.sort(key=lambda r: (-r[1], r[0]))
    _write(out, ["path", "customers"], counted)


def _count(value: Any) -> int:
    # pm4py returns an int per variant; older releases returned the list of cases
    return value if isinstance(value, int) else len(value)


# --- retentioneering ---------------------------------------------------------------------------

def _stream(events: Path) -> Any:
    from retentioneering import Eventstream

    schema = {"path_cols": ["customer_id"], "event_col": "event", "timestamp_col": "timestamp"}
    return Eventstream(_pandas_events(events), schema=schema)


def retentioneering_transitions(events: Path, out: Path, args: argparse.Namespace) -> None:
    stream = _stream(events)
    matrices = {weight: stream.transition_graph_data(edge_weight=weight)
                for weight in ("count", "unique_paths", "time_median")}
    synthetic = {"path_start", "path_end"}
    count = matrices["count"]
    rows = []
    for source in count.index:
        for target in count.columns:
            n = int(count.at[source, target])
            if n == 0 or source in synthetic or target in synthetic:
                continue
            median = matrices["time_median"].at[source, target]
            rows.append((source, target, n, int(matrices["unique_paths"].at[source, target]),
                         round(median.total_seconds(), 6)))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    _write(out, ["from_event", "to_event", "transitions", "customers", "median_seconds"], rows)


def retentioneering_funnel(events: Path, out: Path, args: argparse.Namespace) -> None:
    steps = args.steps.split(",")
    found = _stream(events).funnel_data(steps=steps)["steps"]
    rows = [(k, step["step"], step["unique_paths"]) for k, step in enumerate(found, start=1)]
    _write(out, ["step", "event", "customers"], rows)


RUNNERS: dict[tuple[str, str], Callable[[Path, Path, argparse.Namespace], None]] = {
    ("duckdb", "transitions"): duckdb_transitions,
    ("duckdb", "funnel"): duckdb_funnel,
    ("duckdb", "paths"): duckdb_paths,
    ("pm4py", "transitions"): pm4py_transitions,
    ("pm4py", "paths"): pm4py_paths,
    ("retentioneering", "transitions"): retentioneering_transitions,
    ("retentioneering", "funnel"): retentioneering_funnel,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run one benchmark contender once.")
    parser.add_argument("contender", choices=sorted({c for c, _ in RUNNERS}))
    parser.add_argument("analysis", choices=sorted({a for _, a in RUNNERS}))
    parser.add_argument("--events", type=Path, required=True)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--steps", default="")
    parser.add_argument("--window-seconds", type=float, default=None)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    runner = RUNNERS.get((args.contender, args.analysis))
    if runner is None:
        parser.error(f"{args.contender} has no {args.analysis} analysis")
    runner(args.events, args.output, args)


if __name__ == "__main__":
    main()
