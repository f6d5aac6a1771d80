"""Which episodes each customer lives through, and when.

A customer's episodes are spread over their active days with the seasonal weights. Ranks
enforce the journey: the first episode is awareness, the second consideration, the third a
purchase (as far as the customer's depth goes), each on a later day; after that customers
mix everything their depth allows, each archetype in its own channels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeymap.demo.clock import (
    DAYS,
    FIRST_DAY,
    ONLINE_HOURS,
    STORE_HOURS,
    sample_days,
    sample_seconds,
)
from journeymap.demo.journeys import EPISODES, STORE_BUY, STORE_VISIT
from journeymap.demo.places import CITIES
from journeymap.demo.population import IntArray, Population, pick

#: mean number of episodes beyond the first in a whole year of activity, by depth
EPISODE_RATE = np.array([3.2, 10.0, 23.0, 29.0])
#: episode groups: awareness, consideration, purchase, service, loyalty; mix by depth
GROUP_MIX = np.array([
    [1.0, 0.0, 0.0, 0.0, 0.0],
    [0.35, 0.65, 0.0, 0.0, 0.0],
    [0.2, 0.45, 0.25, 0.1, 0.0],
    [0.13, 0.35, 0.32, 0.08, 0.12],
])
#: within a group, the share of each episode template (order of EPISODES) per archetype
_GROUP_KINDS: tuple[tuple[tuple[float, ...], ...], ...] = (
    ((0.35, 0.45, 0.2, 0.0), (0.4, 0.2, 0.35, 0.05), (0.15, 0.1, 0.25, 0.5)),
    ((0.25, 0.7, 0.05), (0.85, 0.05, 0.1), (0.2, 0.0, 0.8)),
    ((0.2, 0.75, 0.05), (0.85, 0.05, 0.1), (0.15, 0.0, 0.85)),
    ((0.2, 0.6, 0.2), (0.35, 0.45, 0.2), (0.6, 0.05, 0.35)),
    ((1.0,), (1.0,), (1.0,)),
)
#: least days between the first four episodes, so stage order survives moving a shop
#: visit from a Sunday to the Monday
RANK_GAP = 2
MARGIN = 3 * RANK_GAP + 1


def _kind_mix() -> np.ndarray:
    mix = np.zeros((len(_GROUP_KINDS), 3, len(EPISODES)))
    offset = 0
    for group, per_archetype in enumerate(_GROUP_KINDS):
        for archetype, shares in enumerate(per_archetype):
            mix[group, archetype, offset:offset + len(shares)] = shares
        offset += len(per_archetype[0])
    return mix


KIND_MIX = _kind_mix()


@dataclass(frozen=True)
class Schedule:
    customer: IntArray
    start: IntArray
    kind: IntArray
    rank: IntArray


def _groups(rng: np.random.Generator, depth: IntArray, rank: IntArray) -> IntArray:
    group = pick(rng, GROUP_MIX[depth])
    for position in (0, 1, 2):
        forced = (rank == position) & (depth >= position)
        group = np.where(forced, position, group)
    return group


def _starts(
    rng: np.random.Generator, pop: Population, customer: IntArray, day: IntArray,
    kind: IntArray,
) -> IntArray:
    in_store = np.isin(kind, [EPISODES.index(STORE_VISIT), EPISODES.index(STORE_BUY)])
    polish = np.array([c.country == "PL" for c in CITIES])[pop.city[customer]]
    sunday = (FIRST_DAY.weekday() + day) % 7 == 6
    # Polish shops are closed on Sundays: those visits happen on Monday instead.
    day = np.where(in_store & polish & sunday, day + 1, day)
    online = sample_seconds(rng, day, ONLINE_HOURS)
    store = sample_seconds(rng, day, STORE_HOURS)
    return np.where(in_store, store, online)


def _ordered_days(customer: IntArray, day: IntArray, rank: IntArray) -> IntArray:
    """Push days later only where needed so the first four episodes are RANK_GAP apart."""
    offset = RANK_GAP * np.minimum(rank, 3)
    segment = customer * 4 * (DAYS + MARGIN)  # keeps the running maximum per customer
    running = np.maximum.accumulate(day - offset + segment) - segment
    days: IntArray = (running + offset).astype(np.int64)
    return days


def make_schedule(rng: np.random.Generator, pop: Population) -> Schedule:
    depth = pop.depth
    active = (pop.last_day - pop.first_day + 1) / DAYS
    count = 1 + rng.poisson(EPISODE_RATE[depth] * active)
    count = np.maximum(count, np.minimum(depth, 2) + 1)
    customer = np.repeat(np.arange(pop.size), count)
    day = sample_days(rng, pop.first_day[customer], pop.last_day[customer] - MARGIN)
    order = np.lexsort((day, customer))
    customer, day = customer[order], day[order]
    rank = np.arange(len(customer)) - np.repeat(np.cumsum(count) - count, count)
    day = _ordered_days(customer, day, rank)
    group = _groups(rng, depth[customer], rank)
    kind = pick(rng, KIND_MIX[group, pop.archetype[customer]])
    start = _starts(rng, pop, customer, day, kind)
    return Schedule(customer.astype(np.int64), start, kind, rank.astype(np.int64))
