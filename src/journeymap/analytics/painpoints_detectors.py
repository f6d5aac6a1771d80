"""The behavioural pain-point detectors: drop-off, loops, slow steps, channel switches and
error events. Each takes the labelled steps of :func:`painpoints.steps`, runs one Ibis query
and judges every group against the pooled baseline of the others (:func:`painpoints.judge`).
"""

from __future__ import annotations

import statistics
from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.events import TIME, customer_order
from journeymap.analytics.painpoints import (
    JOURNEY,
    Evidence,
    Finding,
    PainpointsSpec,
    judge,
    pooled_baseline,
    rate_evidence,
    stage_of,
)
from journeymap.analytics.phrases import phrase, word
from journeymap.analytics.touchpoints import TOUCHPOINT
from journeymap.engine.functions import MICROS, fetch_rows, summarise
from journeymap.model.journey import JourneyMap

HOUR = 3600.0


def _journey_window(table: ir.Table, descending: bool = False) -> Any:
    keys = [table[TIME], table.seq]
    return ibis.window(group_by=[table.customer_id, table[JOURNEY]],
                       order_by=[ibis.desc(k) for k in keys] if descending else keys)


# -- drop-off ------------------------------------------------------------------------------
def _arrivals(table: ir.Table) -> list[dict[str, Any]]:
    """Per touchpoint, journeys arriving there from another touchpoint, not converted yet:
    how many, how many convert later, how many end there (and their customers)."""
    order = _journey_window(table)
    placed = table.mutate(_jm_pos=ibis.row_number().over(order))
    last = ibis.row_number().over(_journey_window(placed, True))
    placed = placed.mutate(_jm_last=last)
    journeys = placed.group_by(["customer_id", JOURNEY]).aggregate(
        conv_pos=placed._jm_pos.min(where=placed.conversion),
        last_tp=placed[TOUCHPOINT].first(where=placed._jm_last == 0),
        entry_tp=placed[TOUCHPOINT].first(where=placed._jm_pos == 0))
    arrivals = placed.group_by(["customer_id", JOURNEY, TOUCHPOINT]).aggregate(
        first_pos=placed._jm_pos.min())
    joined = arrivals.join(journeys, ["customer_id", JOURNEY])
    # open at T: not converted on arrival or before (arriving at the conversion itself is
    # no chance to drop off, and would dilute the baseline)
    still_open = joined.conv_pos.isnull() | (joined.conv_pos > joined.first_pos)
    judged_on = joined.filter(still_open & (joined.entry_tp != joined[TOUCHPOINT]))
    ending = judged_on.conv_pos.isnull() & (judged_on.last_tp == judged_on[TOUCHPOINT])
    return fetch_rows(judged_on.group_by(TOUCHPOINT).aggregate(
        reached=judged_on.count(), converted=judged_on.conv_pos.notnull().ifelse(1, 0).sum(),
        ending=ending.ifelse(1, 0).sum(),
        customers=judged_on.customer_id.nunique(where=ending)))


def drop_off(table: ir.Table, spec: PainpointsSpec, jmap: JourneyMap | None) -> list[Finding]:
    """Journeys that reach a touchpoint after an earlier one (an entry there is a bounce,
    not a drop-off), not converted yet, and end there without converting; judged on the
    funnel's steps: touchpoints where at least ``min_onward_conversion`` of such journeys
    that go on convert. No conversion event in the data: nothing to judge."""
    rows = _arrivals(table)
    if not any(int(row["converted"]) for row in rows):
        return []
    funnel = {}
    for row in rows:
        reached, ending_n = int(row["reached"]), int(row["ending"])
        onward = reached - ending_n
        if onward and int(row["converted"]) / onward >= spec.min_onward_conversion:
            funnel[row[TOUCHPOINT]] = (ending_n, reached)
    found = []
    for row in rows:
        key = row[TOUCHPOINT]
        if key not in funnel:
            continue
        judged = judge(*funnel[key], pooled_baseline(funnel, key), spec)
        if judged is not None:
            found.append(Finding(
                "drop_off", key, stage_of(jmap, key), int(row["customers"]), judged.score,
                (rate_evidence("journeys ending here without conversion", judged,
                               "baseline: the other funnel steps"),),
                phrase(spec.language, "drop_off", touchpoint=key), judged.validated))
    return found


