"""Features per customer for persona clustering, computed in the engine (DuckDB or Spark).

One row per customer with any event in scope (the churn analysis's population):

- behaviour: ``events``, ``active_days`` (distinct days with an event), ``journey_days``
  (first to last event), ``recency_days`` (last event to the end of the analysis date D),
  ``churned`` (1 when the last event is older than the churn window at D, as in
  :mod:`churn`), ``channels_used`` (distinct channels), ``main_channel`` (the channel with
  most events; ties go to the first name), and with a journey map ``stage_reached`` (1-based
  map position of the furthest stage with a matched event; 0 when none matched);
- transactions: ``orders``, ``spend`` (sum of values) and ``basket`` (mean value; 0 without
  orders), from the transaction table, or from events that carry a ``value`` when there is
  none;
- demographics: the ``customers`` table's attributes (stored as text), numeric when every
  value reads as a number, else categorical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.churn import DEFAULT_WINDOW_SECONDS
from journeymap.analytics.events import TIME, scoped_events
from journeymap.analytics.spec import MAX_WINDOW_SECONDS, AnalysisDate, AnalysisSpec
from journeymap.engine.functions import MICROS, fetch_rows
from journeymap.errors import InputError
from journeymap.model.journey import JourneyMap

DAY_US = 86400 * MICROS
#: Numeric behaviour features, in output order (``stage_reached`` only with a map).
BEHAVIOUR = ("events", "active_days", "journey_days", "recency_days", "channels_used")
TRANSACTIONS = ("orders", "spend", "basket")
#: Categorical behaviour features.
CATEGORIES = ("main_channel",)
#: Columns of the customers table that are never attributes.
NOT_ATTRIBUTES = ("customer_id", "import_id")
NONE_LEVEL = "(none)"
#: Channel shares are features for at most this many channels (those with most events).
MAX_CHANNELS = 10
SHARE_PREFIX = "share_"


class FeatureSpec(AnalysisSpec):
    """What the features see: the event filter, the analysis date, and the attributes."""

    analysis: ClassVar[str] = "personas"

    #: D of recency and churn; None: the date of the latest event in scope.
    as_of: AnalysisDate | None = None
    churn_window_seconds: Annotated[float, Field(gt=0, le=MAX_WINDOW_SECONDS)] = (
        DEFAULT_WINDOW_SECONDS)
    #: Customer attributes to use; None: every attribute that fits (see ``max_levels``).
    attributes: tuple[str, ...] | None = None
    #: A text attribute with more distinct values than this is left out (ids, dates, cities).
    max_levels: Annotated[int, Field(ge=2, le=100)] = 8


@dataclass(frozen=True)
class Features:
    """The feature rows (plain dicts, ordered by customer_id) and what each column is."""

    rows: tuple[dict[str, Any], ...]
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    as_of: date | None
    _columns: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def customers(self) -> tuple[str, ...]:
        return tuple(str(row["customer_id"]) for row in self.rows)

    def column(self, name: str) -> Any:
        """One column as a numpy array (float with NaN for none; text for categorical)."""
        import numpy as np

        if name not in self._columns:
            if name in self.categorical:
                found = np.array([str(row.get(name)) for row in self.rows], dtype=object)
            else:
                found = np.array([np.nan if row.get(name) is None else float(row[name])
                                  for row in self.rows], dtype=np.float64)
            self._columns[name] = found
        return self._columns[name]


def _latest_date(scoped: ir.Table) -> date | None:
    latest: Any = next(iter(fetch_rows(scoped.timestamp.max())[0].values()))
    return None if latest is None else latest.date()


def share_name(channel: str) -> str:
    return f"{SHARE_PREFIX}{channel}"


def top_channels(scoped: ir.Table, limit: int = MAX_CHANNELS) -> tuple[str, ...]:
    """The channels with most events (lower-cased; ties by name), at most ``limit``."""
    if "channel" not in scoped.columns:
        return ()
    named = scoped.mutate(_jm_channel=scoped.channel.cast("string").lower())
    named = named.filter(named._jm_channel.notnull() & (named._jm_channel != ""))
    counted = named.group_by("_jm_channel").aggregate(n=named.count())
    top = counted.order_by([ibis.desc("n"), "_jm_channel"]).limit(limit)
    return tuple(str(row["_jm_channel"]) for row in fetch_rows(top))


def behaviour_expr(scoped: ir.Table, as_of: date, window_seconds: float,
                   channels: tuple[str, ...] = ()) -> ir.Table:
    """Behaviour features per customer from the scoped events (``t_us`` added), with the
    share of the customer's events in each of ``channels``."""
    end = datetime.combine(as_of + timedelta(days=1), time())
    cutoff = end - timedelta(seconds=window_seconds)
    known = scoped.filter(scoped.timestamp < end)
    end_us = int((end - datetime(1970, 1, 1)).total_seconds()) * MICROS
    channel = known.channel.cast("string").lower() if "channel" in known.columns \
        else ibis.null("string")
    known = known.mutate(_jm_channel=channel)
    per_customer = known.group_by("customer_id").aggregate(
        events=known.count(),
        active_days=known.timestamp.date().nunique(),
        _jm_first=known[TIME].min(), _jm_last=known[TIME].max(),
        _jm_last_ts=known.timestamp.max(),
        channels_used=known._jm_channel.nunique(),
        **{share_name(c): (known._jm_channel == c).ifelse(1, 0).sum() for c in channels},
    )
    per_customer = per_customer.mutate(
        journey_days=(per_customer._jm_last - per_customer._jm_first) / DAY_US,
        recency_days=(ibis.literal(end_us) - per_customer._jm_last) / DAY_US,
        churned=(per_customer._jm_last_ts < cutoff).ifelse(1, 0),
        **{share_name(c): per_customer[share_name(c)] / per_customer.events for c in channels},
    ).drop("_jm_first", "_jm_last", "_jm_last_ts")
    return per_customer.left_join(_main_channel(known), "customer_id").select(
        *per_customer.columns, main_channel=ibis._.main_channel.fill_null(NONE_LEVEL))


