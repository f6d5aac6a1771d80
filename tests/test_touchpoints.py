"""Events labelled by the map's rules in the engine, exactly as the Python model labels them."""

from __future__ import annotations

import fnmatch
from datetime import date
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from engine_support import events_table, property_settings
from journeymap.analytics import EventFilter
from journeymap.analytics.touchpoints import (
    UnmatchedSpec,
    glob_regex,
    label_touchpoints,
    portable_regex_problem,
    unmatched_events,
)
from journeymap.engine import connect
from journeymap.errors import SpecError
from map_support import JOURNEYS, LABELS, rule, small_map


@pytest.fixture
def con() -> Any:
    return connect()


def labels(con: Any, rows: list[tuple[Any, ...]], jmap: Any) -> list[tuple[Any, Any]]:
    labelled = label_touchpoints(events_table(con, rows), jmap).order_by("seq")
    return [(r["touchpoint"], r["stage"]) for r in labelled.to_pyarrow().to_pylist()]


def test_labels_of_the_hand_built_journeys(con: Any) -> None:
    assert labels(con, JOURNEYS, small_map()) == LABELS


def test_labels_agree_with_the_model_on_the_hand_built_journeys(con: Any) -> None:
    jmap = small_map()
    expected = []
    for _, _, event, channel in JOURNEYS:
        found = jmap.touchpoint_for(event, channel)
        expected.append((found.id, found.stage) if found else (None, None))
    assert expected == LABELS


def test_a_map_without_rules_labels_nothing(con: Any) -> None:
    jmap = small_map([{"id": "tp-x", "stage": "aw", "channel": "web", "rules": []}])
    assert labels(con, JOURNEYS[:2], jmap) == [(None, None), (None, None)]


def test_first_touchpoint_in_map_order_wins(con: Any) -> None:
    jmap = small_map([
        {"id": "tp-late", "stage": "se", "channel": "web", "rules": [rule("a*", "glob")]},
        {"id": "tp-early", "stage": "aw", "channel": "web", "rules": [rule("ab")]},
    ])
    assert labels(con, [("c", "2024-01-01 00:00", "ab", "web")], jmap) == [("tp-late", "se")]


@pytest.mark.parametrize(("pattern", "value", "matches"), [
    ("a[!b]c", "axc", True), ("a[!b]c", "abc", False), ("[]]x", "]x", True),
    ("[a-c]", "b", True), ("[c-a]", "b", False), ("[!]", "!", False), ("a[", "a[", True),
    ("*.csv", "x.csv", True), ("*.csv", "xcsv", False), ("a?c", "a\nc", True),
    ("a*c", "a\n\nc", True),
    ("[[:alpha:]]", "[:]", False), ("[[:alpha:]]", "a]", True), ("a\\*", "a\\xyz", True),
])
def test_globs_match_like_fnmatch(con: Any, pattern: str, value: str, matches: bool) -> None:
    assert fnmatch.fnmatchcase(value, pattern) is matches
    jmap = small_map([{"id": "tp", "stage": "aw", "channel": "web",
                       "rules": [rule(pattern, "glob")]}])
    found = labels(con, [("c", "2024-01-01 00:00", value, "web")], jmap)
    assert found == [("tp", "aw") if matches else (None, None)]


def test_glob_regex_writes_literals_as_code_points() -> None:
    assert glob_regex("a.b*[!x-z]") == r"a\x{2e}b(?s:.*)[^x-z]"
    assert glob_regex("[]") == r"\x{5b}\x{5d}"  # never closed: both read literally


@pytest.mark.parametrize(("pattern", "problem"), [
    ("a(?=b)", "lookahead"), ("(?<!a)b", "lookahead"), ("(a)\\1", "backreferences"),
    ("(?P<x>a)", "named groups"), ("a\\Z", "\\Z"), ("(?x)a b", "verbose"),
    ("\\u00e9", "\\u"), ("a{,3}", "{0,n}"), ("(?>a)", "atomic"), ("a*+", "possessive"),
    ("(a)?(?(1)b|c)", "conditional"), ("x[[]y", "nested set"), ("[a&&b]", "intersection"),
])
def test_python_only_regex_features_are_refused(pattern: str, problem: str) -> None:
    found = portable_regex_problem(pattern)
    assert found is not None and problem in found
    jmap = small_map([{"id": "tp", "stage": "aw", "channel": "web", "rules": [
        rule("x"), rule(pattern, "regex")]}])
    with pytest.raises(SpecError) as caught:
        label_touchpoints(events_table(connect(), JOURNEYS[:1]), jmap)
    assert caught.value.field == "touchpoints[0].rules[1].pattern"


