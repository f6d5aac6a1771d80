"""The demo company's customers: who they are, how deep they go, when they are active.

Each customer has a hidden archetype (the behaviour behind the personas) and a hidden depth
(how far through the journey they get). Neither is written to ``customers.parquet``;
``preferred_channel``, ``age`` and ``loyalty_tier`` carry them the way real CRM data would.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from journeymap.demo.clock import DAYS
from journeymap.demo.places import CITIES, COUNTRY_WEIGHTS

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: archetypes, named by the channel they prefer; the personas are built on them
ARCHETYPES = ("app", "web", "store")
ARCHETYPE_SHARE = np.array([0.30, 0.40, 0.30])
#: depth: 0 aware only, 1 considered, 2 purchased, 3 loyal (joined the programme)
AWARE, CONSIDERED, PURCHASED, LOYAL = 0, 1, 2, 3
DEPTH_SHARE = np.array([  # per archetype
    [0.15, 0.22, 0.40, 0.23],
    [0.14, 0.22, 0.42, 0.22],
    [0.12, 0.16, 0.38, 0.34],
])
#: chance a customer stops being active inside the window, by depth
CHURN_CHANCE = np.array([0.55, 0.40, 0.25, 0.08])
AGE = np.array([[27.0, 5.0], [39.0, 8.0], [56.0, 10.0]])  # mean, sd per archetype
GENDERS = ("female", "male", "unspecified")
LANGUAGES = ("pl", "bg", "en")
#: share of app-first customers whose account is broken so their logins loop (problem 2)
FLAKY_SHARE = 0.35


@dataclass(frozen=True)
class Population:
    archetype: IntArray
    depth: IntArray
    city: IntArray
    age: IntArray
    gender: IntArray
    language: IntArray
    preferred: IntArray
    signup_day: IntArray
    first_day: IntArray
    last_day: IntArray
    flaky: BoolArray
    opt_in: BoolArray

    @property
    def size(self) -> int:
        return len(self.archetype)


def pick(rng: np.random.Generator, probs: npt.NDArray[np.float64]) -> IntArray:
    """One category per row of ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    draws = rng.random(len(probs))[:, None]
    chosen: IntArray = np.minimum((draws > cum).sum(axis=1), probs.shape[1] - 1).astype(np.int64)
    return chosen


def _cities(rng: np.random.Generator, n: int) -> IntArray:
    weights = np.array([COUNTRY_WEIGHTS[c.country] * c.weight for c in CITIES])
    return rng.choice(len(CITIES), size=n, p=weights / weights.sum()).astype(np.int64)


def _languages(rng: np.random.Generator, city: IntArray) -> IntArray:
    local = np.array([LANGUAGES.index(c.language) for c in CITIES])[city]
    return np.where(rng.random(len(city)) < 0.1, LANGUAGES.index("en"), local).astype(np.int64)


def _active_days(
    rng: np.random.Generator, depth: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    n = len(depth)
    old = rng.random(n) < 0.55
    signup = np.where(old, rng.integers(-2500, 0, n), rng.integers(0, DAYS - 45, n))
    first = np.maximum(signup, 0)
    churns = rng.random(n) < CHURN_CHANCE[depth]
    last = np.where(churns, np.minimum(first + rng.integers(30, 240, n), DAYS - 1), DAYS - 1)
    return signup.astype(np.int64), first.astype(np.int64), last.astype(np.int64)


def make_population(rng: np.random.Generator, n: int) -> Population:
    archetype = rng.choice(3, size=n, p=ARCHETYPE_SHARE).astype(np.int64)
    depth = pick(rng, DEPTH_SHARE[archetype])
    city = _cities(rng, n)
    age = np.clip(rng.normal(AGE[archetype, 0], AGE[archetype, 1]), 18, 88).astype(np.int64)
    other = (archetype + rng.integers(1, 3, n)) % 3
    preferred = np.where(rng.random(n) < 0.9, archetype, other).astype(np.int64)
    signup, first, last = _active_days(rng, depth)
    return Population(
        archetype=archetype, depth=depth, city=city, age=age,
        gender=rng.choice(3, size=n, p=[0.5, 0.47, 0.03]).astype(np.int64),
        language=_languages(rng, city), preferred=preferred,
        signup_day=signup, first_day=first, last_day=last,
        flaky=(archetype == 0) & (rng.random(n) < FLAKY_SHARE),
        opt_in=rng.random(n) < 0.62,
    )