# -- loops ---------------------------------------------------------------------------------
def _first_loops(table: ir.Table) -> ir.Table:
    """Each journey's first loop: ``customer_id``, ``touchpoint`` (of its first event) and
    ``loop`` (``a > b > a`` or ``a > b > c > a``), consecutive repeats collapsed."""
    # a window in a filter does not compile on Spark: name it first
    marked = table.mutate(_jm_before=table.event.lag().over(_journey_window(table)))
    collapsed = marked.filter(marked._jm_before.isnull()
                              | (marked._jm_before != marked.event)).drop("_jm_before")
    window = _journey_window(collapsed)
    ahead = collapsed.mutate(e1=collapsed.event.lead(1).over(window),
                             e2=collapsed.event.lead(2).over(window),
                             e3=collapsed.event.lead(3).over(window))
    two = (ahead.e2 == ahead.event).fill_null(False)
    three = ((ahead.e3 == ahead.event) & (ahead.e2 != ahead.event)).fill_null(False)
    loop = two.ifelse(ahead.event.concat(" > ", ahead.e1, " > ", ahead.event),
                      ahead.event.concat(" > ", ahead.e1, " > ", ahead.e2, " > ", ahead.event))
    starts = ahead.filter(two | three).mutate(loop=loop)
    first = starts.mutate(_jm_n=ibis.row_number().over(_journey_window(starts)))
    return first.filter(first._jm_n == 0).select("customer_id", TOUCHPOINT, "loop")


def loops(table: ir.Table, spec: PainpointsSpec, jmap: JourneyMap | None) -> list[Finding]:
    """Journeys that go round a loop, against the other touchpoints' journeys; a journey
    counts once, at the touchpoint of its first loop (:func:`_first_loops`)."""
    first = _first_loops(table)
    looping = fetch_rows(first.group_by([TOUCHPOINT, "loop"]).aggregate(n=first.count()))
    customers = {row[TOUCHPOINT]: int(row["n"]) for row in fetch_rows(
        first.group_by(TOUCHPOINT).aggregate(n=first.customer_id.nunique()))}
    reach = table.select("customer_id", JOURNEY, TOUCHPOINT).distinct()
    reached = {row[TOUCHPOINT]: int(row["n"]) for row in fetch_rows(
        reach.group_by(TOUCHPOINT).aggregate(n=reach.count()))}
    journeys: dict[str, int] = {}
    top: dict[str, str] = {}  # the most common loop (then the first by name)
    for row in sorted(looping, key=lambda r: (-int(r["n"]), r["loop"])):
        journeys[row[TOUCHPOINT]] = journeys.get(row[TOUCHPOINT], 0) + int(row["n"])
        top.setdefault(row[TOUCHPOINT], row["loop"])
    groups = {tp: (journeys.get(tp, 0), n) for tp, n in reached.items()}
    found = []
    for key in journeys:
        judged = judge(*groups[key], pooled_baseline(groups, key), spec)
        if judged is not None:
            found.append(Finding(
                "loop", key, stage_of(jmap, key), customers[key], judged.score,
                (rate_evidence("journeys going round a loop", judged,
                               f"most often {top[key]}"),),
                phrase(spec.language, "loop", touchpoint=key), judged.validated))
    return found


# -- slow steps ----------------------------------------------------------------------------
Step = tuple[str, str]


def _step_pairs(table: ir.Table) -> ir.Table:
    """Consecutive events of a customer (two different event names), with the wait and
    both touchpoints."""
    order = customer_order(table)
    pairs = table.select("customer_id", from_ev=table.event, from_tp=table[TOUCHPOINT],
                         to_ev=table.event.lead().over(order),
                         to_tp=table[TOUCHPOINT].lead().over(order),
                         to_channel=table.channel.lead().over(order),
                         wait=(table[TIME].lead().over(order) - table[TIME]) / MICROS)
    return pairs.filter(pairs.to_ev.notnull() & (pairs.to_ev != pairs.from_ev))


def _process_steps(stats: list[dict[str, Any]], spec: PainpointsSpec) -> list[dict[str, Any]]:
    """Steps a > b between two touchpoints where b usually follows a and is usually reached
    from a (a consequence of a, not the customer's next errand), at a typical time (p90 /
    median at most ``max_wait_spread``; a memoryless return has 3.32), over the journey gap
    (within a journey the time between touchpoints is the customer's own pace)."""
    moves: dict[str, int] = {}
    arrivals: dict[str, int] = {}
    for row in stats:
        moves[row["from_ev"]] = moves.get(row["from_ev"], 0) + int(row["n"])
        arrivals[row["to_ev"]] = arrivals.get(row["to_ev"], 0) + int(row["n"])
    return [row for row in stats
            if row["from_tp"] != row["to_tp"] and int(row["n"]) >= spec.min_n
            and int(row["n"]) / moves[row["from_ev"]] >= spec.min_step_share
            and int(row["n"]) / arrivals[row["to_ev"]] >= spec.min_step_share
            and float(row["p90"]) <= spec.max_wait_spread * float(row["median"])
            and float(row["median"]) > spec.journey_gap_seconds]


