"""Survey KPIs on hand-made answer sets: exact values, intervals, n, groups, empty groups.

Expected intervals come from scipy (binomtest Wilson, t.interval) and the NPS formula in
analytics/intervals.py, stated as literals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ibis
import pytest

from journeymap.analytics.kpis import KpiResult, KpiSpec, kpis
from journeymap.engine import connect_duckdb
from journeymap.errors import InputError, SpecError
from journeymap.ingest.surveys import read_surveys

# tp-a: CSAT 5, 4, 3 (2 of 3 >= 4) and speed 7, 9; tp-b: CSAT 2 and CES 6 (one answer each);
# NPS 10, 9, 7, 3, 10 (3 promoters, 1 detractor); an open answer that no KPI counts.
ANSWERS = """response_id,customer_id,timestamp,touchpoint,stage,location_id,metric,score,comment,\
channel,scale_min,scale_max
R1,C1,2024-01-05T10:00:00Z,tp-a,purchase,L1,csat,5,,web,,
R2,C2,2024-01-06T10:00:00Z,tp-a,purchase,L1,csat,4,,web,,
R3,C3,2024-03-07T10:00:00Z,tp-a,purchase,L2,csat,3,,web,,
R4,C4,2024-03-08T10:00:00Z,tp-b,service,,csat,2,,,,
R5,C4,2024-03-08T10:00:00Z,tp-b,service,,ces,6,,,,
R6,C1,2024-01-09T10:00:00Z,,,,nps,10,,,,
R7,C2,2024-01-10T10:00:00Z,,,,nps,9,,,,
R8,C3,2024-03-10T10:00:00Z,,,,nps,7,,,,
R9,C4,2024-03-11T10:00:00Z,,,,nps,3,,,,
R10,C5,2024-03-12T10:00:00Z,,,,nps,10,,,,
R11,C1,2024-01-05T10:00:00Z,tp-a,purchase,L1,speed,7,,web,1,10
R12,C2,2024-01-06T10:00:00Z,tp-a,purchase,L1,speed,9,,web,1,10
R13,C2,2024-01-06T10:00:00Z,tp-a,purchase,L1,feedback,,too slow,web,,
"""
CSAT_ALL = (50.0, 4, 15.003899, 84.996101)  # 2 of 4
NPS_ALL = (40.0, 5, -17.456537, 97.456537)
CES_ONE = (6.0, 1, None, None)
SPEED = (8.0, 2, -4.706205, 20.706205)  # mean 8, s^2 2, t(0.975, 1) = 12.706205


@pytest.fixture
def answers(tmp_path: Path) -> Any:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    return read_surveys(connect_duckdb(), path)


def table(result: KpiResult) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in result.columns) for row in result.rows]


def test_overall_kpis_with_n_and_intervals(answers: Any) -> None:
    assert KpiResult.columns == ("group", "metric", "value", "n", "ci_low", "ci_high")
    assert table(kpis(answers)) == [
        ("all", "csat", *CSAT_ALL), ("all", "nps", *NPS_ALL), ("all", "ces", *CES_ONE),
        ("all", "speed", *SPEED)]


def test_by_touchpoint_lists_answered_combinations_and_the_no_touchpoint_group(
        answers: Any) -> None:
    rows = table(kpis(answers, KpiSpec(by="touchpoint")))
    assert rows[:5] == [
        ("tp-a", "csat", 66.666667, 3, 20.765960, 93.850806),
        ("tp-a", "speed", *SPEED),
        ("tp-b", "csat", 0.0, 1, 0.0, 79.345069),
        ("tp-b", "ces", *CES_ONE),
        (None, "nps", *NPS_ALL),
    ]
    assert [r[0] for r in rows[5:]] == ["all"] * 4


def test_by_location_and_stage(answers: Any) -> None:
    by_location = table(kpis(answers, KpiSpec(by="location", metrics=("csat",))))
    assert by_location == [
        ("L1", "csat", 100.0, 2, 34.238023, 100.0), ("L2", "csat", 0.0, 1, 0.0, 79.345069),
        (None, "csat", 0.0, 1, 0.0, 79.345069), ("all", "csat", *CSAT_ALL)]
    by_stage = table(kpis(answers, KpiSpec(by="stage", metrics=("ces",))))
    # asked-for metrics are listed in every group: no CES at purchase is n = 0, no value
    assert by_stage == [("purchase", "ces", None, 0, None, None),
                        ("service", "ces", *CES_ONE), (None, "ces", None, 0, None, None),
                        ("all", "ces", *CES_ONE)]


def test_by_month_fills_months_without_answers(answers: Any) -> None:
    rows = table(kpis(answers, KpiSpec(by="month", metrics=("csat", "nps"))))
    assert rows == [
        ("2024-01", "csat", 100.0, 2, 34.238023, 100.0),
        ("2024-01", "nps", 100.0, 2, 29.878197, 100.0),
        ("2024-02", "csat", None, 0, None, None), ("2024-02", "nps", None, 0, None, None),
        ("2024-03", "csat", 0.0, 2, 0.0, 65.761977),
        ("2024-03", "nps", 0.0, 3, -65.332133, 65.332133),
        ("all", "csat", *CSAT_ALL), ("all", "nps", *NPS_ALL)]


def test_by_week_labels_the_monday(answers: Any) -> None:
    rows = table(kpis(answers, KpiSpec(by="week", metrics=("csat",))))
    assert [r[:4] for r in rows[:2]] == [("2024-01-01", "csat", 100.0, 2),
                                         ("2024-01-08", "csat", None, 0)]
    assert len(rows) == 12 and rows[-3][:4] == ("2024-03-04", "csat", 0.0, 2)
    assert rows[-2][:4] == ("2024-03-11", "csat", None, 0)


def test_by_channel_fills_missing_channels_from_the_touchpoints(answers: Any) -> None:
    spec = KpiSpec(by="channel", metrics=("csat",), touchpoint_channels={"tp-b": "Phone"})
    assert table(kpis(answers, spec))[:2] == [("phone", "csat", 0.0, 1, 0.0, 79.345069),
                                              ("web", "csat", 66.666667, 3, 20.76596, 93.850806)]
    plain = table(kpis(answers, KpiSpec(by="channel", metrics=("csat",))))
    assert plain[1] == (None, "csat", 0.0, 1, 0.0, 79.345069)


def test_by_persona_with_a_customer_to_persona_table(answers: Any) -> None:
    personas = ibis.memtable({"customer_id": ["C1", "C2", "C3"], "persona": ["p1", "p1", "p2"]})
    rows = table(kpis(answers, KpiSpec(by="persona", metrics=("csat",)), personas=personas))
    assert rows == [("p1", "csat", 100.0, 2, 34.238023, 100.0),
                    ("p2", "csat", 0.0, 1, 0.0, 79.345069),
                    (None, "csat", 0.0, 1, 0.0, 79.345069), ("all", "csat", *CSAT_ALL)]
    with pytest.raises(SpecError, match="kpis by: persona needs"):
        kpis(answers, KpiSpec(by="persona"))


def test_customer_subset_and_date_range(answers: Any) -> None:
    only = table(kpis(answers, KpiSpec(metrics=("csat",)), customers=["C1", "C4"]))
    assert only == [("all", "csat", 50.0, 2, 9.453121, 90.546879)]
    march = KpiSpec(metrics=("nps",), date_from="2024-03-01", date_to="2024-03-31")
    assert table(kpis(answers, march)) == [("all", "nps", 0.0, 3, -65.332133, 65.332133)]


def test_no_answers_give_empty_values_not_zero(answers: Any) -> None:
    none = KpiSpec(date_from="2030-01-01", by="touchpoint")
    assert table(kpis(answers, none)) == [("all", m, None, 0, None, None)
                                          for m in ("csat", "nps", "ces")]


def test_a_table_without_survey_columns_is_refused() -> None:
    with pytest.raises(InputError, match="lacks column"):
        kpis(ibis.memtable({"metric": ["csat"]}))


def test_metric_names_are_checked() -> None:
    with pytest.raises(SpecError, match="kpis metrics.0"):
        KpiSpec(metrics=("CSAT score",))
