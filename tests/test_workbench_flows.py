"""The Sankey's nodes and links from path rows (the workspace flows run in test_web_flows)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from journeymap.workbench.flows import path_links


def test_steps_are_nodes_at_their_position() -> None:
    rows = [{"path": "a > b > a", "customers": 3}, {"path": "b > a", "customers": 2},
            {"path": "a > b", "customers": 1}, {"path": "c", "customers": 1}]
    nodes, links = path_links(rows)
    assert [(n["id"], n["customers"]) for n in nodes] == [
        ("1. a", 4), ("1. b", 2), ("1. c", 1), ("2. b", 4), ("2. a", 2), ("3. a", 3)]
    assert links == [
        {"source": "1. a", "target": "2. b", "customers": 4},
        {"source": "2. b", "target": "3. a", "customers": 3},
        {"source": "1. b", "target": "2. a", "customers": 2},
    ]


def test_no_paths_no_nodes() -> None:
    assert path_links([]) == ([], [])


paths = st.lists(
    st.fixed_dictionaries({
        "path": st.lists(st.sampled_from("abc"), min_size=1, max_size=5).map(" > ".join),
        "customers": st.integers(1, 50),
    }),
    max_size=8,
)


@given(paths)
def test_flow_is_conserved(rows: list[dict[str, Any]]) -> None:
    nodes, links = path_links(rows)
    into: dict[str, int] = {}
    for link in links:
        into[link["target"]] = into.get(link["target"], 0) + link["customers"]
        assert int(link["target"].split(".")[0]) == int(link["source"].split(".")[0]) + 1
    for node in nodes:
        if node["position"] == 1:
            assert node["id"] not in into
        else:  # every customer at a later step came from the step before
            assert into[node["id"]] == node["customers"]
    first = sum(n["customers"] for n in nodes if n["position"] == 1)
    assert first == sum(row["customers"] for row in rows)