def slow_steps(table: ir.Table, spec: PainpointsSpec,
               jmap: JourneyMap | None) -> list[Finding]:
    """Process steps into what the company sends (not into ``paced_channels``) whose waits
    are long: longer than twice the median of the other
    process steps' median waits, against the share of the other steps' waits that long.
    Reported at the touchpoint waited for (the strongest step of each)."""
    pairs = _step_pairs(table)
    paced = pairs.to_channel.isin(list(spec.paced_channels)).fill_null(False)
    pairs = pairs.filter(~paced)
    stats = fetch_rows(summarise(
        pairs, by=["from_ev", "to_ev", "from_tp", "to_tp"],
        metrics={"n": pairs.count(), "customers": pairs.customer_id.nunique()},
        quantiles={"median": ("wait", 0.5), "p90": ("wait", 0.9)}))
    regular = _process_steps(stats, spec)
    thresholds = _thresholds(regular)
    if not thresholds:
        return []
    counts, customers = _long_waits(pairs, thresholds)
    best: dict[str, Finding] = {}
    for row in regular:
        key = (row["from_ev"], row["to_ev"])
        per_step = counts.get(key, {})
        judged = judge(*per_step.get(key, (0, 0)), pooled_baseline(per_step, key), spec)
        if judged is None:
            continue
        threshold, baseline_median = thresholds[key]
        touchpoint = row["to_tp"]
        finding = Finding(
            "slow_step", touchpoint, stage_of(jmap, touchpoint), customers.get(key, 0),
            judged.score,
            (rate_evidence(f"waits from {key[0]} to {key[1]} longer than "
                           f"{threshold / HOUR:.3g} h", judged, "baseline: the other steps"),
             Evidence("median wait (hours)", round(float(row["median"]) / HOUR, 3),
                      round(baseline_median / HOUR, 3), int(row["n"]),
                      note=f"p90 {float(row['p90']) / HOUR:.3g} h")),
            phrase(spec.language, "slow_step", source=key[0], target=key[1]),
            judged.validated)
        if touchpoint not in best or finding.score > best[touchpoint].score:
            best[touchpoint] = finding
    return list(best.values())


def _thresholds(regular: list[dict[str, Any]]) -> dict[Step, tuple[float, float]]:
    """Per step: (2 x the median of the other steps' median waits, that median)."""
    out: dict[Step, tuple[float, float]] = {}
    for row in regular:
        others = [float(o["median"]) for o in regular if o is not row]
        if others:
            typical = statistics.median(others)
            out[(row["from_ev"], row["to_ev"])] = (max(2 * typical, 1.0), typical)
    return out


def _long_waits(pairs: ir.Table, thresholds: dict[Step, tuple[float, float]]
                ) -> tuple[dict[Step, dict[Step, tuple[int, int]]], dict[Step, int]]:
    """For each step's threshold: (long waits, waits) of every step with a threshold, and
    the customers with a long wait at the step itself; one query."""
    keys = list(thresholds)
    limits = ibis.memtable({"tf": [k[0] for k in keys], "tt": [k[1] for k in keys],
                            "limit": [thresholds[k][0] for k in keys]})
    chosen = ibis.memtable({"sf": [k[0] for k in keys], "st": [k[1] for k in keys]})
    regular = pairs.semi_join(chosen, [pairs.from_ev == chosen.sf, pairs.to_ev == chosen.st])
    crossed = regular.cross_join(limits)
    long_wait = crossed.wait > crossed["limit"]
    own = (crossed.from_ev == crossed.tf) & (crossed.to_ev == crossed.tt)
    rows = fetch_rows(crossed.group_by(["tf", "tt", "from_ev", "to_ev"]).aggregate(
        long=long_wait.ifelse(1, 0).sum(), n=crossed.count(),
        customers=crossed.customer_id.nunique(where=long_wait & own)))
    counts: dict[Step, dict[Step, tuple[int, int]]] = {}
    customers: dict[Step, int] = {}
    for row in rows:
        limit, step = (row["tf"], row["tt"]), (row["from_ev"], row["to_ev"])
        counts.setdefault(limit, {})[step] = (int(row["long"]), int(row["n"]))
        if limit == step:
            customers[step] = int(row["customers"])
    return counts, customers


