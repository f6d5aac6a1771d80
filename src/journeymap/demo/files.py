"""Writing the demo company's data files: customers, events, transactions, surveys, places.

Every file is written under a temporary name and renamed only when all are complete, so a
failed or interrupted build never leaves a half-written set behind.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from journeymap.demo.behaviour import ORDER_CHANNELS, SURVEY_POINTS, Simulation, simulate
from journeymap.demo.clock import EPOCH0
from journeymap.demo.events import EVENT_KINDS, LOCATED_EVENTS, SESSION_CHANNELS
from journeymap.demo.places import CITIES, LOCATION_COLUMNS, demo_locations, location_rows
from journeymap.demo.population import (
    ARCHETYPES,
    GENDERS,
    LANGUAGES,
    LOYAL,
    IntArray,
    Population,
    make_population,
)
from journeymap.demo.truth import truth_document
from journeymap.demo.voice import open_answers, survey_scores
from journeymap.errors import InputError

DEMO_SEED = 20261124
Progress = Callable[[str, float], None]
SURVEY_COLUMNS = ("response_id", "customer_id", "timestamp", "touchpoint", "stage",
                  "location_id", "metric", "score", "comment", "language")
NAMES = {
    "customers": "customers.parquet", "events": "events.parquet",
    "transactions": "transactions.parquet", "survey_answers": "survey_answers.csv",
    "locations": "locations.csv", "truth": "demo_truth.json",
}


@dataclass(frozen=True)
class DemoSummary:
    """What ``write_demo_data`` wrote: counts, the date range of the events, the paths."""

    customers: int
    events: int
    transactions: int
    survey_answers: int
    locations: int
    first_day: date
    last_day: date
    data_dir: Path
    customers_path: Path
    events_path: Path
    transactions_path: Path
    survey_answers_path: Path
    locations_path: Path
    truth_path: Path


def _strings(labels: list[str], index: np.ndarray) -> Any:
    """A string column from integer codes into ``labels``; negative codes become null."""
    codes = pa.array(index.astype(np.int32), mask=index < 0)
    return pa.DictionaryArray.from_arrays(codes, pa.array(labels, pa.string())).cast(pa.string())


def _numbered(prefix: str, numbers: np.ndarray, width: int) -> Any:
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _timestamps(seconds: np.ndarray) -> Any:
    return pa.array(seconds * 1_000_000, pa.int64()).cast(pa.timestamp("us", tz="UTC"))


def _customer_ids(n: int) -> list[str]:
    return [f"C{i:06d}" for i in range(1, n + 1)]


def _events_table(sim: Simulation, n_customers: int) -> Any:
    ev = sim.events
    code = ev["code"]
    channel_of = np.array([k.channel for k in EVENT_KINDS])
    channels = sorted(set(channel_of))
    channel_code = np.array([channels.index(c) for c in channel_of])[code]
    in_session = np.isin(channel_of[code], SESSION_CHANNELS)
    located = np.isin(np.array([k.name for k in EVENT_KINDS])[code], LOCATED_EVENTS)
    location = np.where(located, sim.episode_location[ev["episode"]], -1)
    sources = sorted({k.source for k in EVENT_KINDS})
    source_code = np.array([sources.index(k.source) for k in EVENT_KINDS])[code]
    session = pc.if_else(pa.array(in_session), _numbered("S", ev["episode"] + 1, 8),
                         pa.scalar(None, pa.string()))
    return pa.table({
        "customer_id": _strings(_customer_ids(n_customers), ev["customer"]),
        "timestamp": _timestamps(ev["time"]),
        "event": _strings([k.name for k in EVENT_KINDS], code),
        "channel": _strings(channels, channel_code),
        "session_id": session,
        "location_id": _strings([loc.id for loc in demo_locations()], location),
        "source": _strings(sources, source_code),
        "event_id": _numbered("E", np.arange(1, len(code) + 1), 9),
        "value": pa.array(ev["value"], pa.float64(), from_pandas=True),
    })


def _loyalty_tiers(pop: Population, sim: Simulation) -> IntArray:
    """none / member / silver / gold: loyal customers by their orders in the window."""
    orders = np.bincount(sim.orders["customer"], minlength=pop.size)
    tier = np.where(orders >= 5, 3, np.where(orders >= 3, 2, 1))
    return np.where(pop.depth == LOYAL, tier, 0).astype(np.int64)


def _customers_table(pop: Population, sim: Simulation) -> Any:
    home = [c.shop for c in CITIES]
    return pa.table({
        "customer_id": pa.array(_customer_ids(pop.size), pa.string()),
        "signup_date": pa.array(EPOCH0 // 86400 + pop.signup_day, pa.int32()).cast(pa.date32()),
        "age": pa.array(pop.age, pa.int32()),
        "gender": _strings(list(GENDERS), pop.gender),
        "city": _strings([c.name for c in CITIES], pop.city),
        "country": _strings([c.country for c in CITIES], pop.city),
        "language": _strings(list(LANGUAGES), pop.language),
        "loyalty_tier": _strings(["none", "member", "silver", "gold"],
                                 _loyalty_tiers(pop, sim)),
        "preferred_channel": _strings(list(ARCHETYPES), pop.preferred),
        "home_location_id": _strings(home, pop.city),
        "marketing_opt_in": pa.array(pop.opt_in, pa.bool_()),
    })


def _transactions_table(sim: Simulation, n_customers: int) -> Any:
    orders = sim.orders
    order = np.lexsort((orders["time"], orders["customer"]))
    cols = {name: column[order] for name, column in orders.items()}
    return pa.table({
        "transaction_id": _numbered("T", np.arange(1, len(order) + 1), 8),
        "customer_id": _strings(_customer_ids(n_customers), cols["customer"]),
        "timestamp": _timestamps(cols["time"]),
        "value": pa.array(cols["value"], pa.float64()),
        "channel": _strings(list(ORDER_CHANNELS), cols["channel"]),
        "location_id": _strings([loc.id for loc in demo_locations()], cols["location"]),
        "items": pa.array(cols["items"], pa.int32()),
    })


def _survey_rows(
    rng: np.random.Generator, pop: Population, sim: Simulation
) -> tuple[list[list[str]], np.ndarray]:
    """The long-format answer rows (sorted by time), and each row's score."""
    sv = sim.surveys
    order = np.lexsort((sv["customer"], sv["time"]))
    customer, time, point = sv["customer"][order], sv["time"][order], sv["point"][order]
    location = sv["location"][order]
    scores = survey_scores(rng, point, sv["upset"][order])
    language = pop.language[customer]
    comments = open_answers(rng, point, scores, language)
    stamps = np.datetime_as_string(time.astype("datetime64[s]"), unit="s")
    loc_ids = [loc.id for loc in demo_locations()]
    rows = []
    for i in range(len(order)):
        survey = SURVEY_POINTS[int(point[i])]
        rows.append([
            f"R{i + 1:07d}", f"C{int(customer[i]) + 1:06d}", f"{stamps[i]}Z", survey.touchpoint,
            survey.stage, loc_ids[int(location[i])] if location[i] >= 0 else "",
            survey.metric, str(int(scores[i])), comments[i], LANGUAGES[int(language[i])],
        ])
    return rows, scores


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_parquet(path: Path, table: Any) -> None:
    pq.write_table(table, path, compression="zstd")


