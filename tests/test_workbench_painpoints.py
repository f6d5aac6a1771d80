"""Pain points on a workspace: detect on its data, merge into the map (stable ids, manual
ones untouched, status only up), cards on the pain-point lane, the ranked list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journeymap.analytics.painpoints import PainpointsSpec
from journeymap.errors import NotFoundError
from journeymap.model.base import FindingSource, ValidationStatus
from journeymap.workbench import Workbench
from journeymap.workbench import painpoints as work
from painpoints_support import CONVERSION, OTHER, clinic_workspace

SPEC = PainpointsSpec(conversion_events=CONVERSION)

@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clinic_workspace(tmp_path_factory.mktemp("clinic"))


@pytest.fixture
def bench(workspace: Path, tmp_path: Path) -> Any:
    import shutil

    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy)
    with Workbench.open(copy) as opened:
        yield opened


def test_detect_uses_the_map_and_the_answers(bench: Any) -> None:
    result = work.detect(bench, spec=SPEC)
    keys = {f.key for f in result.findings}
    assert {("drop_off", "web-booking"), ("loop", "app"), ("slow_step", "referral-letter"),
            ("channel_switch", "web-booking"), ("low_satisfaction", "hotline")} <= keys
    low = next(f for f in result.findings if f.kind == "low_satisfaction")
    assert low.stage == "care" and low.quotes


def test_save_adds_refreshes_and_leaves_manual_ones(bench: Any) -> None:
    result = work.detect(bench, spec=SPEC)
    first = work.save(bench, result.findings)
    assert len(first.added) == len(result.findings) and first.refreshed == ()
    jmap = bench.journey_map()
    manual = {pp.id: pp for pp in jmap.pain_points}
    assert manual["pp-error_event-web-booking"].title == "Upload is confusing"
    assert manual["pp-error_event-web-booking"].source is FindingSource.MANUAL
    # the detected error finding at the same touchpoint got an id of its own
    detected = manual["pp-error_event-web-booking-detected"]
    # n: the 718 customers who reached the web booking (slot view onwards)
    assert detected.source is FindingSource.DETECTED and detected.evidence[0].n == 718
    assert detected.status is ValidationStatus.VALIDATED_QUANTITATIVELY
    drop = manual["pp-drop_off-web-booking"]
    assert drop.title == "Journeys end at Web booking without conversion"
    assert (drop.stage, drop.touchpoint, drop.kind) == ("book", "web-booking", "drop_off")
    lane = next(lane for lane in jmap.lanes if lane.id == "pains")
    assert {card.pain_point for card in lane.cards} == set(first.added)
    assert set(first.cards) == {card.id for card in lane.cards}

    second = work.save(bench, work.detect(bench, spec=SPEC).findings)
    assert second.added == () and set(second.refreshed) == set(first.added)
    assert second.cards == ()  # the cards are there already
    again = bench.journey_map()
    assert [pp.id for pp in again.pain_points] == [pp.id for pp in jmap.pain_points]
    assert {pp.id: pp.model_dump() for pp in again.pain_points}["pp-parking"] == OTHER | {
        "description": "", "touchpoint": None, "severity": "medium",
        "status": ValidationStatus.HYPOTHESIS, "source": FindingSource.MANUAL, "kind": "",
        "affected_customers": None, "score": None, "evidence": [], "quotes": []}


def test_status_moves_up_on_refresh_never_down(bench: Any) -> None:
    findings = work.detect(bench, spec=SPEC).findings
    work.save(bench, findings)
    weak = [f for f in findings if not f.validated]
    strong = next(f for f in findings if f.validated)
    strong_id = work.painpoint_id(strong.kind, strong.touchpoint)
    work.set_status(bench, strong_id, "validated_qualitatively")
    if weak:
        weak_id = work.painpoint_id(weak[0].kind, weak[0].touchpoint)
        work.set_status(bench, weak_id, "validated_qualitatively")
    work.save(bench, findings)
    now = {pp.id: pp.status for pp in bench.journey_map().pain_points}
    assert now[strong_id] is ValidationStatus.VALIDATED_QUANTITATIVELY  # earned
    if weak:
        assert now[weak_id] is ValidationStatus.VALIDATED_QUALITATIVELY  # kept
    with pytest.raises(NotFoundError):
        work.set_status(bench, "nope", "hypothesis")


def test_ranked_list_and_filters(bench: Any) -> None:
    work.save(bench, work.detect(bench, spec=SPEC).findings)
    data = work.painpoints_data(bench)
    scores = [pp["score"] for pp in data["painpoints"]]
    scored = [s for s in scores if s is not None]
    assert scored == sorted(scored, reverse=True)
    assert scores[-2:] == [None, None]  # manual ones without a score come last
    assert [pp["rank"] for pp in data["painpoints"]] == list(range(1, len(scores) + 1))
    only = work.painpoints_data(bench, stage="care", kind="loop")["painpoints"]
    assert [(pp["id"], pp["stage_name"], pp["touchpoint_name"]) for pp in only] == [
        ("pp-loop-app", "Care", "App")]


def test_ids_are_safe_and_short() -> None:
    assert work.painpoint_id("drop_off", "a b/c") == "pp-drop_off-a-b-c"
    long = work.painpoint_id("slow_step", "x" * 200)
    assert len(long) == 80 and long != work.painpoint_id("slow_step", "x" * 199)


def test_refresh_keeps_what_people_wrote(bench: Any) -> None:
    findings = work.detect(bench, spec=SPEC).findings
    work.save(bench, findings)
    ref = "map/clinic/pain_point/pp-loop-app"
    bench.update(ref, {"title": "Login loop in the app", "description": "Seen in support",
                       "severity": "critical", "score": 1.0, "evidence": []},
                 expected_version=bench.get(ref).version)
    work.save(bench, findings)
    pain = next(pp for pp in bench.journey_map().pain_points if pp.id == "pp-loop-app")
    assert (pain.title, pain.description, pain.severity) == (
        "Login loop in the app", "Seen in support", "critical")
    loop = next(f for f in findings if f.key == ("loop", "app"))
    assert pain.score == loop.score and pain.evidence[0].n == loop.evidence[0].n