# -- channel switches ----------------------------------------------------------------------
def channel_switches(table: ir.Table, spec: PainpointsSpec,
                     jmap: JourneyMap | None) -> list[Finding]:
    """Customers who, after an event in a self-service channel, contact an assisted channel
    within ``switch_window_seconds``; per event name against the other self-service events,
    reported at the event's touchpoint (the strongest event of each touchpoint)."""
    assisted = table.channel.isin(list(spec.assisted_channels)).fill_null(False)
    marked = table.mutate(_jm_help=assisted.ifelse(table[TIME], ibis.null().cast("int64")))
    # the canonical order backwards: the running minimum is the next assisted contact
    backwards = ibis.cumulative_window(group_by=marked.customer_id,
                                       order_by=[ibis.desc(marked[TIME]), ibis.desc(marked.seq)])
    ahead = marked.mutate(_jm_next=marked._jm_help.min().over(backwards))
    own = ahead.filter(ahead.channel.isin(list(spec.self_service_channels)).fill_null(False))
    window = int(spec.switch_window_seconds * MICROS)
    switched = (own._jm_next - own[TIME] <= window).fill_null(False)
    rows = fetch_rows(own.group_by([TOUCHPOINT, "event", "channel"]).aggregate(
        customers=own.customer_id.nunique(),
        switched=own.customer_id.nunique(where=switched)))
    groups = {(r[TOUCHPOINT], r["event"], r["channel"]): (int(r["switched"]), int(r["customers"]))
              for r in rows}
    best: dict[str, Finding] = {}
    hours = spec.switch_window_seconds / HOUR
    for key, (hits, n) in groups.items():
        judged = judge(hits, n, pooled_baseline(groups, key), spec)
        if judged is None:
            continue
        touchpoint, event, channel = key
        finding = Finding(
            "channel_switch", touchpoint, stage_of(jmap, touchpoint), hits, judged.score,
            (rate_evidence(f"customers contacting {'/'.join(spec.assisted_channels)} within "
                           f"{hours:g} h", judged,
                           f"after {event} ({channel}); baseline: other self-service events"),),
            phrase(spec.language, "channel_switch", channel=word(spec.language, channel),
                   assisted="/".join(word(spec.language, c) for c in spec.assisted_channels),
                   event=event), judged.validated)
        if touchpoint not in best or finding.score > best[touchpoint].score:
            best[touchpoint] = finding
    return list(best.values())


# -- error and complaint events ------------------------------------------------------------
def error_events(table: ir.Table, spec: PainpointsSpec,
                 jmap: JourneyMap | None) -> list[Finding]:
    """Customers with an error or complaint event (``error_events`` patterns). With a map:
    the share of a touchpoint's customers against the other touchpoints'; without one (each
    event its own touchpoint) the share of all customers against none."""
    errors = table.filter(table.error)
    rows = fetch_rows(errors.group_by(TOUCHPOINT).aggregate(
        customers=errors.customer_id.nunique(), events=errors.count()))
    if not rows:
        return []
    if jmap is None:
        total = int(fetch_rows(table.customer_id.nunique().name("n"))[0]["n"])
        reached = {row[TOUCHPOINT]: total for row in rows}
    else:
        reached = {row[TOUCHPOINT]: int(row["n"]) for row in fetch_rows(
            table.group_by(TOUCHPOINT).aggregate(n=table.customer_id.nunique()))}
    hits = {row[TOUCHPOINT]: int(row["customers"]) for row in rows}
    groups = {tp: (hits.get(tp, 0), n) for tp, n in reached.items()}
    found = []
    for row in rows:
        key = row[TOUCHPOINT]
        baseline = 0.0 if jmap is None else pooled_baseline(groups, key)
        judged = judge(*groups[key], baseline, spec)
        if judged is not None:
            found.append(Finding(
                "error_event", key, stage_of(jmap, key), hits[key], judged.score,
                (rate_evidence("customers with an error or complaint event", judged,
                               f"{int(row['events'])} events"),),
                phrase(spec.language, "error_event", touchpoint=key), judged.validated))
    return found
