"""The demo company: its starting document, and data in which the planted problems show.

Expectations are recomputed here in plain Python from the written files, never taken from
the generator's own numbers (``demo_truth.json`` is checked against them instead).
"""

from __future__ import annotations

import csv
import hashlib
import json
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.demo import (
    DEMO_SEED,
    UNMAPPED_EVENTS,
    DemoSummary,
    demo_document,
    phrases_bg,
    phrases_en,
    phrases_pl,
    write_demo_data,
)
from journeymap.demo.events import EVENT_NAMES
from journeymap.demo.templates import PREVIOUS, Step, Template, expand
from journeymap.demo.voice import sentiment
from journeymap.errors import InputError
from journeymap.model import KpiKind, LaneKind, PersonaSource, WorkspaceDocument

SMALL = 300
WINDOW_START = datetime(2025, 11, 1, tzinfo=UTC)
WINDOW_END = datetime(2026, 11, 1, tzinfo=UTC)
EVENT_COLUMNS = ["customer_id", "timestamp", "event", "channel", "session_id", "location_id",
                 "source", "event_id", "value"]
STAGES = ["awareness", "consideration", "purchase", "service", "loyalty"]
CHECKOUT = ["web_cart_view", "web_checkout_start", "web_checkout_delivery",
            "web_checkout_payment", "web_order_placed"]
DAY = 86400.0


class Demo:
    """One generated data set, read back into plain Python."""

    def __init__(self, summary: DemoSummary, calls: list[tuple[str, float]]) -> None:
        self.summary = summary
        self.calls = calls
        self.events = pq.read_table(summary.events_path).to_pylist()
        self.customers = pq.read_table(summary.customers_path).to_pylist()
        self.transactions = pq.read_table(summary.transactions_path).to_pylist()
        with summary.survey_answers_path.open(encoding="utf-8", newline="") as handle:
            self.answers = list(csv.DictReader(handle))
        with summary.locations_path.open(encoding="utf-8", newline="") as handle:
            self.locations = list(csv.DictReader(handle))
        self.truth: dict[str, Any] = json.loads(summary.truth_path.read_text("utf-8"))
        self.by_customer: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for event in self.events:
            self.by_customer[event["customer_id"]].append(event)

    def problem(self, ident: str) -> dict[str, Any]:
        return next(p for p in self.truth["problems"] if p["id"] == ident)

    def pairs(self) -> dict[tuple[str, str], list[float]]:
        """Seconds between consecutive events of each customer, by (event a, event b)."""
        gaps: dict[tuple[str, str], list[float]] = defaultdict(list)
        for events in self.by_customer.values():
            for a, b in zip(events, events[1:], strict=False):
                gaps[(a["event"], b["event"])].append(
                    (b["timestamp"] - a["timestamp"]).total_seconds())
        return gaps


def _build(folder: Path, customers: int, seed: int = DEMO_SEED) -> Demo:
    calls: list[tuple[str, float]] = []
    summary = write_demo_data(folder, seed=seed, customers=customers,
                              progress=lambda step, fraction: calls.append((step, fraction)))
    return Demo(summary, calls)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return _build(tmp_path_factory.mktemp("demo"), SMALL)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# --- the starting document -------------------------------------------------------------


def test_document_validates_and_round_trips() -> None:
    document = demo_document()
    again = WorkspaceDocument.model_validate(document.model_dump(mode="json"))
    assert again == document
    assert document.workspace.id == "demo"
    assert document.workspace.name == "Nordlys Home & Electronics"
    assert document.workspace.language.value == "en"


def test_document_covers_every_lane_kind_stage_and_object_kind() -> None:
    document = demo_document()
    (jmap,) = document.maps
    assert [stage.id for stage in jmap.stages] == STAGES
    assert all(stage.goals for stage in jmap.stages)
    assert {lane.kind for lane in jmap.lanes} == set(LaneKind)
    assert all(lane.cards for lane in jmap.lanes)
    assert len(jmap.touchpoints) >= 15
    assert len({tp.channel for tp in jmap.touchpoints}) >= 6
    assert all(tp.owner and tp.department and tp.rules for tp in jmap.touchpoints)
    assert jmap.pain_points and jmap.opportunities and jmap.actions and document.comments
    action = jmap.actions[0]
    assert action.owner and action.due is not None and action.target is not None
    assert {kpi.kind for kpi in document.kpis} >= {
        KpiKind.CSAT, KpiKind.NPS, KpiKind.CES, KpiKind.CHURN_RATE, KpiKind.CONVERSION}
    scales = {kpi.kind: (kpi.scale_min, kpi.scale_max) for kpi in document.kpis}
    assert scales[KpiKind.CSAT] == (1, 5) and scales[KpiKind.NPS] == (0, 10)
    assert scales[KpiKind.CES] == (1, 7)


