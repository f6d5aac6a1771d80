"""Seeded generator of canonical event files (DESIGN.md 4.1) for the benchmarks.

Customers walk a Markov chain over ~50 event types whose popularity is Zipf-like and whose
rows favour a few natural successors (the shop funnel, support loops, e-mail follow-ups),
so the transition graph and the path variants have the skew of real journeys rather than
uniform noise. Customer path lengths are heavy-tailed. Within a customer every event is at
least one second after the previous one, so all contenders agree on the order without a
tie-break (ties are the product's unit tests' business, not the benchmark's).

Everything is vectorised with numpy and pyarrow; the file is written sorted by timestamp
(as an export from a tracker would be), in row groups, so 20M events stay well under
3 GiB. Files are cached in ``bench/data/`` by size and seed.

    python bench/generate.py --sizes 1m,5m,20m --seed 7
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SEED = 7
MAX_CUSTOMERS = 200_000
#: Every timestamp falls in the 180 days from here (UTC).
START = np.datetime64("2026-01-01T00:00:00", "s")
SPAN_SECONDS = 180 * 86_400
ROW_GROUP = 1_000_000

#: (event, channel). The first rows are the shop funnel, in order.
EVENT_TYPES: tuple[tuple[str, str], ...] = (
    ("home_view", "web"), ("search", "web"), ("view_product", "web"),
    ("add_to_cart", "web"), ("begin_checkout", "web"), ("add_payment_info", "web"),
    ("purchase", "web"), ("order_confirmation_email", "email"), ("category_view", "web"),
    ("view_reviews", "web"), ("add_to_wishlist", "web"), ("remove_from_cart", "web"),
    ("view_cart", "web"), ("apply_coupon", "web"), ("login", "web"), ("sign_up", "web"),
    ("logout", "web"), ("app_open", "app"), ("app_push_open", "app"),
    ("app_view_product", "app"), ("app_add_to_cart", "app"), ("app_purchase", "app"),
    ("newsletter_sent", "email"), ("email_open", "email"), ("email_click", "email"),
    ("unsubscribe", "email"), ("ad_impression", "ad"), ("ad_click", "ad"),
    ("social_view", "social"), ("social_click", "social"), ("chat_start", "chat"),
    ("chat_message", "chat"), ("chat_end", "chat"), ("faq_view", "web"),
    ("support_ticket", "web"), ("call_center", "phone"), ("complaint", "phone"),
    ("return_request", "web"), ("refund", "other"), ("delivery_shipped", "email"),
    ("delivery_delivered", "mail"), ("store_visit", "store"), ("store_purchase", "store"),
    ("loyalty_join", "web"), ("loyalty_points", "app"), ("survey_sent", "email"),
    ("survey_answer", "web"), ("price_alert", "email"), ("compare_products", "web"),
    ("account_update", "web"),
)
#: Hand-made strong successions: (from, to, weight) on top of the random structure.
FLOWS: tuple[tuple[str, str, float], ...] = (
    ("home_view", "search", 3), ("search", "view_product", 4), ("category_view", "view_product", 4),
    ("view_product", "add_to_cart", 2), ("view_product", "view_reviews", 1),
    ("add_to_cart", "begin_checkout", 3), ("view_cart", "begin_checkout", 2),
    ("begin_checkout", "add_payment_info", 4), ("add_payment_info", "purchase", 4),
    ("purchase", "order_confirmation_email", 6),
    ("order_confirmation_email", "delivery_shipped", 4),
    ("delivery_shipped", "delivery_delivered", 5), ("delivery_delivered", "survey_sent", 2),
    ("survey_sent", "survey_answer", 1), ("app_open", "app_view_product", 3),
    ("app_view_product", "app_add_to_cart", 2), ("app_add_to_cart", "app_purchase", 2),
    ("newsletter_sent", "email_open", 3), ("email_open", "email_click", 2),
    ("email_click", "view_product", 3), ("ad_impression", "ad_click", 1),
    ("ad_click", "view_product", 3), ("social_view", "social_click", 1),
    ("chat_start", "chat_message", 4), ("chat_message", "chat_message", 2),
    ("chat_message", "chat_end", 3), ("faq_view", "support_ticket", 1),
    ("support_ticket", "call_center", 1), ("call_center", "complaint", 0.5),
    ("return_request", "refund", 2), ("store_visit", "store_purchase", 2),
)
#: The most popular events, most popular first (Zipf ranks); the others follow in table order.
POPULAR = ("view_product", "home_view", "search", "category_view", "ad_impression", "app_open",
           "email_open", "newsletter_sent", "view_cart", "app_view_product", "add_to_cart",
           "login", "faq_view", "view_reviews", "social_view", "ad_click", "email_click")
#: Where sessions start, and how likely each event is to end its session.
ENTRY = {"home_view": 4, "app_open": 3, "newsletter_sent": 3, "ad_impression": 3,
         "social_view": 1, "store_visit": 1, "search": 1, "email_open": 1}
ENDS_SESSION = {"purchase": 0.5, "app_purchase": 0.5, "order_confirmation_email": 0.8,
                "delivery_shipped": 0.9, "delivery_delivered": 0.7, "store_purchase": 0.8,
                "chat_end": 0.6, "logout": 0.9, "unsubscribe": 0.9, "refund": 0.8}
BASE_END = 0.12
SESSION_GAP_MEAN = 3 * 86_400
EVENTS_PER_CUSTOMER_SIGMA = 1.0
COLUMNS = ("customer_id", "timestamp", "event", "channel", "session_id", "value")


@dataclass(frozen=True)
class Journeys:
    """The numeric core of a data set: one entry per event, in output (timestamp) order."""

    customer: np.ndarray  # int32 customer index
    seconds: np.ndarray  # int64 seconds since START
    state: np.ndarray  # int8 event type index
    session: np.ndarray  # int32 session number within the customer
    value: np.ndarray  # float64 revenue, NaN where none
    customers: int


def parse_size(text: str) -> int:
    """``"2000"``, ``"100k"``, ``"1m"``, ``"1.5M"`` -> number of events."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", text)
    if not match:
        raise ValueError(f"not a size: {text!r} (expected e.g. 100k, 1m, 20m)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return int(round(float(match.group(1)) * factor))


def default_customers(events: int) -> int:
    """~200k customers, fewer for small files so each customer still has a journey."""
    return max(1, min(MAX_CUSTOMERS, events // 5))


def transition_matrix(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-stochastic successor matrix, session-entry distribution, per-event end chance."""
    names = [name for name, _ in EVENT_TYPES]
    index = {name: i for i, name in enumerate(names)}
    k = len(names)
    ranked = list(POPULAR) + [name for name in names if name not in POPULAR]
    popularity = np.empty(k)
    popularity[[index[name] for name in ranked]] = 1.0 / np.arange(1, k + 1) ** 1.1
    noise = rng.gamma(0.3, 1.0, size=(k, k))
    matrix = 0.15 * noise * popularity[None, :] / popularity.mean()
    for a, b, weight in FLOWS:
        matrix[index[a], index[b]] += weight
    matrix /= matrix.sum(axis=1, keepdims=True)
    entry = np.zeros(k)
    for name, weight in ENTRY.items():
        entry[index[name]] = weight
    entry = 0.9 * entry / entry.sum() + 0.1 * popularity / popularity.sum()
    ends = np.full(k, BASE_END)
    for name, chance in ENDS_SESSION.items():
        ends[index[name]] = chance
    return matrix, entry, ends


def path_lengths(rng: np.random.Generator, events: int, customers: int) -> np.ndarray:
    """Heavy-tailed events per customer, each >= 1, summing to exactly ``events``."""
    if events < customers:
        raise ValueError(f"{events} events cannot give {customers} customers one event each")
    weights = rng.lognormal(0.0, EVENTS_PER_CUSTOMER_SIGMA, size=customers)
    extra = rng.multinomial(events - customers, weights / weights.sum())
    return (1 + extra).astype(np.int64)


def walk(rng: np.random.Generator, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Event types and session breaks, customer-major (customer 0's events first, ...)."""
    matrix, entry, ends = transition_matrix(rng)
    cumulative = np.cumsum(matrix, axis=1).astype(np.float32)
    entry_cumulative = np.cumsum(entry)
    order = np.argsort(-lengths, kind="stable")  # longest first: the active set is a prefix
    sorted_lengths = lengths[order]
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    starts = offsets[:-1][order]
    states = np.empty(int(offsets[-1]), dtype=np.int8)
    breaks = np.zeros(int(offsets[-1]), dtype=bool)
    current = np.searchsorted(entry_cumulative, rng.random(len(order)), side="right")
    current = np.minimum(current, len(entry) - 1)
    states[starts] = current
    breaks[starts] = True
    active = len(order)
    for step in range(1, int(sorted_lengths[0]) if len(order) else 0):
        while active and sorted_lengths[active - 1] <= step:
            active -= 1
        previous = current[:active]
        ended = rng.random(active) < ends[previous]
        nxt = (cumulative[previous] < rng.random(active, dtype=np.float32)[:, None]).sum(axis=1)
        fresh = np.searchsorted(entry_cumulative, rng.random(active), side="right")
        current = np.where(ended, fresh, nxt).clip(0, len(entry) - 1)
        states[starts[:active] + step] = current
        breaks[starts[:active] + step] = ended
    return states, breaks


def timeline(rng: np.random.Generator, lengths: np.ndarray,
             breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Seconds since START and session numbers, customer-major; strictly increasing per customer."""
    customers = len(lengths)
    starts = np.zeros(customers + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    sessions = np.add.reduceat(breaks.astype(np.int64), starts[:-1])
    # between sessions: days apart, squeezed for very active customers so that their
    # journeys still fit the time span; within a session: think times of ~40 s (median)
    squeeze = np.minimum(1.0, 0.7 * SPAN_SECONDS / (sessions * SESSION_GAP_MEAN))
    session_gaps = rng.exponential(SESSION_GAP_MEAN, size=len(breaks))
    session_gaps = (session_gaps * np.repeat(squeeze, lengths)).astype(np.int64) + 1_800
    gaps = np.maximum(1, rng.lognormal(3.7, 1.0, size=len(breaks))).astype(np.int64)
    gaps = np.where(breaks, session_gaps, gaps)
    gaps[starts[:-1]] = 0
    elapsed = np.cumsum(gaps)
    elapsed -= np.repeat(elapsed[starts[:-1]], lengths)
    span = np.maximum(1, SPAN_SECONDS - elapsed[starts[1:] - 1])
    origin = (rng.random(customers) * span).astype(np.int64)
    seconds = np.repeat(origin, lengths) + elapsed
    counted = np.cumsum(breaks)
    session = counted - np.repeat(counted[starts[:-1]], lengths)
    return seconds, session.astype(np.int32)


def revenue(rng: np.random.Generator, states: np.ndarray) -> np.ndarray:
    """Order value on purchase events, NaN elsewhere."""
    names = [name for name, _ in EVENT_TYPES]
    paying = np.isin(states, [names.index(n) for n in ("purchase", "app_purchase",
                                                          "store_purchase")])
    value = np.full(len(states), np.nan)
    value[paying] = np.round(rng.lognormal(3.8, 0.8, size=int(paying.sum())), 2)
    return value


def journeys(events: int, customers: int | None = None, seed: int = DEFAULT_SEED) -> Journeys:
    """Generate the numeric columns of ``events`` events, sorted by timestamp."""
    customers = default_customers(events) if customers is None else customers
    rng = np.random.default_rng(seed)
    lengths = path_lengths(rng, events, customers)
    states, breaks = walk(rng, lengths)
    seconds, session = timeline(rng, lengths, breaks)
    value = revenue(rng, states)
    customer = np.repeat(np.arange(customers, dtype=np.int32), lengths)
    order = np.lexsort((customer, seconds))  # by time; ties between customers by customer
    return Journeys(customer=customer[order], seconds=seconds[order], state=states[order],
                    session=session[order], value=value[order], customers=customers)


def schema() -> pa.Schema:
    return pa.schema([
        ("customer_id", pa.string()), ("timestamp", pa.timestamp("us", tz="UTC")),
        ("event", pa.string()), ("channel", pa.string()), ("session_id", pa.string()),
        ("value", pa.float64()),
    ])


def batches(data: Journeys, rows: int = ROW_GROUP) -> Iterator[pa.RecordBatch]:
    """The canonical table in record batches; strings are decoded from dictionaries per batch."""
    width = len(str(max(data.customers - 1, 0)))
    customer_names = pa.array([f"c{i:0{width}d}" for i in range(data.customers)])
    event_names = pa.array([name for name, _ in EVENT_TYPES])
    channel_names = pa.array([channel for _, channel in EVENT_TYPES])
    for begin in range(0, len(data.customer), rows):
        part = slice(begin, begin + rows)
        customer = pa.DictionaryArray.from_arrays(pa.array(data.customer[part]), customer_names)
        state = pa.array(data.state[part])
        customer_id = customer.cast(pa.string())
        micros = (data.seconds[part] + START.astype(np.int64)) * 1_000_000
        session = pc.cast(pa.array(data.session[part]), pa.string())
        yield pa.record_batch([
            customer_id,
            pa.array(micros, type=pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            pa.DictionaryArray.from_arrays(state, event_names).cast(pa.string()),
            pa.DictionaryArray.from_arrays(state, channel_names).cast(pa.string()),
            pc.binary_join_element_wise(customer_id, session, "-"),
            pa.array(data.value[part], from_pandas=True),
        ], schema=schema())


def table(events: int, customers: int | None = None, seed: int = DEFAULT_SEED) -> pa.Table:
    """The whole data set in memory (for small sizes and tests)."""
    return pa.Table.from_batches(list(batches(journeys(events, customers, seed))), schema())


def dataset_path(size: str, seed: int, fmt: str, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"events-{size.lower()}-seed{seed}.{fmt}"


def write(data: Journeys, parquet: Path | None, csv: Path | None) -> None:
    """Write Parquet and/or CSV via temporary files, so a cached file is always whole."""
    targets = [(path, fmt) for path, fmt in ((parquet, "parquet"), (csv, "csv")) if path]
    temps = {fmt: path.with_name(path.name + ".tmp") for path, fmt in targets}
    writers: dict[str, pq.ParquetWriter | pacsv.CSVWriter] = {}
    try:
        if "parquet" in temps:
            writers["parquet"] = pq.ParquetWriter(temps["parquet"], schema(), compression="zstd")
        if "csv" in temps:
            writers["csv"] = pacsv.CSVWriter(temps["csv"], schema())
        for batch in batches(data):
            for writer in writers.values():
                writer.write_batch(batch)
    finally:
        for writer in writers.values():
            writer.close()
    for path, fmt in targets:
        os.replace(temps[fmt], path)


def ensure(size: str, seed: int = DEFAULT_SEED, csv: bool = False,
           data_dir: Path = DATA_DIR) -> dict[str, Path]:
    """Generate the data set unless cached; returns ``{"parquet": path[, "csv": path]}``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = {"parquet": dataset_path(size, seed, "parquet", data_dir)}
    if csv:
        paths["csv"] = dataset_path(size, seed, "csv", data_dir)
    missing = {fmt: path for fmt, path in paths.items() if not path.exists()}
    if missing:
        write(journeys(parse_size(size), seed=seed), missing.get("parquet"), missing.get("csv"))
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1m", help="comma-separated, e.g. 100k,1m,5m,20m")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--csv", action="store_true", help="also write CSV (always for 1m)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        paths = ensure(size, args.seed, args.csv or size.lower() == "1m", args.data_dir)
        print(" ".join(str(path) for path in paths.values()))


if __name__ == "__main__":
    main()
