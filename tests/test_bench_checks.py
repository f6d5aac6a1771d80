"""The benchmark's output comparison (bench/checks.py) on small CSV files."""

from __future__ import annotations

from pathlib import Path

from bench_support import load

checks = load("checks")
HEAD = "from_event,to_event,transitions,customers,median_seconds\n"


def _file(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_equal_transitions_on_shared_columns_only(tmp_path: Path) -> None:
    ours = _file(tmp_path / "ours.csv", HEAD + "a,b,3,2,30.0\nb,c,1,1,\n")
    pm4py = _file(tmp_path / "pm4py.csv", "from_event,to_event,transitions\nb,c,1\na,b,3\n")
    found = checks.check_all("1m", "transitions", {"ours": ours, "pm4py": pm4py}, False)
    assert [(c.left, c.right, c.ok, c.compared, c.rows) for c in found] == [
        ("ours", "pm4py", True, "transitions", 2)]


def test_ours_against_each_and_the_reference_against_the_rest(tmp_path: Path) -> None:
    outputs = {name: _file(tmp_path / f"{name}.csv", HEAD + "a,b,3,2,1\n")
               for name in ("pm4py", "duckdb", "retentioneering", "ours")}
    found = checks.check_all("1m", "transitions", outputs, False)
    assert [(c.left, c.right) for c in found] == [
        ("ours", "pm4py"), ("ours", "duckdb"), ("ours", "retentioneering"),
        ("duckdb", "pm4py"), ("duckdb", "retentioneering")]
    assert all(c.ok for c in found)


def test_numbers_within_a_microsecond_are_equal_beyond_are_not(tmp_path: Path) -> None:
    ours = _file(tmp_path / "o.csv", HEAD + "a,b,3,2,30.0000004\n")
    same = _file(tmp_path / "d.csv", HEAD + "a,b,3,2,30\n")
    other = _file(tmp_path / "r.csv", HEAD + "a,b,3,2,30.01\n")
    assert checks.compare("1m", "transitions", ("ours", ours), ("duckdb", same), False).ok
    check = checks.compare("1m", "transitions", ("ours", ours), ("duckdb", other), False)
    assert not check.ok and check.detail == "a|b median_seconds: 30.0000004 vs 30.01"


def test_missing_and_extra_pairs_are_mismatches(tmp_path: Path) -> None:
    ours = _file(tmp_path / "o.csv", HEAD + "a,b,3,2,1\n")
    ref = _file(tmp_path / "d.csv", HEAD + "a,b,3,2,1\nc,d,1,1,5\n")
    check = checks.compare("1m", "transitions", ("ours", ours), ("duckdb", ref), False)
    assert not check.ok and check.detail == "c > d only in right"


def test_top_n_paths_against_all_variants(tmp_path: Path) -> None:
    ours = _file(tmp_path / "o.csv", "path,customers,share\nx,5,0.5\ny > x,3,0.3\n")
    full = _file(tmp_path / "p.csv", "path,customers\nx,5\ny > x,3\nz,2\n")
    wrong = _file(tmp_path / "w.csv", "path,customers\nx,5\ny > x,4\nz,2\n")
    assert checks.compare("1m", "paths", ("ours", ours), ("pm4py", full), False).ok
    check = checks.compare("1m", "paths", ("ours", ours), ("pm4py", wrong), False)
    assert not check.ok and check.detail == "y > x customers: 3 vs 4"


def test_two_top_n_lists_may_break_ties_differently(tmp_path: Path) -> None:
    ours = _file(tmp_path / "o.csv", "path,customers,share\nx,5,0.5\ny,2,0.2\n")
    tie = _file(tmp_path / "d.csv", "path,customers,share\nx,5,0.5\nz,2,0.2\n")
    less = _file(tmp_path / "e.csv", "path,customers,share\nx,5,0.5\nz,1,0.1\n")
    assert checks.compare("1m", "paths", ("ours", ours), ("duckdb", tie), False).ok
    assert not checks.compare("1m", "paths", ("ours", ours), ("duckdb", less), False).ok


def test_windowed_funnel_is_not_compared_with_retentioneering(tmp_path: Path) -> None:
    ours = _file(tmp_path / "o.csv", "step,event,customers\n1,a,5\n2,b,1\n")
    ret = _file(tmp_path / "r.csv", "step,event,customers\n1,a,5\n2,b,3\n")
    outputs = {"retentioneering": ret, "ours": ours}
    assert checks.check_all("1m", "funnel", outputs, True) == []
    [check] = checks.check_all("1m", "funnel", outputs, False)
    assert (check.left, check.right, check.ok) == ("ours", "retentioneering", False)