def test_emotions_are_scored_for_every_persona_at_every_stage() -> None:
    document = demo_document()
    assert 3 <= len(document.personas) <= 4
    assert any(p.source is PersonaSource.RULES and p.segment for p in document.personas)
    (emotions,) = [lane for lane in document.maps[0].lanes if lane.kind is LaneKind.EMOTIONS]
    scored = {(card.persona, card.stage) for card in emotions.cards if card.score is not None}
    assert scored == {(p.id, s) for p in document.personas for s in STAGES}
    for persona in document.personas:
        assert persona.quote and persona.goals and persona.needs and persona.frustrations


# --- episode templates ----------------------------------------------------------------


@st.composite
def templates(draw: st.DrawFn) -> Template:
    steps = []
    for i in range(draw(st.integers(1, 8))):
        earlier = st.sampled_from([None, PREVIOUS, *range(i)]) if i else st.just(None)
        steps.append(Step(
            draw(st.sampled_from(EVENT_NAMES)), p=draw(st.sampled_from([0.0, 0.3, 1.0])),
            after=draw(earlier), delay=draw(st.floats(1, 1e6)),
            unless=draw(st.sampled_from([None, *range(i)])),
        ))
    return Template("drawn", tuple(steps))


@settings(max_examples=60, deadline=None)
@given(templates(), st.integers(0, 2**32))
def test_expanded_episodes_follow_their_steps(template: Template, seed: int) -> None:
    starts = np.arange(50, dtype=np.int64) * 1000
    expanded = expand(template, starts, np.random.default_rng(seed))
    happened, times = expanded.happened, expanded.times
    for i, step in enumerate(template.steps):
        need = None if step.after is None or i == 0 else (
            i - 1 if step.after == PREVIOUS else step.after)
        allowed = np.ones(len(starts), dtype=bool)
        if need is not None:
            allowed &= happened[:, need]
        if step.unless is not None:
            allowed &= ~happened[:, step.unless]
        assert not (happened[:, i] & ~allowed).any()
        if step.p == 1.0:
            assert (happened[:, i] == allowed).all()
        if step.p == 0.0:
            assert not happened[:, i].any()
    for row in range(len(starts)):
        stamps = times[row][happened[row]]
        assert (np.diff(stamps) >= 1).all() and (stamps > starts[row]).all()


# --- files, shape and order ------------------------------------------------------------


