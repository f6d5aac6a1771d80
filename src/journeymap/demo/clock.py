"""When things happen: the 12-month window, weekly rhythm, the November peak, hours of day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt

FIRST_DAY = date(2025, 11, 1)
LAST_DAY = date(2026, 10, 31)
DAYS = (LAST_DAY - FIRST_DAY).days + 1
EPOCH0 = int(datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=UTC).timestamp())
END = EPOCH0 + DAYS * 86400

#: Monday..Sunday
WEEKDAY = np.array([1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 0.85])
#: by month 1..12; November carries Black Friday, December the gift season
MONTH = np.array([0.85, 0.8, 0.9, 0.95, 0.95, 0.9, 0.85, 0.9, 1.0, 1.05, 1.6, 1.35])
BLACK_FRIDAY = (date(2025, 11, 24), date(2025, 12, 1))
BLACK_FRIDAY_BOOST = 2.2

#: online activity by hour of day (UTC is close enough to local time for the shape)
ONLINE_HOURS = np.array([
    0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 0.9, 1.1, 1.2, 1.2, 1.2,
    1.3, 1.2, 1.1, 1.1, 1.2, 1.4, 1.6, 1.9, 2.1, 1.9, 1.3, 0.7,
])
STORE_HOURS = np.array([0.0] * 9 + [0.6, 1.0, 1.1, 1.3, 1.2, 1.1, 1.2, 1.4, 1.6, 1.5, 1.0, 0.5]
                       + [0.0] * 3)


def day_weights() -> npt.NDArray[np.float64]:
    """Relative activity of each day in the window."""
    days = [FIRST_DAY + timedelta(days=i) for i in range(DAYS)]
    weights = np.array([WEEKDAY[d.weekday()] * MONTH[d.month - 1] for d in days])
    for i, d in enumerate(days):
        if BLACK_FRIDAY[0] <= d <= BLACK_FRIDAY[1]:
            weights[i] *= BLACK_FRIDAY_BOOST
    return weights


def sample_days(
    rng: np.random.Generator, first: npt.NDArray[np.int64], last: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """One day per row, in [first, last] inclusive, following the seasonal weights."""
    cum = np.concatenate([[0.0], np.cumsum(day_weights())])
    low, high = cum[first], cum[last + 1]
    target = low + rng.random(len(first)) * (high - low)
    day = np.searchsorted(cum, target, side="right") - 1
    days: npt.NDArray[np.int64] = np.clip(day, first, last).astype(np.int64)
    return days


def sample_seconds(
    rng: np.random.Generator, days: npt.NDArray[np.int64], hours: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """Epoch seconds on the given days, at an hour drawn from ``hours``."""
    hour = rng.choice(24, size=len(days), p=hours / hours.sum())
    second = rng.integers(0, 3600, size=len(days))
    return (EPOCH0 + days * 86400 + hour * 3600 + second).astype(np.int64)


def day_of(seconds: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return ((seconds - EPOCH0) // 86400).astype(np.int64)