def _day(seconds: int) -> date:
    return date.fromordinal(date(1970, 1, 1).toordinal() + seconds // 86400)


def write_demo_data(
    data_dir: Path, *, seed: int = DEMO_SEED, customers: int = 20_000,
    progress: Progress | None = None,
) -> DemoSummary:
    """Generate the demo company's data into ``data_dir``; the same seed, the same bytes."""
    if customers < 10:
        raise InputError(f"the demo needs at least 10 customers, not {customers}")
    report = progress or (lambda step, fraction: None)
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = {key: data_dir / name for key, name in NAMES.items()}
    staged = {key: path.with_name(path.name + ".partial") for key, path in paths.items()}
    try:
        counts = _write_all(staged, seed=seed, customers=customers, report=report)
        for key, path in staged.items():
            os.replace(path, paths[key])
    finally:
        for path in staged.values():
            path.unlink(missing_ok=True)
    report("done", 1.0)
    return DemoSummary(
        customers=customers, events=counts["events"], transactions=counts["transactions"],
        survey_answers=counts["survey_answers"], locations=len(demo_locations()),
        first_day=_day(counts["first"]), last_day=_day(counts["last"]), data_dir=data_dir,
        customers_path=paths["customers"], events_path=paths["events"],
        transactions_path=paths["transactions"], survey_answers_path=paths["survey_answers"],
        locations_path=paths["locations"], truth_path=paths["truth"],
    )


def _write_all(
    paths: dict[str, Path], *, seed: int, customers: int, report: Progress
) -> dict[str, int]:
    root = np.random.SeedSequence(seed)
    behaviour_rng, voice_rng = (np.random.default_rng(s) for s in root.spawn(2))
    report("customers", 0.0)
    pop = make_population(behaviour_rng, customers)
    report("behaviour", 0.05)
    sim = simulate(behaviour_rng, pop)
    report("events", 0.35)
    _write_parquet(paths["events"], _events_table(sim, customers))
    report("customers", 0.7)
    _write_parquet(paths["customers"], _customers_table(pop, sim))
    _write_parquet(paths["transactions"], _transactions_table(sim, customers))
    report("survey answers", 0.8)
    rows, scores = _survey_rows(voice_rng, pop, sim)
    _write_csv(paths["survey_answers"], SURVEY_COLUMNS, rows)
    _write_csv(paths["locations"], LOCATION_COLUMNS,
               [list(row.values()) for row in location_rows()])
    report("truth", 0.95)
    times = sim.events["time"]
    first, last = int(times.min()), int(times.max())
    hotline = np.array([row[3] == "tp-hotline" for row in rows], dtype=bool)
    rated = np.array([row[6] == "csat" for row in rows], dtype=bool)
    truth = truth_document(
        seed=seed, customers=customers, events=sim.events, hotline=scores[hotline],
        elsewhere=scores[rated & ~hotline], first_day=str(_day(first)), last_day=str(_day(last)),
    )
    paths["truth"].write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    return {"events": len(times), "transactions": len(sim.orders["time"]),
            "survey_answers": len(rows), "first": first, "last": last}
