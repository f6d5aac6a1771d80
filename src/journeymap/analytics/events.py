"""The events an analysis sees, and the one order every analysis uses.

Order within a customer (DESIGN.md 4.1): by timestamp, then by ``seq`` (input order), so
results are deterministic, ties in timestamps included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import TypeAlias

import ibis
import ibis.expr.types as ir

from journeymap.analytics.spec import EventFilter
from journeymap.engine.backend import backend_kind
from journeymap.engine.functions import epoch_micros
from journeymap.errors import InputError

#: Columns every analysis needs from the canonical event table.
REQUIRED = ("customer_id", "timestamp", "event", "seq")
#: Microseconds since the epoch of each event, added by :func:`scoped_events`.
TIME = "t_us"

Customers: TypeAlias = ir.Table | Sequence[str] | None


def scoped_events(events: ir.Table, filters: EventFilter, customers: Customers = None) -> ir.Table:
    """``events`` narrowed by the filter and the customer subset, with ``t_us`` added."""
    needed = REQUIRED + (("channel",) if filters.channels else ())
    missing = [column for column in needed if column not in events.columns]
    if missing:
        raise InputError(f"the event table lacks required column(s): {', '.join(missing)}")
    scoped = events
    if filters.date_from is not None:
        scoped = scoped.filter(scoped.timestamp >= datetime.combine(filters.date_from, time()))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time())
        scoped = scoped.filter(scoped.timestamp < end)
    if filters.channels:
        scoped = scoped.filter(scoped.channel.lower().isin(list(filters.channels)))
    scoped = _only_customers(scoped, customers)
    return scoped.mutate(**{TIME: epoch_micros(scoped.timestamp, backend_kind(scoped))})


def _only_customers(events: ir.Table, customers: Customers) -> ir.Table:
    if customers is None:
        return events
    if isinstance(customers, ir.Table):
        if "customer_id" not in customers.columns:
            raise InputError("the customer subset has no customer_id column")
        return events.semi_join(customers.select("customer_id"), "customer_id")
    return events.filter(events.customer_id.isin([str(c) for c in customers]))


def customer_order(events: ir.Table) -> ibis.expr.builders.LegacyWindowBuilder:
    """The window of one customer's events in the canonical order."""
    return ibis.window(group_by=events.customer_id, order_by=[events[TIME], events.seq])