def test_summary_counts_match_the_files_and_progress_is_reported(demo: Demo) -> None:
    summary = demo.summary
    assert summary.customers == len(demo.customers) == SMALL
    assert summary.events == len(demo.events)
    assert summary.transactions == len(demo.transactions)
    assert summary.survey_answers == len(demo.answers)
    assert summary.locations == len(demo.locations) == len(demo_document().locations)
    assert summary.first_day == min(e["timestamp"] for e in demo.events).date()
    assert summary.last_day == max(e["timestamp"] for e in demo.events).date()
    assert sorted(p.name for p in summary.data_dir.iterdir()) == sorted([
        "customers.parquet", "events.parquet", "transactions.parquet",
        "survey_answers.csv", "locations.csv", "demo_truth.json"])
    assert 35 <= len(demo.events) / SMALL <= 65
    fractions = [fraction for _, fraction in demo.calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0
    assert demo.calls[-1] == ("done", 1.0) and len({step for step, _ in demo.calls}) >= 4


def test_events_are_canonical_sorted_and_in_the_window(demo: Demo) -> None:
    schema = pq.read_schema(demo.summary.events_path)
    assert schema.names == EVENT_COLUMNS
    assert schema.field("timestamp").type == pa.timestamp("us", tz="UTC")
    assert schema.field("value").type == pa.float64()
    keys = [(e["customer_id"], e["timestamp"]) for e in demo.events]
    assert keys == sorted(keys)
    assert all(WINDOW_START <= e["timestamp"] < WINDOW_END for e in demo.events)
    assert len({e["event_id"] for e in demo.events}) == len(demo.events)
    assert {e["customer_id"] for e in demo.events} <= {c["customer_id"] for c in demo.customers}


def test_every_event_is_matched_by_a_touchpoint_except_the_unmapped_few(demo: Demo) -> None:
    jmap = demo_document().maps[0]
    pairs = {(e["event"], e["channel"]) for e in demo.events}
    unmatched = {event for event, channel in pairs if jmap.touchpoint_for(event, channel) is None}
    assert unmatched == set(UNMAPPED_EVENTS)
    touched = {jmap.touchpoint_for(event, channel).id for event, channel in pairs  # type: ignore[union-attr]
               if event not in UNMAPPED_EVENTS}
    assert touched == {tp.id for tp in jmap.touchpoints}


def test_located_events_point_at_known_locations(demo: Demo) -> None:
    ids = {row["location_id"] for row in demo.locations}
    located = [e for e in demo.events if e["location_id"] is not None]
    assert located and all(e["location_id"] in ids and e["channel"] == "store" for e in located)
    assert all(e["location_id"] is not None for e in demo.events if e["event"] == "store_visit")


def test_transactions_are_the_order_events(demo: Demo) -> None:
    orders = sorted((e["customer_id"], e["timestamp"], e["value"]) for e in demo.events
                    if e["event"] in ("web_order_placed", "app_order_placed", "store_purchase"))
    rows = sorted((t["customer_id"], t["timestamp"], t["value"]) for t in demo.transactions)
    assert rows == orders
    assert all(t["value"] > 0 and t["items"] >= 1 for t in demo.transactions)


def test_stages_are_reached_in_order_with_attrition(demo: Demo) -> None:
    jmap = demo_document().maps[0]
    reached: Counter[str] = Counter()
    for events in demo.by_customer.values():
        first: dict[str, datetime] = {}
        for event in events:
            touchpoint = jmap.touchpoint_for(event["event"], event["channel"])
            if touchpoint is not None:
                first.setdefault(touchpoint.stage, event["timestamp"])
        reached.update(first.keys())
        times = [first[s] for s in STAGES[:3] if s in first]
        assert times == sorted(times)
        assert [s for s in STAGES[:3] if s in first] == STAGES[: len(times)]
        for later in ("service", "loyalty"):
            if later in first:
                assert "purchase" in first and first["purchase"] < first[later]
    assert reached["awareness"] == SMALL
    assert reached["awareness"] > reached["consideration"] > reached["purchase"]
    assert reached["purchase"] > reached["service"] > 0 and reached["loyalty"] > 0


# --- the planted problems --------------------------------------------------------------


def test_checkout_loses_far_more_at_the_delivery_step(demo: Demo) -> None:
    sessions: dict[str, set[str]] = defaultdict(set)
    for event in demo.events:
        if event["event"] in CHECKOUT:
            sessions[event["event"]].add(event["session_id"])
    counts = [len(sessions[step]) for step in CHECKOUT]
    drops = {step: 1 - after / before
             for step, before, after in zip(CHECKOUT, counts, counts[1:], strict=False)}
    assert drops["web_checkout_delivery"] > 0.35
    others = [drop for step, drop in drops.items() if step != "web_checkout_delivery"]
    assert max(others) < 0.2
    assert drops["web_checkout_delivery"] > 2.5 * max(others)
    observed = demo.problem("checkout-delivery-drop-off")["observed"]
    assert observed["sessions"] == dict(zip(CHECKOUT, counts, strict=True))
    assert observed["drop_share"] == {step: round(d, 4) for step, d in drops.items()}


def test_some_customers_loop_through_login_and_password_reset(demo: Demo) -> None:
    failures: Counter[str] = Counter()
    owner: dict[str, str] = {}
    for event in demo.events:
        if event["event"] == "app_login_failed":
            failures[event["session_id"]] += 1
            owner[event["session_id"]] = event["customer_id"]
    loops = {session: n for session, n in failures.items() if n >= 3}
    assert loops and all(3 <= n <= 6 for n in loops.values())
    assert all(n == 1 for session, n in failures.items() if session not in loops)
    looping = {owner[session] for session in loops}
    assert 0 < len(looping) < SMALL * 0.2
    assert demo.problem("app-login-loop")["observed"]["customers"] == len(looping)
    cycle = demo.pairs()
    assert len(cycle[("app_login_failed", "app_password_reset")]) >= 3 * len(loops)
    assert len(cycle[("app_password_reset", "app_login")]) >= 2 * len(loops)


def test_return_label_is_a_slow_handover(demo: Demo) -> None:
    gaps = demo.pairs()
    slow = statistics.median(gaps[("return_requested", "return_label_sent")])
    assert 2.5 * DAY < slow < 5 * DAY
    for pair in [("web_checkout_start", "web_checkout_delivery"),
                 ("order_confirmation_sent", "delivery_dispatched"),
                 ("delivery_dispatched", "delivery_delivered"),
                 ("return_label_sent", "store_return_dropoff"),
                 ("store_return_dropoff", "refund_issued"),
                 ("phone_call_started", "phone_call_ended")]:
        assert statistics.median(gaps[pair]) < 1.5 * DAY, pair
    assert abs(demo.problem("slow-return-label")["observed"]["median_days"] - 3.5) < 1


def test_hotline_satisfaction_is_low_and_elsewhere_high(demo: Demo) -> None:
    csat = [a for a in demo.answers if a["metric"] == "csat"]
    hotline = [int(a["score"]) for a in csat if a["touchpoint"] == "tp-hotline"]
    others = [int(a["score"]) for a in csat if a["touchpoint"] != "tp-hotline"]
    share = sum(s >= 4 for s in hotline) / len(hotline)
    share_others = sum(s >= 4 for s in others) / len(others)
    assert share < 0.6 < 0.75 < share_others
    observed = demo.problem("hotline-low-csat")["observed"]
    assert observed["csat"] == round(100 * share, 1) and observed["n"] == len(hotline)
    complaints = [a["comment"] for a in csat
                  if a["touchpoint"] == "tp-hotline" and a["comment"] and int(a["score"]) <= 2]
    assert complaints


def test_payment_errors_are_followed_by_hotline_calls(demo: Demo) -> None:
    def calls_within_a_day(trigger: str) -> tuple[int, int]:
        hits = total = 0
        for events in demo.by_customer.values():
            for i, event in enumerate(events):
                if event["event"] != trigger:
                    continue
                total += 1
                limit = event["timestamp"] + timedelta(days=1)
                hits += any(e["event"] == "phone_call_started" and e["timestamp"] <= limit
                            for e in events[i + 1:])
        return hits, total

    hits, errors = calls_within_a_day("web_payment_error")
    placed_hits, placed = calls_within_a_day("web_order_placed")
    assert errors > 0 and hits / errors > 0.4
    assert placed_hits / placed < 0.1
    observed = demo.problem("payment-error-to-phone")["observed"]["share"]
    assert observed == round(hits / errors, 4)


# --- survey answers, customers, places -------------------------------------------------


def test_survey_answers_are_long_format_on_their_scales(demo: Demo) -> None:
    assert list(demo.answers[0]) == ["response_id", "customer_id", "timestamp", "touchpoint",
                                     "stage", "location_id", "metric", "score", "comment",
                                     "language"]
    scales = {"csat": range(1, 6), "nps": range(0, 11), "ces": range(1, 8)}
    assert {a["metric"] for a in demo.answers} == set(scales)
    assert all(int(a["score"]) in scales[a["metric"]] for a in demo.answers)
    touchpoints = {tp.id for tp in demo_document().maps[0].touchpoints} | {""}
    assert all(a["touchpoint"] in touchpoints and a["stage"] in STAGES for a in demo.answers)
    language = {c["customer_id"]: c["language"] for c in demo.customers}
    assert all(a["language"] == language[a["customer_id"]] for a in demo.answers)
    stamps = [a["timestamp"] for a in demo.answers]
    assert stamps == sorted(stamps)
    completed = sum(e["event"] == "survey_completed" for e in demo.events)
    assert completed == len(demo.answers)


def test_open_answers_match_their_scores_and_languages(demo: Demo) -> None:
    banks = {"pl": phrases_pl, "bg": phrases_bg, "en": phrases_en}
    commented = [a for a in demo.answers if a["comment"]]
    assert {a["language"] for a in commented} == {"pl", "bg", "en"}
    for answer in commented:
        mood = sentiment(answer["metric"], int(answer["score"]))
        openers = banks[answer["language"]].OPENERS[mood]
        assert answer["comment"].startswith(openers), answer
    polish = " ".join(a["comment"] for a in commented if a["language"] == "pl")
    bulgarian = " ".join(a["comment"] for a in commented if a["language"] == "bg")
    assert set("ąęłóśżń") & set(polish) and set("жщъюя") & set(bulgarian)


def test_phrase_banks_make_thousands_of_distinct_answers() -> None:
    for bank in (phrases_pl, phrases_bg, phrases_en):
        combinations = sum(
            len(bank.OPENERS[mood]) * len(cores) * len(bank.CLOSERS[mood])
            for topic in bank.TOPICS.values() for mood, cores in topic.items())
        assert combinations > 1500
        assert set(bank.TOPICS) == set(phrases_en.TOPICS)


def test_customers_carry_what_the_personas_segment_on(demo: Demo) -> None:
    assert len({c["customer_id"] for c in demo.customers}) == SMALL
    country = {"pl": "PL", "bg": "BG"}
    assert all(country.get(c["language"], c["country"]) == c["country"] for c in demo.customers)
    assert {c["loyalty_tier"] for c in demo.customers} <= {"none", "member", "silver", "gold"}
    for persona in demo_document().personas:
        for rule in persona.segment:
            assert rule.attribute in demo.customers[0]
        if persona.segment:
            channel = persona.segment[0].value
            assert any(c["preferred_channel"] == channel for c in demo.customers)


def test_personas_behave_differently(demo: Demo) -> None:
    preferred = {c["customer_id"]: c["preferred_channel"] for c in demo.customers}
    shares: dict[str, Counter[str]] = defaultdict(Counter)
    for event in demo.events:
        shares[preferred[event["customer_id"]]][event["channel"]] += 1
    def share(group: str, channel: str) -> float:
        return shares[group][channel] / sum(shares[group].values())
    assert share("app", "app") > 2 * share("store", "app")
    assert share("store", "store") > 2 * share("web", "store")
    assert share("web", "web") > share("store", "web")


def test_locations_are_real_places_with_local_phones(demo: Demo) -> None:
    centres = {"Warszawa": (52.23, 21.01), "Kraków": (50.06, 19.94), "Gdańsk": (54.35, 18.65),
               "Wrocław": (51.11, 17.03), "Poznań": (52.41, 16.93), "Sofia": (42.70, 23.32),
               "Plovdiv": (42.14, 24.75), "Varna": (43.21, 27.92)}
    assert len(demo.locations) >= 8 and {row["city"] for row in demo.locations} >= set(centres)
    for row in demo.locations:
        lat, lon = float(row["lat"]), float(row["lon"])
        if row["city"] in centres:
            assert abs(lat - centres[row["city"]][0]) < 0.1, row
            assert abs(lon - centres[row["city"]][1]) < 0.1, row
        prefix = {"PL": "+48 ", "BG": "+359 "}[row["country"]]
        assert row["phone"].startswith(prefix) and row["address"] and row["opening_hours"]


# --- determinism and bad input ---------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(demo: Demo, tmp_path: Path) -> None:
    again = _build(tmp_path / "again", SMALL)
    other = _build(tmp_path / "other", SMALL, seed=DEMO_SEED + 1)
    assert _digests(again.summary.data_dir) == _digests(demo.summary.data_dir)
    changed = {name for name, digest in _digests(other.summary.data_dir).items()
               if digest != _digests(demo.summary.data_dir)[name]}
    assert changed == {"customers.parquet", "events.parquet", "transactions.parquet",
                       "survey_answers.csv", "demo_truth.json"}


def test_too_few_customers_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="at least 10 customers"):
        write_demo_data(tmp_path, customers=3)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_bigger_company_has_seasons_and_varied_voices(tmp_path: Path) -> None:
    demo = _build(tmp_path, 2000)
    assert 40 <= len(demo.events) / 2000 <= 60
    per_day = Counter(e["timestamp"].date() for e in demo.events)
    november = [n for day, n in per_day.items() if day.month == 11]
    average = sum(per_day.values()) / len(per_day)
    assert sum(november) / len(november) > 1.2 * average
    weekdays = Counter(e["timestamp"].weekday() for e in demo.events)
    assert weekdays[5] > weekdays[1]
    comments = {a["comment"] for a in demo.answers if a["comment"]}
    assert len(comments) > 400
    hotline = [int(a["score"]) >= 4 for a in demo.answers if a["touchpoint"] == "tp-hotline"]
    assert 0.3 < sum(hotline) / len(hotline) < 0.55
