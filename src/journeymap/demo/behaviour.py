"""Customers living through their episodes: events, orders and who answers which survey.

Scheduled episodes are expanded template by template; what happens in them (an order, a
payment error, a login loop given up) starts follow-ups: deliveries, returns, hotline calls,
reviews and survey answers. Everything is whole numpy arrays, no per-event Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from journeymap.demo import journeys as j
from journeymap.demo.clock import END, EPOCH0
from journeymap.demo.places import CITIES, demo_locations
from journeymap.demo.population import LOYAL, PURCHASED, BoolArray, IntArray, Population
from journeymap.demo.schedule import Schedule, make_schedule
from journeymap.demo.templates import (
    DAY,
    HOUR,
    EventLog,
    Expanded,
    FloatArray,
    Template,
    expand,
)

ORDER_CHANNELS = ("web", "app", "store")


@dataclass(frozen=True)
class SurveyPoint:
    key: str
    touchpoint: str
    stage: str
    metric: str


#: Where customers are asked, the touchpoint and stage the answer is about, and the scale.
SURVEY_POINTS: tuple[SurveyPoint, ...] = (
    SurveyPoint("hotline", "tp-hotline", "service", "csat"),
    SurveyPoint("web_checkout", "tp-web-checkout", "purchase", "csat"),
    SurveyPoint("app_checkout", "tp-app-checkout", "purchase", "csat"),
    SurveyPoint("store", "tp-store-till", "purchase", "csat"),
    SurveyPoint("delivery", "tp-delivery", "service", "csat"),
    SurveyPoint("chat", "tp-support-chat", "service", "csat"),
    SurveyPoint("service_point", "tp-service-point", "service", "csat"),
    SurveyPoint("returns", "tp-returns", "service", "ces"),
    SurveyPoint("relationship", "", "loyalty", "nps"),
)
POINT = {point.key: index for index, point in enumerate(SURVEY_POINTS)}
#: chance of being asked (and answering) after each kind of contact
SURVEY_CHANCE = {
    "hotline": 0.3, "web_checkout": 0.12, "app_checkout": 0.12, "store": 0.1,
    "delivery": 0.1, "chat": 0.3, "service_point": 0.2, "returns": 0.35,
}
RETURN_CHANCE, REVIEW_CHANCE, NPS_CHANCE, LOOP_CALL_CHANCE = 0.12, 0.10, 0.35, 0.4
BASKET = {"web": 220.0, "app": 150.0, "store": 170.0}


@dataclass(frozen=True)
class Simulation:
    events: dict[str, np.ndarray]
    episode_location: IntArray
    orders: dict[str, np.ndarray]
    surveys: dict[str, np.ndarray]
    troubled: BoolArray


@dataclass
class _Run:
    rng: np.random.Generator
    pop: Population
    log: EventLog = field(default_factory=EventLog)
    locations: list[IntArray] = field(default_factory=list)
    orders: list[tuple[IntArray, IntArray, FloatArray, IntArray, IntArray]] = field(
        default_factory=list)
    surveys: list[tuple[IntArray, IntArray, IntArray, IntArray, BoolArray]] = field(
        default_factory=list)
    episodes: int = 0

    def __post_init__(self) -> None:
        ids = [loc.id for loc in demo_locations()]
        self.shop = np.array([ids.index(c.shop) for c in CITIES])[self.pop.city]
        self.service = np.array([ids.index(c.service) for c in CITIES])[self.pop.city]
        self.troubled = np.zeros(self.pop.size, dtype=bool)

    def play(
        self, template: Template, customer: IntArray, start: IntArray, *,
        location: IntArray | None = None, value: FloatArray | None = None,
    ) -> Expanded:
        expanded = expand(template, start, self.rng)
        ids = np.arange(self.episodes, self.episodes + len(customer), dtype=np.int64)
        self.episodes += len(customer)
        self.locations.append(np.full(len(customer), -1) if location is None else location)
        self.log.add(expanded, customer, ids, value)
        return expanded

    def follow(
        self, expanded: Expanded, event: str, chance: float, occurrence: int = 0
    ) -> tuple[BoolArray, IntArray]:
        """Which episodes go on from ``event`` (with ``chance``), and when it happened."""
        step = expanded.template.index(event, occurrence)
        mask = expanded.happened[:, step] & (self.rng.random(len(expanded.times)) < chance)
        return mask, expanded.times[mask, step]

    def ask(
        self, key: str, customer: IntArray, after: IntArray, *, chance: float | None = None,
        location: IntArray | None = None, upset: BoolArray | None = None,
    ) -> None:
        """Some of these customers answer a survey about ``key`` a while after ``after``."""
        share = SURVEY_CHANCE[key] if chance is None else chance
        asked = self.rng.random(len(customer)) < share
        n = int(asked.sum())
        when = after[asked] + (HOUR * (1 + 6 * self.rng.random(n))).astype(np.int64)
        where = np.full(n, -1) if location is None else location[asked]
        mood = np.zeros(n, dtype=bool) if upset is None else upset[asked]
        self.surveys.append((customer[asked], when, np.full(n, POINT[key]), where, mood))

    def order(
        self, expanded: Expanded, event: str, customer: IntArray, value: FloatArray,
        channel: str, location: IntArray | None = None,
    ) -> tuple[BoolArray, IntArray]:
        placed, when = self.follow(expanded, event, 1.0)
        where = np.full(int(placed.sum()), -1) if location is None else location[placed]
        code = np.full(len(when), ORDER_CHANNELS.index(channel))
        self.orders.append((customer[placed], when, value[placed], code, where))
        return placed, when


def _basket(rng: np.random.Generator, n: int, channel: str) -> FloatArray:
    value: FloatArray = np.round(np.exp(np.log(BASKET[channel]) + 0.75 * rng.standard_normal(n)), 2)
    return value


def _web_buy(run: _Run, customer: IntArray, start: IntArray) -> None:
    value = _basket(run.rng, len(customer), "web")
    expanded = run.play(j.WEB_BUY, customer, start, value=value)
    placed, when = run.order(expanded, "web_order_placed", customer, value, "web")
    _deliver(run, customer[placed], when, value[placed])
    run.ask("web_checkout", customer[placed], when)
    calls, at = run.follow(expanded, "web_payment_error", j.PLANTED_ERROR_CALL_CHANCE)
    run.troubled[customer[calls]] = True
    _call(run, j.ERROR_CALL, customer[calls], at, upset=True)


def _app_buy(run: _Run, customer: IntArray, start: IntArray, template: Template) -> None:
    value = _basket(run.rng, len(customer), "app")
    expanded = run.play(template, customer, start, value=value)
    placed, when = run.order(expanded, "app_order_placed", customer, value, "app")
    _deliver(run, customer[placed], when, value[placed])
    run.ask("app_checkout", customer[placed], when)
    if template is j.APP_BUY_LOOPING:
        run.troubled[customer] = True
        logged_in = expanded.happened[:, template.index("app_login", j.LOOP_MAX)]
        gave_up = ~logged_in & (run.rng.random(len(customer)) < LOOP_CALL_CHANCE)
        last_reset = expanded.times.max(axis=1, where=expanded.happened, initial=0)
        _call(run, j.ERROR_CALL, customer[gave_up], last_reset[gave_up], upset=True)


def _store_buy(run: _Run, customer: IntArray, start: IntArray) -> None:
    value = _basket(run.rng, len(customer), "store")
    where = run.shop[customer]
    expanded = run.play(j.STORE_BUY, customer, start, location=where, value=value)
    placed, when = run.order(expanded, "store_purchase", customer, value, "store", where)
    run.ask("store", customer[placed], when, location=where[placed])


def _call(
    run: _Run, template: Template, customer: IntArray, start: IntArray, *, upset: bool
) -> None:
    expanded = run.play(template, customer, start)
    ended, when = run.follow(expanded, "phone_call_ended", 1.0)
    run.ask("hotline", customer[ended], when, upset=np.full(len(when), upset))


def _deliver(run: _Run, customer: IntArray, ordered: IntArray, value: FloatArray) -> None:
    expanded = run.play(j.DELIVERY, customer, ordered)
    arrived = expanded.happened[:, 1]
    when = expanded.times[:, 1]
    run.ask("delivery", customer[arrived], when[arrived] + int(DAY))
    back = arrived & (run.rng.random(len(customer)) < RETURN_CHANCE)
    where = run.service[customer[back]]
    returned = run.play(j.RETURN, customer[back], when[back], location=where,
                        value=-value[back])
    run.ask("returns", customer[back], returned.times[:, -1])
    review = arrived & (run.rng.random(len(customer)) < REVIEW_CHANCE)
    run.play(j.REVIEW, customer[review], when[review])


def _play_episodes(run: _Run, schedule: Schedule) -> None:
    for kind, template in enumerate(j.EPISODES):
        chosen = schedule.kind == kind
        customer, start = schedule.customer[chosen], schedule.start[chosen]
        if template is j.WEB_BUY:
            _web_buy(run, customer, start)
        elif template is j.APP_BUY:
            looping = run.pop.flaky[customer] & (
                run.rng.random(len(customer)) < j.PLANTED_LOOP_CHANCE)
            _app_buy(run, customer[~looping], start[~looping], j.APP_BUY)
            _app_buy(run, customer[looping], start[looping], j.APP_BUY_LOOPING)
        elif template is j.STORE_BUY:
            _store_buy(run, customer, start)
        elif template is j.PHONE:
            _call(run, j.PHONE, customer, start, upset=False)
        else:
            _play_plain(run, template, customer, start)


def _play_plain(run: _Run, template: Template, customer: IntArray, start: IntArray) -> None:
    where = None
    if template is j.STORE_VISIT:
        where = run.shop[customer]
    elif template is j.SERVICE_VISIT:
        where = run.service[customer]
    expanded = run.play(template, customer, start, location=where)
    last = expanded.times.max(axis=1, where=expanded.happened, initial=0)
    if template is j.SUPPORT_CHAT:
        run.ask("chat", customer, last)
    elif template is j.SERVICE_VISIT and where is not None:
        run.ask("service_point", customer, last, location=where)


def _loyalty(run: _Run, schedule: Schedule) -> None:
    """Loyal customers join at their first order; some purchasers rate us (NPS)."""
    customer, ordered = (np.concatenate(part) for part in list(zip(*run.orders, strict=True))[:2])
    order = np.lexsort((ordered, customer))
    first = order[np.r_[True, customer[order][1:] != customer[order][:-1]][: len(order)]]
    joins = first[run.pop.depth[customer[first]] == LOYAL]
    run.play(j.LOYALTY_SIGNUP, customer[joins], ordered[joins])
    depth = run.pop.depth[schedule.customer]
    first_buy = (schedule.rank == 2) & (depth >= PURCHASED)
    customer, bought = schedule.customer[first_buy], schedule.start[first_buy]
    active_until = EPOCH0 + (run.pop.last_day[customer] + 1) * int(DAY)
    room = np.maximum(active_until - bought - 2 * DAY, 0)
    when = bought + DAY + run.rng.random(len(customer)) * room
    run.ask("relationship", customer, when.astype(np.int64), chance=NPS_CHANCE,
            upset=run.troubled[customer])


def simulate(rng: np.random.Generator, pop: Population) -> Simulation:
    """Everything the demo customers do in the window, sorted by customer then time."""
    run = _Run(rng, pop)
    schedule = make_schedule(rng, pop)
    _play_episodes(run, schedule)
    _loyalty(run, schedule)
    parts = list(zip(*run.surveys, strict=True))
    surveys = {
        name: np.concatenate(part)
        for name, part in zip(("customer", "time", "point", "location", "upset"), parts,
                              strict=True)
    }
    answered = run.play(j.SURVEY, surveys["customer"], surveys["time"])
    surveys["time"] = answered.times[:, 0]
    events = _before_end(run.log.columns())
    names = ("customer", "time", "value", "channel", "location")
    orders = {
        name: np.concatenate(part)
        for name, part in zip(names, zip(*run.orders, strict=True), strict=True)
    }
    orders["items"] = 1 + rng.poisson(0.7, len(orders["customer"]))
    return Simulation(
        events=events, episode_location=np.concatenate(run.locations),
        orders=_before_end(orders), surveys=_before_end(surveys), troubled=run.troubled,
    )


def _before_end(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    keep = columns["time"] < END
    return {name: column[keep] for name, column in columns.items()}