@pytest.mark.parametrize("pattern", ["a.*", "(a|b)+c?", "[^a]{1,2}", "(?i)ab", r"\d\w\s\."])
def test_portable_regexes_pass(pattern: str) -> None:
    assert portable_regex_problem(pattern) is None


def test_unmatched_events_by_volume(con: Any) -> None:
    result = unmatched_events(events_table(con, JOURNEYS), small_map())
    assert result.columns == ("event", "channel", "events", "customers")
    # ties by event name, then channel; no channel last
    assert result.rows == (
        {"event": "cookie", "channel": "web", "events": 2, "customers": 2},
        {"event": "ad_click", "channel": "web", "events": 1, "customers": 1},
        {"event": "cookie", "channel": None, "events": 1, "customers": 1},
    )


def test_unmatched_events_top_filters_and_customers(con: Any) -> None:
    events = events_table(con, JOURNEYS)
    top = unmatched_events(events, small_map(), UnmatchedSpec(top=1))
    assert [row["event"] for row in top.rows] == ["cookie"]
    spec = UnmatchedSpec(filters=EventFilter(channels=("web",), date_to=date(2024, 3, 1)))
    assert unmatched_events(events, small_map(), spec, customers=["c3"]).rows == (
        {"event": "ad_click", "channel": "web", "events": 1, "customers": 1},)


def test_unmatched_top_must_be_positive() -> None:
    with pytest.raises(SpecError, match="top"):
        UnmatchedSpec(top=0)


# -- the engine and the Python model agree on random rules and events --------------------------
NAMES = st.text(alphabet="ab_*?[]!-.\n", max_size=4)
REGEXES = st.sampled_from(["a.*", "(a|b)_?", "[^a]*", "a{1,2}b?", ".", "(?i)A.*", "[ab]+",
                           "b|_", r"\*.?", "(?s).*b"])
RULES = st.one_of(
    st.builds(lambda p: rule(p), st.text(alphabet="ab_", min_size=1, max_size=3)),
    st.builds(lambda p: rule(p, "glob"), NAMES.filter(bool)),
    st.builds(lambda p: rule(p, "regex"), REGEXES),
    st.builds(lambda p, op: rule(p, op, "channel"), st.sampled_from(["web", "app", "w*", "Web"]),
              st.sampled_from(["exact", "glob"])),
)
TOUCHPOINTS = st.lists(st.lists(RULES, max_size=3), min_size=1, max_size=4)
EVENTS = st.lists(st.tuples(NAMES, st.sampled_from(["web", "Web", "APP", "app", None])),
                  min_size=1, max_size=12)


@property_settings()
@given(rule_sets=TOUCHPOINTS, events=EVENTS)
@example(rule_sets=[[rule("a*", "glob"), rule("W*", "glob", "channel")],
                    [rule("(?s).*b", "regex")]],
         events=[("a\nb", "Web"), ("a\nb", "web"), ("b", None)])
def test_engine_labels_equal_the_model(con: Any, rule_sets: list[list[dict[str, str]]],
                                       events: list[tuple[str, str | None]]) -> None:
    jmap = small_map([
        {"id": f"tp{i}", "stage": ("aw", "co", "pu", "se")[i % 4], "channel": "web",
         "rules": rules}
        for i, rules in enumerate(rule_sets)
    ])
    rows = [("c", "2024-01-01 00:00", event, channel) for event, channel in events]
    expected = []
    for event, channel in events:
        found = jmap.touchpoint_for(event, channel)
        expected.append((found.id, found.stage) if found else (None, None))
    assert labels(con, rows, jmap) == expected
