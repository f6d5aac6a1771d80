"""The benchmark data generator (bench/generate.py), run in-process at a tiny size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from bench_support import load

gen = load("generate")
EVENTS = 2_000


@pytest.fixture(scope="module")
def events() -> pa.Table:
    return gen.table(EVENTS, seed=3)


def test_rows_columns_and_types(events: pa.Table) -> None:
    assert events.num_rows == EVENTS
    assert events.schema.names == ["customer_id", "timestamp", "event", "channel",
                                   "session_id", "value"]
    assert [str(t) for t in events.schema.types] == [
        "string", "timestamp[us, tz=UTC]", "string", "string", "string", "double"]
    # only value may be empty
    assert [events[name].null_count for name in events.schema.names[:-1]] == [0] * 5


def test_customers_default_to_one_in_five_events_and_all_appear(events: pa.Table) -> None:
    assert gen.default_customers(EVENTS) == 400
    assert gen.default_customers(50_000_000) == 200_000
    assert pc.count_distinct(events["customer_id"]).as_py() == 400
    assert events["customer_id"][0].as_py().startswith("c")


def test_same_seed_same_data_other_seed_other_data(events: pa.Table) -> None:
    assert gen.table(EVENTS, seed=3).equals(events)
    assert not gen.table(EVENTS, seed=4).equals(events)


def test_sorted_by_time_and_no_ties_within_a_customer(events: pa.Table) -> None:
    micros = events["timestamp"].cast(pa.int64()).to_numpy()
    assert np.all(np.diff(micros) >= 0)
    customers = np.asarray(events["customer_id"].to_pylist())
    order = np.lexsort((micros, customers))
    same = customers[order][1:] == customers[order][:-1]
    assert np.all(np.diff(micros[order])[same] >= 1_000_000)  # at least one second apart


def test_events_channels_sessions_and_values_are_consistent(events: pa.Table) -> None:
    channel_of = dict(gen.EVENT_TYPES)
    assert len(channel_of) == 50
    rows = events.to_pylist()
    assert all(row["channel"] == channel_of[row["event"]] for row in rows)
    assert all(row["session_id"].startswith(row["customer_id"] + "-") for row in rows)
    paying = {"purchase", "app_purchase", "store_purchase"}
    assert all((row["value"] is not None) == (row["event"] in paying) for row in rows)
    assert all(row["value"] > 0 for row in rows if row["value"] is not None)


def test_skewed_not_uniform(events: pa.Table) -> None:
    counts = sorted(pc.value_counts(events["event"]).field("counts").to_pylist())
    assert counts[-1] > 10 * counts[len(counts) // 2]


def test_path_lengths_sum_exactly_and_need_enough_events() -> None:
    lengths = gen.path_lengths(np.random.default_rng(1), 1_000, 300)
    assert int(lengths.sum()) == 1_000 and int(lengths.min()) >= 1 and len(lengths) == 300
    with pytest.raises(ValueError):
        gen.path_lengths(np.random.default_rng(1), 10, 11)


@pytest.mark.parametrize(("text", "events"), [("2000", 2_000), ("100k", 100_000),
                                              ("1m", 1_000_000), ("1.5M", 1_500_000)])
def test_parse_size(text: str, events: int) -> None:
    assert gen.parse_size(text) == events


def test_parse_size_rejects_junk() -> None:
    with pytest.raises(ValueError, match="not a size"):
        gen.parse_size("lots")


def test_ensure_writes_parquet_and_csv_once(tmp_path: Path, events: pa.Table) -> None:
    paths = gen.ensure("2k", seed=3, csv=True, data_dir=tmp_path)
    assert paths == {"parquet": tmp_path / "events-2k-seed3.parquet",
                     "csv": tmp_path / "events-2k-seed3.csv"}
    assert pq.read_table(paths["parquet"]).equals(events)
    from_csv = pacsv.read_csv(paths["csv"])
    assert from_csv.num_rows == EVENTS
    assert from_csv["customer_id"].to_pylist() == events["customer_id"].to_pylist()
    written = paths["parquet"].stat().st_mtime_ns
    assert gen.ensure("2k", seed=3, csv=True, data_dir=tmp_path) == paths
    assert paths["parquet"].stat().st_mtime_ns == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events-2k-seed3.csv",
                                                          "events-2k-seed3.parquet"]
