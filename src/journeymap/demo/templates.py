"""Episode templates: short event sequences with branch chances and delays, expanded in bulk.

An episode (a web visit, a phone call, a delivery) is a list of steps. Each step happens with
chance ``p`` when the step it depends on happened (and the step named by ``unless`` did not);
its time is the previous happened step's time plus a log-normal delay. Expanding a template
for N episodes at once is a few numpy operations per step, so a million events take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from journeymap.demo.events import CODE, ORDER_EVENTS

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MINUTE = 60.0
HOUR = 3600.0
DAY = 86400.0
PREVIOUS = -1
VALUED_CODES = np.array([CODE[name] for name in (*ORDER_EVENTS, "refund_issued")])


@dataclass(frozen=True)
class Step:
    event: str
    p: float = 1.0
    #: index of the step this one needs; PREVIOUS is the one before (nothing for the first
    #: step), None needs nothing
    after: int | None = PREVIOUS
    #: median seconds after the previous happened step (the episode start for the first)
    delay: float = 20.0
    spread: float = 0.6
    unless: int | None = None


@dataclass(frozen=True)
class Template:
    name: str
    steps: tuple[Step, ...]

    def codes(self) -> IntArray:
        return np.array([CODE[step.event] for step in self.steps], dtype=np.int64)

    def index(self, event: str, occurrence: int = 0) -> int:
        """Position of the ``occurrence``-th step with this event (for follow-ups)."""
        hits = [i for i, step in enumerate(self.steps) if step.event == event]
        return hits[occurrence]


@dataclass(frozen=True)
class Expanded:
    """One template expanded for N episodes: which steps happened and when (epoch seconds)."""

    template: Template
    happened: BoolArray
    times: IntArray


def expand(template: Template, starts: IntArray, rng: np.random.Generator) -> Expanded:
    n, steps = len(starts), template.steps
    happened = np.zeros((n, len(steps)), dtype=bool)
    draws = rng.random((n, len(steps)))
    medians = np.array([step.delay for step in steps])
    spreads = np.array([step.spread for step in steps])
    delays = np.exp(np.log(medians) + spreads * rng.standard_normal((n, len(steps))))
    for i, step in enumerate(steps):
        ok = draws[:, i] < step.p
        if step.after is not None and i > 0:
            ok &= happened[:, i - 1 if step.after == PREVIOUS else step.after]
        if step.unless is not None:
            ok &= ~happened[:, step.unless]
        happened[:, i] = ok
    # Whole seconds, at least one, so events of one episode never share a timestamp.
    elapsed = np.cumsum(np.where(happened, np.ceil(delays) + 1, 0), axis=1).astype(np.int64)
    return Expanded(template, happened, starts[:, None] + elapsed)


@dataclass
class EventLog:
    """Columns of all generated events, appended batch by batch, in generation order."""

    customer: list[IntArray] = field(default_factory=list)
    time: list[IntArray] = field(default_factory=list)
    code: list[IntArray] = field(default_factory=list)
    episode: list[IntArray] = field(default_factory=list)
    value: list[FloatArray] = field(default_factory=list)

    def add(
        self, expanded: Expanded, customer: IntArray, episode: IntArray,
        value: FloatArray | None = None,
    ) -> None:
        rows, cols = np.nonzero(expanded.happened)
        codes = expanded.template.codes()[cols]
        self.customer.append(customer[rows])
        self.time.append(expanded.times[rows, cols])
        self.code.append(codes)
        self.episode.append(episode[rows])
        values = np.full(len(rows), np.nan)
        if value is not None:
            values = np.where(np.isin(codes, VALUED_CODES), value[rows], np.nan)
        self.value.append(values)

    def columns(self) -> dict[str, npt.NDArray[np.generic]]:
        """All events sorted by customer, then time, then generation order (stable)."""
        cols: dict[str, npt.NDArray[np.generic]] = {
            "customer": np.concatenate(self.customer),
            "time": np.concatenate(self.time),
            "code": np.concatenate(self.code),
            "episode": np.concatenate(self.episode),
            "value": np.concatenate(self.value),
        }
        order = np.lexsort((cols["time"], cols["customer"]))
        return {name: column[order] for name, column in cols.items()}