def _main_channel(known: ir.Table) -> ir.Table:
    """The channel with most events per customer (ties: the first name)."""
    named = known.filter(known._jm_channel.notnull())
    counts = named.group_by(["customer_id", "_jm_channel"]).aggregate(n=named.count())
    order = ibis.window(group_by=counts.customer_id,
                        order_by=[ibis.desc(counts.n), counts._jm_channel])
    ranked = counts.mutate(_jm_rank=ibis.row_number().over(order))
    top = ranked.filter(ranked._jm_rank == 0)
    return top.select("customer_id", main_channel=top._jm_channel)


def transaction_expr(events: ir.Table, transactions: ir.Table | None) -> ir.Table:
    """``orders, spend, basket`` per customer with any order."""
    if transactions is None:
        if "value" not in events.columns:
            return events.select("customer_id").filter(ibis.literal(False)).mutate(
                orders=ibis.literal(0), spend=ibis.literal(0.0), basket=ibis.literal(0.0))
        transactions = events.filter(events.value.notnull())
    for column in ("customer_id", "value"):
        if column not in transactions.columns:
            raise InputError(f"the transactions lack the column {column!r}",
                             hint="transactions need customer_id and value")
    paid = transactions.mutate(_jm_value=transactions.value.cast("float64"))
    return paid.group_by("customer_id").aggregate(
        orders=paid.count(), spend=paid._jm_value.sum(), basket=paid._jm_value.mean())


def stage_steps(scoped: ir.Table, jmap: JourneyMap) -> ir.Table:
    """``scoped`` plus ``_jm_stage`` (stage id) and ``_jm_stage_index`` (map position) of
    each event's touchpoint; null when no rule matches.

    Rules read only the event name and the channel, so the distinct (event, channel) pairs
    are labelled once by the map (``JourneyMap.touchpoint_for``, the rules' reference
    semantics) and the events get their stage by plain equality: no regex runs per event.
    """
    has_channel = "channel" in scoped.columns
    keys = ["event", "channel"] if has_channel else ["event"]
    pairs = fetch_rows(scoped.select(*keys).distinct())
    positions = {stage.id: index for index, stage in enumerate(jmap.stages)}
    cases: list[tuple[ir.BooleanValue, str, int]] = []
    for pair in sorted(pairs, key=lambda p: (str(p["event"]), str(p.get("channel")))):
        channel = pair.get("channel")
        found = jmap.touchpoint_for(str(pair["event"]), None if channel is None else str(channel))
        if found is None or found.stage not in positions:
            continue
        condition = scoped.event == pair["event"]
        if has_channel:
            condition &= (scoped.channel.isnull() if channel is None
                          else scoped.channel == channel)
        cases.append((condition, found.stage, positions[found.stage]))
    if not cases:
        return scoped.mutate(_jm_stage=ibis.null("string"), _jm_stage_index=ibis.null("int64"))
    return scoped.mutate(
        _jm_stage=ibis.cases(*((c, stage) for c, stage, _ in cases)),
        _jm_stage_index=ibis.cases(*((c, index) for c, _, index in cases)).cast("int64"))


