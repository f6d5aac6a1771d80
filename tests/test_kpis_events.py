"""Churn and conversion as KPIs (n and Wilson interval) on hand-built activity, by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import ibis
import pytest

from engine_support import events_table
from journeymap.analytics.kpis import KpiResult, combine
from journeymap.analytics.kpis_events import EventKpiSpec, event_kpis
from journeymap.errors import SpecError
from journeymap.model import Channel, JourneyMap, MatchRule, Stage, Touchpoint

# As of 2024-04-30 with 90 days, active means an event on 2024-02-01 or later.
ACTIVITY = [
    ("c1", "2024-01-31 23:59:59", "visit", "web"),   # churned, never bought
    ("c2", "2024-02-01 00:00:00", "visit", "web"),   # active, never bought
    ("c3", "2023-12-01 10:00:00", "visit", "web"),
    ("c3", "2024-04-30 18:00:00", "buy", "app"),     # active, bought
    ("c4", "2024-01-10 10:00:00", "buy", "store"),   # churned, bought
    ("c5", "2024-05-02 10:00:00", "visit", "web"),   # after the analysis date: not counted
]
AS_OF = EventKpiSpec(as_of=date(2024, 4, 30), conversion_events=("buy",))
# Wilson 95% intervals in percent: 0 of 1, 1 of 1, 1 of 2, 1 of 3, 2 of 4, 1 of 4
W01 = (0.0, 1, 0.0, 79.345069)
W11 = (100.0, 1, 20.654931, 100.0)
W12 = (50.0, 2, 9.453121, 90.546879)
W13 = (33.333333, 3, 6.149194, 79.23404)
W24 = (50.0, 4, 15.003899, 84.996101)
W22 = (100.0, 2, 34.238023, 100.0)


def shop() -> JourneyMap:
    return JourneyMap(
        id="shop", name="Shop",
        stages=[Stage(id="look", name="Look"), Stage(id="pay", name="Pay")],
        touchpoints=[
            Touchpoint(id="tp-visit", name="Visit", stage="look", channel=Channel.WEB,
                       rules=[MatchRule(pattern="visit")]),
            Touchpoint(id="tp-buy", name="Buy", stage="pay", channel=Channel.WEB,
                       rules=[MatchRule(pattern="buy")])])


def cells(result: KpiResult) -> list[tuple[Any, ...]]:
    return [(r["group"], r["metric"], r["value"], r["n"], r["ci_low"], r["ci_high"])
            for r in result.rows]


def test_overall_churn_and_conversion_with_wilson_intervals(con: Any) -> None:
    result = event_kpis(events_table(con, ACTIVITY), AS_OF)
    # c5 has no activity up to D; c1 and c4 churned; c3 and c4 bought
    assert cells(result) == [("all", "churn", *W24), ("all", "conversion", *W24)]


def test_by_channel_a_customer_counts_in_every_channel_used(con: Any) -> None:
    by = EventKpiSpec(by="channel", as_of=date(2024, 4, 30), conversion_events=("buy",))
    assert cells(event_kpis(events_table(con, ACTIVITY), by)) == [
        ("app", "churn", *W01), ("app", "conversion", *W11),
        ("store", "churn", *W11), ("store", "conversion", *W11),
        ("web", "churn", *W13), ("web", "conversion", *W13),
        ("all", "churn", *W24), ("all", "conversion", *W24)]


def test_by_touchpoint_and_stage_with_the_maps_last_stage_as_conversion(con: Any) -> None:
    events = events_table(con, ACTIVITY)
    by_touchpoint = event_kpis(events, EventKpiSpec(by="touchpoint", as_of=date(2024, 4, 30)),
                               journey_map=shop())
    assert cells(by_touchpoint) == [
        ("tp-buy", "churn", *W12), ("tp-buy", "conversion", *W22),
        ("tp-visit", "churn", *W13), ("tp-visit", "conversion", *W13),
        ("all", "churn", *W24), ("all", "conversion", *W24)]
    by_stage = event_kpis(events, EventKpiSpec(by="stage", as_of=date(2024, 4, 30)),
                          journey_map=shop())
    assert [(r["group"], r["metric"], r["n"]) for r in by_stage.rows[:4]] == [
        ("look", "churn", 3), ("look", "conversion", 3), ("pay", "churn", 2),
        ("pay", "conversion", 2)]


def test_by_month_churn_at_each_month_end_and_conversion_by_first_month(con: Any) -> None:
    by = EventKpiSpec(by="month", as_of=date(2024, 4, 30), conversion_events=("buy",))
    assert [(r["group"], r["metric"], r["value"], r["n"])
            for r in event_kpis(events_table(con, ACTIVITY), by).rows] == [
        # as of 2023-12-31 only c3, active; c3 started then and bought
        ("2023-12", "churn", 0.0, 1), ("2023-12", "conversion", 100.0, 1),
        # c1 (23:59:59 on the 31st) and c4 join; c1 and c4 started then, c4 bought
        ("2024-01", "churn", 0.0, 3), ("2024-01", "conversion", 50.0, 2),
        # as of 2024-02-29 the window starts 2023-12-02: c3's visit is older
        ("2024-02", "churn", 25.0, 4), ("2024-02", "conversion", 0.0, 1),
        ("2024-03", "churn", 25.0, 4), ("2024-03", "conversion", None, 0),
        # the last month ends on the analysis date: the overall numbers
        ("2024-04", "churn", 50.0, 4), ("2024-04", "conversion", None, 0),
        ("all", "churn", 50.0, 4), ("all", "conversion", 50.0, 4)]


def test_by_persona_from_a_membership_table(con: Any) -> None:
    personas = ibis.memtable({"customer_id": ["c1", "c2", "c3", "c9", "c1"],
                              "persona": ["p1", "p1", "p2", "p2", "p1"]})
    by = EventKpiSpec(by="persona", as_of=date(2024, 4, 30), conversion_events=("buy",))
    result = event_kpis(events_table(con, ACTIVITY), by, personas=personas)
    # c9 has no activity: not counted; c1 listed twice counts once
    assert cells(result)[:4] == [("p1", "churn", *W12), ("p1", "conversion", 0.0, 2, 0.0,
                                                         65.761977),
                                 ("p2", "churn", *W01), ("p2", "conversion", *W11)]
    with pytest.raises(SpecError, match="persona needs"):
        event_kpis(events_table(con, ACTIVITY), by)


def test_without_a_conversion_only_churn_and_no_events_no_rows(con: Any) -> None:
    events = events_table(con, ACTIVITY)
    only_churn = event_kpis(events, EventKpiSpec(as_of=date(2024, 4, 30)))
    assert cells(only_churn) == [("all", "churn", *W24)]
    # without a map, groups by touchpoint are not known: the overall row only
    by_touchpoint = event_kpis(events, EventKpiSpec(by="touchpoint", as_of=date(2024, 4, 30)))
    assert [r["group"] for r in by_touchpoint.rows] == ["all"]
    assert event_kpis(events_table(con, [], name="none")).rows == ()


def test_a_single_customer_and_a_customer_subset(con: Any) -> None:
    events = events_table(con, ACTIVITY)
    assert cells(event_kpis(events, AS_OF, customers=["c4"])) == [
        ("all", "churn", *W11), ("all", "conversion", *W11)]


def test_combined_with_survey_rows_group_by_group() -> None:
    survey = KpiResult(rows=(
        {"group": "web", "metric": "csat", "value": 50.0, "n": 2},
        {"group": None, "metric": "csat", "value": 0.0, "n": 1},
        {"group": "all", "metric": "csat", "value": 33.3, "n": 3}))
    events = KpiResult(rows=(
        {"group": "app", "metric": "churn", "value": 0.0, "n": 1},
        {"group": "web", "metric": "churn", "value": 10.0, "n": 10},
        {"group": "all", "metric": "churn", "value": 9.1, "n": 11}))
    assert [(r["group"], r["metric"]) for r in combine(survey, events).rows] == [
        ("app", "churn"), ("web", "csat"), ("web", "churn"), (None, "csat"), ("all", "csat"),
        ("all", "churn")]
