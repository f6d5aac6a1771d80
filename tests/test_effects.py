"""One KPI before and after, same instrument: verdicts on answer sets with a known change,
exact differences, and instruments that differ refused.

Expected numbers: Newcombe and the pooled z test computed with scipy's Wilson interval,
Welch from scipy.stats.ttest_ind(equal_var=False), stated as literals.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from journeymap.analytics.effects import DateRange, EffectResult, EffectSpec, compare_kpi
from journeymap.analytics.intervals import Difference, Estimate
from journeymap.engine import connect_duckdb
from journeymap.errors import InstrumentMismatchError, SpecError
from journeymap.ingest.surveys import read_surveys

HEADER = "timestamp,touchpoint,metric,score,question,scale_min,scale_max\n"
AT = date(2024, 2, 1)


def answers_file(tmp_path: Path, lines: list[str]) -> Any:
    path = tmp_path / "answers.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return read_surveys(connect_duckdb(), path)


def side(scores: list[int], *, after: bool, metric: str = "csat", touchpoint: str = "tp-a",
         question: str = "How satisfied?", scale: str = ",") -> list[str]:
    """One answer a day, from the day after AT (after) or back from the day before it."""
    lines = []
    for i, score in enumerate(scores):
        day = AT + timedelta(days=i + 1) if after else AT - timedelta(days=i + 1)
        stamp = datetime.combine(day, datetime.min.time()).isoformat()
        lines.append(f"{stamp},{touchpoint},{metric},{score},{question},{scale}")
    return lines


def test_csat_improvement(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, side([5] * 8 + [2] * 12, after=False)
                           + side([4] * 18 + [1] * 2, after=True))
    result = compare_kpi(answers, EffectSpec(metric="csat", touchpoint="tp-a", at=AT))
    assert EffectResult.columns[-1] == "verdict"
    assert result.rows == ({
        "metric": "csat", "touchpoint": "tp-a", "before_n": 20, "before_value": 40.0,
        "after_n": 20, "after_value": 90.0, "difference": 50.0, "ci_low": 20.680726,
        "ci_high": 69.502389, "p_value": 0.000917, "verdict": "improved"},)
    assert result.before == Estimate(40.0, 20, 21.880653, 61.34185)


def test_csat_without_change(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, side([5, 1] * 5, after=False) + side([1, 4] * 5, after=True))
    result = compare_kpi(answers, EffectSpec(metric="csat", at=AT))
    assert result.difference == Difference(0.0, -37.251362, 37.251362, 1.0)
    assert result.verdict == "no detectable change"


def test_ces_worsening_with_welch(tmp_path: Path) -> None:
    lines = side([6, 6, 7, 7, 6], after=False, metric="ces", touchpoint="tp-r") + side(
        [2, 3, 2, 3, 2], after=True, metric="ces", touchpoint="tp-r")
    answers = answers_file(tmp_path, lines)
    result = compare_kpi(answers, EffectSpec(metric="ces", at=AT))
    assert result.difference == Difference(-4.0, -4.798823, -3.201177, 3e-06)
    assert (result.before.value, result.after.value, result.verdict) == (6.4, 2.4, "worsened")
    flipped = compare_kpi(answers, EffectSpec(metric="ces", at=AT, higher_is_better=False))
    assert flipped.verdict == "improved"


def test_nps_change_and_explicit_periods(tmp_path: Path) -> None:
    lines = side([3, 5, 9, 2, 10], after=False, metric="nps", question="Recommend?") + side(
        [10, 9, 7, 9, 10], after=True, metric="nps", question="Recommend?")
    answers = answers_file(tmp_path, lines)
    spec = EffectSpec(metric="nps", before=DateRange(date_from="2024-01-01", date_to="2024-01-31"),
                      after=DateRange(date_from="2024-02-01", date_to="2024-02-29"))
    result = compare_kpi(answers, spec)
    # before: 2 promoters, 3 detractors of 5 (-20); after: 4 promoters, 0 detractors (80)
    assert (result.before.value, result.after.value) == (-20.0, 80.0)
    assert result.difference == Difference(100.0, 19.207186, 180.792814, 0.01527)
    assert result.verdict == "improved"


def test_windows_leave_out_answers_outside_them(tmp_path: Path) -> None:
    lines = side([5] * 3, after=False) + side([1] * 3, after=True)
    answers = answers_file(tmp_path, lines + ["2023-06-01T00:00:00,tp-a,csat,1,How satisfied?,,"])
    result = compare_kpi(answers, EffectSpec(metric="csat", at=AT, window_seconds=7 * 86400))
    assert (result.before.n, result.after.n) == (3, 3)


def test_different_question_is_refused_naming_both_sides(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, side([5, 4], after=False) + side([5, 4], after=True,
                                                                      question="Rate us"))
    with pytest.raises(InstrumentMismatchError) as caught:
        compare_kpi(answers, EffectSpec(metric="csat", touchpoint="tp-a", at=AT))
    assert caught.value.code == "instrument_mismatch" and caught.value.exit_code == 2
    assert caught.value.message == (
        "cannot compare different instruments: before = csat (question 'How satisfied?', "
        "scale 1-5, touchpoint tp-a); after = csat (question 'Rate us', scale 1-5, "
        "touchpoint tp-a)")
    only_before = compare_kpi(answers, EffectSpec(metric="csat", question="Rate us", at=AT))
    assert (only_before.before.n, only_before.after.n) == (0, 2)


def test_different_scale_or_touchpoint_is_refused(tmp_path: Path) -> None:
    scales = side([5, 4], after=False, metric="speed", scale="1,10") + side(
        [5, 4], after=True, metric="speed", scale="1,5")
    with pytest.raises(InstrumentMismatchError, match="scale 1-10.*after = .*scale 1-5"):
        compare_kpi(answers_file(tmp_path, scales), EffectSpec(metric="speed", at=AT))
    places = side([5], after=False) + side([5], after=True, touchpoint="tp-b")
    with pytest.raises(InstrumentMismatchError, match="touchpoint tp-a\\); after = .*tp-b"):
        compare_kpi(answers_file(tmp_path, places), EffectSpec(metric="csat", at=AT))


def test_too_few_answers_give_no_verdict(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, side([6], after=False, metric="ces") + side(
        [2, 3], after=True, metric="ces"))
    result = compare_kpi(answers, EffectSpec(metric="ces", at=AT))
    assert result.before == Estimate(6.0, 1, None, None)
    assert result.difference == Difference(None, None, None, None)
    assert result.verdict == "not enough answers"


def test_spec_needs_a_date_or_two_ordered_periods() -> None:
    with pytest.raises(SpecError, match="give a date"):
        EffectSpec(metric="csat")
    with pytest.raises(SpecError, match="must end before"):
        EffectSpec(metric="csat", before=DateRange(date_from="2024-01-01", date_to="2024-02-01"),
                   after=DateRange(date_from="2024-02-01", date_to="2024-02-02"))
    with pytest.raises(SpecError, match="effect metric"):
        EffectSpec(metric="Not a name", at=AT)
