"""Behavioural KPIs before and after a date, on hand-built logs where the change is known.

Expected intervals and p-values: Wilson from scipy.stats.binomtest(...).proportion_ci(
method="wilson"), Newcombe's hybrid score interval from those, the pooled z test's p from
scipy.stats.norm.sf, stated as literals (rates 0..1, rounded to 6 places).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from engine_support import events_table
from journeymap.analytics.effects_behaviour import (
    COLUMNS,
    BehaviourEffectResult,
    BehaviourEffectSpec,
    behaviour_effect,
)
from journeymap.analytics.intervals import Difference, Estimate
from journeymap.errors import SpecError
from journeymap.model import Channel, JourneyMap, MatchRule, Stage, Touchpoint

AT = date(2024, 3, 1)  # windows of 30 days: 2024-01-31..02-29 and 2024-03-01..03-30


def shop() -> JourneyMap:
    def tp(ident: str, stage: str, event: str) -> Touchpoint:
        return Touchpoint(id=ident, name=ident, stage=stage, channel=Channel.WEB,
                          rules=[MatchRule(pattern=event)])

    return JourneyMap(
        id="shop", name="Shop",
        stages=[Stage(id="browse", name="Browse"), Stage(id="buy", name="Buy"),
                Stage(id="done", name="Done")],
        touchpoints=[tp("tp-home", "browse", "home"), tp("tp-cart", "buy", "cart"),
                     tp("tp-pay", "buy", "pay"), tp("tp-order", "done", "order")])


def stamp(day: date, hour: int) -> str:
    return (datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)).isoformat(
        sep=" ")


def cohort(prefix: str, day: date, n: int, converted: int,
           steps: tuple[str, ...] = ("cart",)) -> list[tuple[Any, ...]]:
    """``n`` customers doing ``steps`` on ``day``; the first ``converted`` then order."""
    rows: list[tuple[Any, ...]] = []
    for i in range(n):
        rows += [(f"{prefix}{i}", stamp(day, 1 + k), step, "web") for k, step in
                 enumerate(steps)]
        if i < converted:
            rows.append((f"{prefix}{i}", stamp(day, 9), "order", "web"))
    return rows


def run(con: Any, rows: list[tuple[Any, ...]], **spec: Any) -> BehaviourEffectResult:
    return behaviour_effect(events_table(con, rows), shop(), BehaviourEffectSpec(at=AT, **spec))


def test_conversion_improvement(con: Any) -> None:
    rows = (cohort("b", date(2024, 2, 10), 20, 6) + cohort("a", date(2024, 3, 10), 20, 16)
            # outside both windows: not counted
            + cohort("old", date(2024, 1, 20), 5, 0) + cohort("late", date(2024, 3, 31), 5, 0)
            # ordered before the cart, in the window: not converted by that order
            + [("x", "2024-03-11 08:00:00", "order", "web"),
               ("x", "2024-03-11 10:00:00", "cart", "web")])
    result = run(con, rows, kpi="conversion", touchpoint="tp-cart")
    assert result.rows == ({
        "kpi": "conversion", "touchpoint": "tp-cart", "stage": None,
        "before_from": "2024-01-31", "after_to": "2024-03-30", "before_n": 20,
        "before_count": 6, "before_value": 0.3, "after_n": 21, "after_count": 16,
        "after_value": 0.761905, "difference": 0.461905, "ci_low": 0.156553,
        "ci_high": 0.665012, "p_value": 0.00303, "verdict": "improved"},)
    assert result.before == Estimate(0.3, 20, 0.145477, 0.518973)
    assert tuple(result.rows[0]) == COLUMNS


def test_conversion_without_change_by_stage(con: Any) -> None:
    rows = cohort("b", date(2024, 2, 10), 20, 10) + cohort("a", date(2024, 3, 10), 20, 10)
    result = run(con, rows, kpi="conversion", stage="buy")
    assert result.difference == Difference(0.0, -0.283835, 0.283835, 1.0)
    assert result.verdict == "no detectable change"


def test_conversion_by_named_events_and_everyone(con: Any) -> None:
    # every customer of a window counts when no target is named; "pay" converts
    rows = (cohort("b", date(2024, 2, 10), 10, 0, ("home", "pay"))[:4]
            + cohort("c", date(2024, 2, 10), 10, 0, ("home",))
            + cohort("a", date(2024, 3, 10), 10, 0, ("home", "pay")))
    result = run(con, rows, kpi="conversion", conversion_events=("pay",))
    assert (result.before, result.after) == (
        Estimate(0.166667, 12, 0.046965, 0.448031), Estimate(1.0, 10, 0.722467, 1.0))


def test_drop_off_worsening(con: Any) -> None:
    steps = ("cart", "pay")
    rows = cohort("b", date(2024, 2, 10), 20, 17, steps) + cohort("a", date(2024, 3, 10), 20,
                                                                   7, steps)
    result = run(con, rows, kpi="drop_off", touchpoint="tp-pay")
    row = result.rows[0]
    assert (row["before_count"], row["before_n"], row["after_count"], row["after_n"]) == (
        3, 20, 13, 20)
    assert result.difference == Difference(0.5, 0.197629, 0.695008, 0.001249)
    assert result.verdict == "worsened"  # lower is better for drop-off


def test_drop_off_improvement_when_told_higher_is_better(con: Any) -> None:
    steps = ("cart", "pay")
    rows = cohort("b", date(2024, 2, 10), 20, 17, steps) + cohort("a", date(2024, 3, 10), 20,
                                                                   7, steps)
    result = run(con, rows, kpi="drop_off", touchpoint="tp-pay", higher_is_better=True)
    assert result.verdict == "improved"


def test_churn_improvement(con: Any) -> None:
    # before: 20 customers active in the window before it (January), 12 never come back in
    # the before window; after: 20 active in the before window, 3 gone in the after window
    rows = (cohort("b", date(2024, 1, 10), 20, 0, ("home",))
            + [(f"b{i}", stamp(date(2024, 2, 20), 1), "home", "web") for i in range(12, 20)]
            + [(f"a{i}", stamp(date(2024, 2, 25), 1), "cart", "web") for i in range(20)]
            + [(f"a{i}", stamp(date(2024, 3, 20), 1), "home", "web") for i in range(3, 20)])
    result = run(con, rows, kpi="churn_rate")
    row = result.rows[0]
    # the before window's actives (b12..b19 and a0..a19) are the after side's cohort
    assert (row["before_count"], row["before_n"], row["after_count"], row["after_n"]) == (
        12, 20, 11, 28)
    # at tp-cart only: the a-customers
    at_cart = run(con, rows, kpi="churn_rate", touchpoint="tp-cart").rows[0]
    assert (at_cart["after_count"], at_cart["after_n"]) == (3, 20)
    assert at_cart["before_n"] == 0
    assert at_cart["verdict"] == "not enough data"


def test_churn_verdict_from_lower_rate(con: Any) -> None:
    rows = (cohort("b", date(2024, 1, 10), 20, 0, ("home",))
            + [(f"b{i}", stamp(date(2024, 2, 20), 1), "cart", "web") for i in range(12, 20)]
            + cohort("a", date(2024, 2, 12), 20, 0, ("home",))
            + [(f"a{i}", stamp(date(2024, 3, 20), 1), "home", "web") for i in range(3, 20)])
    result = run(con, rows, kpi="churn_rate", stage="browse")
    assert result.before.n == 20 and result.before.value == 0.6
    assert (result.after.value, result.after.n) == (0.15, 20)
    assert result.verdict == "improved"


def test_empty_windows(con: Any) -> None:
    result = run(con, cohort("late", date(2024, 5, 1), 3, 1), kpi="conversion")
    assert result.before == Estimate(None, 0) and result.after == Estimate(None, 0)
    assert result.verdict == "not enough data"


@pytest.mark.parametrize(("spec", "message"), [
    ({"kpi": "drop_off"}, "drop-off is measured at a touchpoint"),
    ({"kpi": "conversion", "window_days": 0}, "greater than or equal to 1"),
    ({"kpi": "revenue"}, "Input should be"),
])
def test_bad_specs(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError, match=message):
        BehaviourEffectSpec(at=AT, **spec)


def test_unknown_target(con: Any) -> None:
    with pytest.raises(SpecError, match="map 'shop' has no touchpoint 'tp-nope'"):
        run(con, [], kpi="conversion", touchpoint="tp-nope")
    with pytest.raises(SpecError, match="has no stage 'gone'"):
        run(con, [], kpi="churn_rate", stage="gone")


def test_conversion_is_moving_on_to_a_later_stage(con: Any) -> None:
    # from tp-home (browse) any later stage converts: the cart (buy) already counts
    rows = (cohort("b", date(2024, 2, 10), 10, 0, ("home",))
            + cohort("a", date(2024, 3, 10), 10, 0, ("home", "cart")))
    result = run(con, rows, kpi="conversion", touchpoint="tp-home")
    assert (result.before.value, result.after.value) == (0.0, 1.0)


def test_no_later_stage_to_convert_to(con: Any) -> None:
    with pytest.raises(SpecError, match="the target is in the map's last stage"):
        run(con, [], kpi="conversion", touchpoint="tp-order")
    assert run(con, [], kpi="conversion", stage="done",
               conversion_events=("order",)).verdict == "not enough data"