def stage_expr(scoped: ir.Table, jmap: JourneyMap) -> ir.Table:
    """``stage_reached`` per customer with a matched event: 1-based map position."""
    steps = stage_steps(scoped, jmap)
    steps = steps.filter(steps._jm_stage_index.notnull())
    return steps.group_by("customer_id").aggregate(
        stage_reached=(steps._jm_stage_index.max() + 1).cast("int64"))


def attribute_kinds(customers: ir.Table, spec: FeatureSpec) -> tuple[list[str], list[str]]:
    """(numeric, categorical) attribute names of the customers table, in column order."""
    names = [c for c in customers.columns if c not in NOT_ATTRIBUTES]
    if spec.attributes is not None:
        unknown = [a for a in spec.attributes if a not in names]
        if unknown:
            raise InputError(f"attributes: the customers have no attribute {unknown[0]!r}",
                             hint="known attributes: " + (", ".join(names) or "none"))
        names = list(spec.attributes)
    if not names:
        return [], []
    text = {name: customers[name].cast("string") for name in names}
    metrics: dict[str, ir.Scalar] = {}
    for index, name in enumerate(names):
        metrics[f"v{index}"] = text[name].count()
        metrics[f"n{index}"] = text[name].try_cast("float64").count()
        metrics[f"d{index}"] = text[name].nunique()
    stats = fetch_rows(customers.aggregate(**metrics))[0]
    numeric, categorical = [], []
    for index, name in enumerate(names):
        values, numbers, levels = (int(stats[f"{k}{index}"] or 0) for k in "vnd")
        if values and numbers == values and levels > 2:
            numeric.append(name)
        elif levels <= spec.max_levels or spec.attributes is not None:
            categorical.append(name)
    return numeric, categorical


def features_expr(events: ir.Table, spec: FeatureSpec, as_of: date, *,
                  customers: ir.Table | None = None, transactions: ir.Table | None = None,
                  journey_map: JourneyMap | None = None,
                  attributes: tuple[list[str], list[str]] = ([], []),
                  channels: tuple[str, ...] = ()) -> ir.Table:
    """The feature table: one row per customer with an event up to the end of ``as_of``."""
    scoped = scoped_events(events, spec.filters)
    table = behaviour_expr(scoped, as_of, spec.churn_window_seconds, channels)
    bought = transaction_expr(events, transactions)
    table = table.left_join(bought, "customer_id").select(
        *table.columns, orders=ibis._.orders.fill_null(0),
        spend=ibis._.spend.fill_null(0.0), basket=ibis._.basket)
    if journey_map is not None and journey_map.stages:
        stages = stage_expr(scoped, journey_map)
        table = table.left_join(stages, "customer_id").select(
            *table.columns, stage_reached=ibis._.stage_reached.fill_null(0))
    numeric, categorical = attributes
    if customers is not None and (numeric or categorical):
        values = {name: customers[name].cast("string").try_cast("float64") for name in numeric}
        values |= {name: customers[name].cast("string") for name in categorical}
        chosen = customers.select(_jm_customer=customers.customer_id.cast("string"), **values)
        joined = table.left_join(chosen, table.customer_id == chosen._jm_customer)
        table = joined.select(*table.columns, *numeric, **{
            name: joined[name].fill_null(NONE_LEVEL) for name in categorical})
    return table.order_by("customer_id")


def customer_features(events: ir.Table, spec: FeatureSpec | None = None, *,
                      customers: ir.Table | None = None, transactions: ir.Table | None = None,
                      journey_map: JourneyMap | None = None) -> Features:
    """Run the feature query; no events in scope gives no rows."""
    spec = spec or FeatureSpec()
    as_of = spec.as_of or _latest_date(scoped_events(events, spec.filters))
    if as_of is None:
        return Features((), (), (), None)
    kinds = attribute_kinds(customers, spec) if customers is not None else ([], [])
    channels = top_channels(scoped_events(events, spec.filters))
    table = features_expr(events, spec, as_of, customers=customers, transactions=transactions,
                          journey_map=journey_map, attributes=kinds, channels=channels)
    rows = tuple(_clean(row) for row in fetch_rows(table))
    numeric = [*BEHAVIOUR, *(share_name(c) for c in channels), *TRANSACTIONS]
    if journey_map is not None and journey_map.stages:
        numeric.append("stage_reached")
    return Features(rows, (*numeric, *kinds[0]), (*CATEGORIES, *kinds[1]), as_of)


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """Engine numbers as plain ints/floats rounded to 6 places, so backends agree."""
    cleaned: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, float):
            value = round(value, 6)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = int(value)
        cleaned[key] = value
    return cleaned
