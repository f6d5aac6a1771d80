"""``demo_truth.json``: the problems planted in the demo data, as planted and as realised.

Later analyses are checked against this file: each problem names its touchpoints and
events, the magnitude the generator aimed at, and the value measured in the written data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from journeymap.demo import journeys as j
from journeymap.demo.events import CODE, UNMAPPED_EVENTS
from journeymap.demo.population import FLAKY_SHARE, IntArray
from journeymap.demo.voice import CSAT_HOTLINE, CSAT_UPSET, CSAT_USUAL

CHECKOUT_STEPS = ("web_cart_view", "web_checkout_start", "web_checkout_delivery",
                  "web_checkout_payment", "web_order_placed")
LOOP_CYCLE = ("app_login", "app_login_failed", "app_password_reset")
Columns = dict[str, np.ndarray]


def _sessions_with(events: Columns, event: str) -> IntArray:
    return np.unique(events["episode"][events["code"] == CODE[event]])


def checkout_funnel(events: Columns) -> dict[str, Any]:
    """Web checkout sessions reaching each step, and the share lost after each step."""
    reached = [len(_sessions_with(events, step)) for step in CHECKOUT_STEPS]
    drops = {
        step: round(1 - after / before, 4) if before else 0.0
        for step, before, after in zip(CHECKOUT_STEPS, reached, reached[1:], strict=False)
    }
    return {"sessions": dict(zip(CHECKOUT_STEPS, reached, strict=True)), "drop_share": drops}


def loop_customers(events: Columns) -> int:
    """Customers who failed to log in at least LOOP_MIN times within one app session."""
    failed = events["code"] == CODE["app_login_failed"]
    episodes, counts = np.unique(events["episode"][failed], return_counts=True)
    looping = np.isin(events["episode"], episodes[counts >= j.LOOP_MIN]) & failed
    return int(len(np.unique(events["customer"][looping])))


def label_delay_days(events: Columns) -> float:
    """Median time from return request to return label, per return."""
    asked = events["code"] == CODE["return_requested"]
    sent = events["code"] == CODE["return_label_sent"]
    start = dict(zip(events["episode"][asked].tolist(), events["time"][asked].tolist(),
                     strict=True))
    gaps = [t - start[e] for e, t in zip(events["episode"][sent].tolist(),
                                         events["time"][sent].tolist(), strict=True)
            if e in start]
    return round(float(np.median(gaps)) / 86400, 2) if gaps else 0.0


def error_call_share(events: Columns, within: int = 86400) -> float:
    """Share of web payment errors followed by a hotline call within a day."""
    key = events["customer"] * 2**40 + events["time"]
    errors = key[events["code"] == CODE["web_payment_error"]]
    calls = key[events["code"] == CODE["phone_call_started"]]
    if len(errors) == 0 or len(calls) == 0:
        return 0.0
    nxt = np.minimum(np.searchsorted(calls, errors, side="right"), len(calls) - 1)
    gap = calls[nxt] - errors
    return round(float(np.mean((gap > 0) & (gap <= within))), 4)


def csat(scores: IntArray) -> float:
    return round(100 * float(np.mean(scores >= 4)), 1) if len(scores) else 0.0


def _csat_of(shares: tuple[float, ...]) -> float:
    return round(100 * sum(shares[3:]), 1)


def _drop_off(events: Columns) -> dict[str, Any]:
    return {
        "id": "checkout-delivery-drop-off", "kind": "drop_off", "touchpoint": "tp-web-checkout",
        "stage": "purchase", "channel": "web", "steps": list(CHECKOUT_STEPS),
        "step": "web_checkout_delivery",
        "planted": {"drop_share_at_step": j.PLANTED_DELIVERY_DROP,
                    "drop_share_other_steps": j.OTHER_CHECKOUT_DROP},
        "observed": checkout_funnel(events), "note": "counted per web session (session_id)",
    }


def _loop(events: Columns) -> dict[str, Any]:
    return {
        "id": "app-login-loop", "kind": "loop", "touchpoint": "tp-app-login",
        "stage": "purchase", "channel": "app", "cycle": list(LOOP_CYCLE),
        "planted": {"repeats": [j.LOOP_MIN, j.LOOP_MAX],
                    "share_of_app_first_customers": FLAKY_SHARE,
                    "chance_per_app_purchase": j.PLANTED_LOOP_CHANCE},
        "observed": {"customers": loop_customers(events)},
    }


def _handover(events: Columns) -> dict[str, Any]:
    return {
        "id": "slow-return-label", "kind": "slow_handover",
        "from": {"event": "return_requested", "channel": "web", "touchpoint": "tp-returns"},
        "to": {"event": "return_label_sent", "channel": "email",
               "touchpoint": "tp-return-label"},
        "planted": {"median_days": j.PLANTED_LABEL_DELAY_DAYS},
        "observed": {"median_days": label_delay_days(events)},
    }


def _low_csat(hotline: IntArray, elsewhere: IntArray) -> dict[str, Any]:
    return {
        "id": "hotline-low-csat", "kind": "low_satisfaction", "touchpoint": "tp-hotline",
        "channel": "phone", "metric": "csat",
        "planted": {"csat": _csat_of(CSAT_HOTLINE), "csat_elsewhere": _csat_of(CSAT_USUAL),
                    "csat_after_failed_payment_or_login": _csat_of(CSAT_UPSET)},
        "observed": {"csat": csat(hotline), "n": int(len(hotline)),
                     "csat_elsewhere": csat(elsewhere), "n_elsewhere": int(len(elsewhere))},
    }


def _channel_switch(events: Columns) -> dict[str, Any]:
    return {
        "id": "payment-error-to-phone", "kind": "channel_switch",
        "from": {"event": "web_payment_error", "channel": "web",
                 "touchpoint": "tp-web-checkout"},
        "to": {"event": "phone_call_started", "channel": "phone", "touchpoint": "tp-hotline"},
        "within_hours": 24,
        "planted": {"share": j.PLANTED_ERROR_CALL_CHANCE,
                    "median_hours": j.ERROR_CALL_DELAY_HOURS},
        "observed": {"share": error_call_share(events)},
    }


def truth_document(
    *, seed: int, customers: int, events: Columns, hotline: IntArray, elsewhere: IntArray,
    first_day: str, last_day: str,
) -> dict[str, Any]:
    """The whole ``demo_truth.json`` content."""
    return {
        "seed": seed, "customers": customers, "first_day": first_day, "last_day": last_day,
        "currency": "EUR", "unmapped_events": list(UNMAPPED_EVENTS),
        "problems": [_drop_off(events), _loop(events), _handover(events),
                     _low_csat(hotline, elsewhere), _channel_switch(events)],
        "not_planted": [
            {"pain_point": "pp-store-queues",
             "note": "a hypothesis on the starting map with nothing behind it in the data"},
        ],
    }
