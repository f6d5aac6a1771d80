"""95% intervals: Wilson, adjusted NPS, t; Newcombe, NPS z and Welch for differences.

Expected numbers were computed independently (scipy's binomtest Wilson interval,
scipy.stats.t.interval, scipy's Welch ttest_ind, Newcombe 1998 table II) and are literals.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.analytics.intervals import (
    Difference,
    Estimate,
    Z,
    mean_difference,
    mean_estimate,
    nps_difference,
    nps_estimate,
    nps_variance,
    share_difference,
    share_estimate,
    wilson,
)


def test_z_is_the_two_sided_95_quantile() -> None:
    assert Z == pytest.approx(1.959963984540054, abs=1e-12)


def test_wilson_share_of_three_in_five() -> None:
    assert share_estimate(3, 5) == Estimate(60.0, 5, 23.072428, 88.237923)


def test_wilson_gives_an_interval_for_a_single_answer() -> None:
    assert share_estimate(1, 1) == Estimate(100.0, 1, 20.654931, 100.0)
    assert share_estimate(0, 1) == Estimate(0.0, 1, 0.0, 79.345069)


def test_no_answers_give_no_value_and_no_interval() -> None:
    assert share_estimate(0, 0) == Estimate(None, 0, None, None)
    assert nps_estimate(0, 0, 0) == Estimate(None, 0, None, None)
    assert mean_estimate(None, None, 0) == Estimate(None, 0, None, None)
    assert wilson(0, 0) is None


def test_nps_with_the_adjusted_variance() -> None:
    # 3 promoters, 1 detractor of 5: NPS 40; adjusted p = 4/8, d = 2/8, var = 0.6875 / 8
    assert nps_variance(3, 1, 5) == pytest.approx(0.6875 / 8)
    assert nps_estimate(3, 1, 5) == Estimate(40.0, 5, -17.456537, 97.456537)


def test_nps_of_a_single_promoter_has_an_interval_clipped_at_100() -> None:
    assert nps_estimate(1, 0, 1) == Estimate(100.0, 1, 18.744186, 100.0)


def test_t_interval_of_a_mean() -> None:
    # 2, 4, 6: mean 4, sample variance 4; scipy t.interval(0.95, 2, 4, sem) = (-0.968275, ...)
    assert mean_estimate(4.0, 4.0, 3) == Estimate(4.0, 3, -0.968275, 8.968275)


def test_t_gives_no_interval_for_a_single_answer() -> None:
    assert mean_estimate(6.0, None, 1) == Estimate(6.0, 1, None, None)


def test_newcombe_hybrid_score_interval_matches_the_paper() -> None:
    # Newcombe (1998), 56/70 against 48/80: difference 0.2, interval 0.0524 to 0.3339
    assert share_difference((48, 80), (56, 70)) == Difference(20.0, 5.243147, 33.387265,
                                                              0.008045)


def test_nps_difference_uses_both_adjusted_variances() -> None:
    assert nps_difference((1, 3, 5), (3, 1, 5)) == Difference(80.0, -1.255814, 161.255814,
                                                             0.053647)


def test_welch_difference_matches_scipy() -> None:
    # 1..5 against 3..7: scipy ttest_ind(equal_var=False): t 2, df 8, p 0.080516
    assert mean_difference((3.0, 2.5, 5), (5.0, 2.5, 5)) == Difference(
        2.0, -0.306004, 4.306004, 0.080516)


def test_differences_need_answers_on_both_sides() -> None:
    empty = Difference(None, None, None, None)
    assert share_difference((0, 0), (3, 5)) == empty
    assert nps_difference((1, 0, 1), (0, 0, 0)) == empty
    assert mean_difference((3.0, 1.0, 1), (4.0, 1.0, 4)) == empty


def test_constant_sides_give_an_exact_difference() -> None:
    assert mean_difference((2.0, 0.0, 3), (2.0, 0.0, 3)) == Difference(0.0, 0.0, 0.0, 1.0)
    assert mean_difference((2.0, 0.0, 3), (3.0, 0.0, 3)) == Difference(1.0, 1.0, 1.0, 0.0)


@given(st.integers(min_value=1, max_value=500), st.data())
def test_wilson_interval_holds_the_share_and_stays_in_range(n: int, data: st.DataObject) -> None:
    successes = data.draw(st.integers(min_value=0, max_value=n))
    estimate = share_estimate(successes, n)
    assert estimate.low is not None and estimate.high is not None and estimate.value is not None
    assert 0 <= estimate.low <= estimate.value <= estimate.high <= 100


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60),
       st.integers(min_value=0, max_value=60))
def test_nps_interval_holds_the_value(promoters: int, passives: int, detractors: int) -> None:
    n = promoters + passives + detractors
    estimate = nps_estimate(promoters, detractors, n)
    if n == 0:
        assert estimate == Estimate(None, 0)
        return
    assert estimate.low is not None and estimate.high is not None and estimate.value is not None
    assert -100 <= estimate.low <= estimate.value <= estimate.high <= 100
    assert not math.isnan(estimate.high)
