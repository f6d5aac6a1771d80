"""95% intervals for the survey KPIs and for differences between two periods.

Methods (docs/voice-of-the-customer.md):

- a share (CSAT): Wilson score interval; defined for any n >= 1, also at 0% and 100%;
- NPS: normal approximation on the trinomial (promoters, passives, detractors) with a
  small-n adjustment: the variance is taken from the counts plus one pseudo-answer in each
  class (n + 3), so it is never 0 and an interval exists for any n >= 1;
- a mean (CES, custom scales): Student t interval; it needs n >= 2 (n = 1 gives none);
- differences: Newcombe's hybrid score interval with a pooled two-proportion z test for
  shares, the adjusted-variance z for NPS, Welch's t for means.

Everything is on the KPI's own scale (shares and NPS in percent, means as is), rounded to
6 places. None stands for "undefined" (n = 0, or an interval the method cannot give).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

LEVEL = 0.95
Z = NormalDist().inv_cdf(0.5 + LEVEL / 2)
PLACES = 6


def _t() -> Any:
    """Student's t from scipy, imported on first use: scipy costs 0.6 s at start-up."""
    from scipy import stats

    return stats.t


@dataclass(frozen=True)
class Estimate:
    """A KPI value with its 95% interval; value None when n = 0."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Difference:
    """``after - before`` with its 95% interval and two-sided p-value."""

    value: float | None
    low: float | None
    high: float | None
    p_value: float | None


def _r(value: float) -> float:
    return round(value, PLACES)


def wilson(successes: int, n: int) -> tuple[float, float] | None:
    """Wilson 95% interval of a share (as a fraction 0..1); None when n = 0."""
    if n == 0:
        return None
    share = successes / n
    denominator = 1 + Z * Z / n
    centre = (share + Z * Z / (2 * n)) / denominator
    half = Z / denominator * math.sqrt(share * (1 - share) / n + Z * Z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def share_estimate(successes: int, n: int) -> Estimate:
    """100 x successes / n with its Wilson interval (CSAT)."""
    bounds = wilson(successes, n)
    if bounds is None:
        return Estimate(None, 0)
    return Estimate(_r(100 * successes / n), n, _r(100 * bounds[0]), _r(100 * bounds[1]))


def nps_variance(promoters: int, detractors: int, n: int) -> float:
    """Variance of the NPS fraction (-1..1), from counts with one pseudo-answer a class."""
    total = n + 3
    p, d = (promoters + 1) / total, (detractors + 1) / total
    return (p + d - (p - d) ** 2) / total


def nps_estimate(promoters: int, detractors: int, n: int) -> Estimate:
    """100 x (promoters - detractors) / n with the adjusted normal interval, in [-100, 100]."""
    if n == 0:
        return Estimate(None, 0)
    value = (promoters - detractors) / n
    half = Z * math.sqrt(nps_variance(promoters, detractors, n))
    return Estimate(_r(100 * value), n, _r(100 * max(-1.0, value - half)),
                    _r(100 * min(1.0, value + half)))


def mean_estimate(mean: float | None, variance: float | None, n: int) -> Estimate:
    """A mean with its t interval; ``variance`` is the sample variance (n - 1)."""
    if n == 0 or mean is None:
        return Estimate(None, 0)
    if n == 1 or variance is None:
        return Estimate(_r(mean), n)
    half = float(_t().ppf(0.5 + LEVEL / 2, n - 1)) * math.sqrt(max(variance, 0.0) / n)
    return Estimate(_r(mean), n, _r(mean - half), _r(mean + half))


def _normal_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def share_difference(before: tuple[int, int], after: tuple[int, int]) -> Difference:
    """Percentage points after - before of two shares given as (successes, n).

    Interval: Newcombe's hybrid score (method 10); p-value: pooled two-proportion z test.
    """
    (x1, n1), (x2, n2) = before, after
    w1, w2 = wilson(x1, n1), wilson(x2, n2)
    if w1 is None or w2 is None:
        return Difference(None, None, None, None)
    p1, p2 = x1 / n1, x2 / n2
    diff = p2 - p1
    low = diff - math.sqrt((p2 - w2[0]) ** 2 + (w1[1] - p1) ** 2)
    high = diff + math.sqrt((w2[1] - p2) ** 2 + (p1 - w1[0]) ** 2)
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p_value = 1.0 if se == 0 else _normal_p(diff / se)
    return Difference(_r(100 * diff), _r(100 * low), _r(100 * high), _r(p_value))


def nps_difference(before: tuple[int, int, int], after: tuple[int, int, int]) -> Difference:
    """NPS points after - before, each side given as (promoters, detractors, n); z test with
    the adjusted variances of :func:`nps_variance`."""
    (p1, d1, n1), (p2, d2, n2) = before, after
    if n1 == 0 or n2 == 0:
        return Difference(None, None, None, None)
    diff = (p2 - d2) / n2 - (p1 - d1) / n1
    se = math.sqrt(nps_variance(p1, d1, n1) + nps_variance(p2, d2, n2))
    return Difference(_r(100 * diff), _r(100 * (diff - Z * se)), _r(100 * (diff + Z * se)),
                      _r(_normal_p(diff / se)))


def mean_difference(before: tuple[float, float, int],
                    after: tuple[float, float, int]) -> Difference:
    """Mean after - before, each side (mean, sample variance, n); Welch's t, n >= 2 a side."""
    (m1, v1, n1), (m2, v2, n2) = before, after
    if n1 < 2 or n2 < 2:
        return Difference(None, None, None, None)
    diff = m2 - m1
    a, b = v1 / n1, v2 / n2
    se = math.sqrt(a + b)
    if se == 0:  # both sides constant: the difference is exact
        return Difference(_r(diff), _r(diff), _r(diff), 1.0 if diff == 0 else 0.0)
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    t = diff / se
    half = float(_t().ppf(0.5 + LEVEL / 2, df)) * se
    p_value = float(2 * _t().sf(abs(t), df))
    return Difference(_r(diff), _r(diff - half), _r(diff + half), _r(p_value))
