"""The action plan on a workspace with known effects (tests/action_support.py): overdue,
progress, links, measured effects and their verdicts, edits, and the CSV/ICS exports."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from action_support import plan_workspace
from journeymap.errors import ConflictError, InputError
from journeymap.model import ActionStatus
from journeymap.workbench import Workbench
from journeymap.workbench.action_effects import cached_card_effects
from journeymap.workbench.action_export import CSV_COLUMNS, actions_csv, actions_ics, escape, fold
from journeymap.workbench.actions import (
    Plan,
    action_effects,
    action_plan,
    add_action,
    card_effects,
    delete_action,
    set_status,
    update_action,
)
from journeymap.workbench.focus import delete_opportunity

TODAY = date(2024, 4, 1)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plan_workspace(tmp_path_factory.mktemp("plan") / "ws")


@pytest.fixture
def bench(workspace: Path) -> Iterator[Workbench]:
    with Workbench.open(workspace) as opened:
        yield opened


@pytest.fixture
def plan(bench: Workbench) -> Plan:
    return action_plan(bench, today=TODAY)


def test_order_overdue_and_links(plan: Plan) -> None:
    # due date first, none last
    assert [v.action.id for v in plan.actions] == [
        "act-old", "act-conv", "act-pay", "act-csat", "act-rev"]
    # act-pay is due 2024-03-20 and in progress; act-old is cancelled, act-conv done
    assert [v.action.id for v in plan.overdue] == ["act-pay"]
    conv = plan.actions[1]
    assert [(o.id, o.title) for o in conv.opportunities] == [("opp-fast", "Fast cart")]
    assert [(p.id, p.status) for p in conv.pain_points] == [
        ("pp-cart", "validated_quantitatively")]
    assert (conv.kpi_name, conv.where) == ("Cart conversion", "Cart")


def test_progress_overall_and_by_owner(plan: Plan) -> None:
    # cancelled actions do not count; act-conv is the one done
    assert (plan.progress.actions, plan.progress.done, plan.progress.share_done,
            plan.progress.overdue) == (4, 1, 0.25, 1)
    by_owner = {p.owner: (p.actions, p.done, p.overdue, p.share_done) for p in plan.owners}
    assert by_owner == {"": (1, 0, 0, 0.0), "eva": (2, 1, 0, 0.5), "olek": (1, 0, 1, 0.0)}


def test_board_columns(plan: Plan) -> None:
    columns = {status: [v.action.id for v in views] for status, views in plan.by_status().items()}
    assert columns == {"planned": ["act-csat"], "in_progress": ["act-pay"],
                       "blocked": ["act-rev"], "done": ["act-conv"], "cancelled": ["act-old"]}


def test_effects_and_verdicts(plan: Plan) -> None:
    effects = {v.action.id: v.effect for v in plan.actions}
    conv = effects["act-conv"]
    assert conv is not None and conv.source == "behaviour" and conv.unit == "rate"
    assert (conv.before.value, conv.before.n, conv.after.value, conv.after.n) == (
        0.3, 20, 0.8, 20)
    # Newcombe and the pooled z test (scipy, see test_analytics_effects_behaviour)
    assert (conv.difference.value, conv.difference.low, conv.difference.high,
            conv.difference.p_value) == (0.5, 0.192408, 0.695243, 0.001482)
    assert conv.verdict == "improved"
    pay = effects["act-pay"]
    assert pay is not None
    assert (pay.before.value, pay.after.value, pay.verdict) == (0.15, 0.65, "worsened")
    csat = effects["act-csat"]
    assert csat is not None and csat.source == "survey" and csat.unit == "percent"
    assert (csat.before.value, csat.before.n, csat.after.value, csat.after.n,
            csat.difference.value, csat.difference.p_value, csat.verdict) == (
        50.0, 10, 50.0, 10, 0.0, 1.0, "no detectable change")
    rev = effects["act-rev"]
    assert rev is not None and rev.verdict == "not measured"
    assert rev.problem == "no before/after method for revenue yet"
    old = effects["act-old"]
    assert old is not None and old.problem == "the action has no implementation date yet"


def test_window_changes_the_measurement(bench: Workbench) -> None:
    # a 5-day window sees none of the cohorts (Feb 10 and Mar 10 are further away)
    effects = action_effects(bench, "shop", window_days=5)
    conv = effects[("shop", "act-conv")]
    assert (conv.before.n, conv.after.n, conv.verdict) == (0, 0, "not enough data")


def test_card_effects_put_the_effect_on_the_map(bench: Workbench) -> None:
    effects = action_effects(bench, "shop")
    shown = card_effects(bench.journey_map("shop"), effects)
    # the cart card (target touchpoint of act-conv and act-csat: the later-listed wins on
    # equal dates) and the opportunity card of opp-fast
    assert sorted(shown) == ["card-cart", "card-fast"]
    assert shown["card-fast"].action_id in {"act-conv", "act-csat"}
    assert "card-home" not in shown


def test_cached_card_effects_never_measure(bench: Workbench) -> None:
    document, jmap = bench.document(), bench.journey_map("shop")
    assert cached_card_effects(bench, document, jmap, window_days=7) == {}
    action_effects(bench, "shop", window_days=7)
    cached = cached_card_effects(bench, document, jmap, window_days=7)
    assert sorted(cached) == ["card-cart", "card-fast"]


def test_csv_export(plan: Plan) -> None:
    rows = list(csv.DictReader(io.StringIO(actions_csv(plan.actions))))
    assert tuple(rows[0]) == CSV_COLUMNS
    conv = rows[1]
    assert conv == {
        "map": "shop", "id": "act-conv", "title": "Act Conv", "owner": "eva",
        "due": "2024-02-15", "status": "done", "overdue": "false",
        "opportunities": "opp-fast", "pain_points": "pp-cart", "kpi": "conversion",
        "touchpoint": "tp-cart", "stage": "", "baseline": "", "target": "",
        "implemented_on": "2024-03-01", "effect_before": "0.3", "effect_after": "0.8",
        "effect_difference": "0.5", "effect_p_value": "0.001482",
        "effect_verdict": "improved"}
    assert rows[2]["overdue"] == "true"


def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: every line ends in CRLF; a line starting with a space continues the
    previous one. Also checks that no line is longer than 75 octets."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines: list[str] = []
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75, line
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_ics_export(plan: Plan) -> None:
    stamp = datetime(2024, 4, 1, 8, 30, tzinfo=UTC)
    lines = unfold(actions_ics(plan.actions, "acme", stamp))
    assert lines[:5] == ["BEGIN:VCALENDAR", "VERSION:2.0",
                         "PRODID:-//journeymap//action plan//EN", "CALSCALE:GREGORIAN",
                         "METHOD:PUBLISH"]
    events = [i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"]
    assert len(events) == 4  # act-rev has no due date
    first = lines[events[1]:lines.index("END:VEVENT", events[1]) + 1]
    assert first[:6] == [
        "BEGIN:VEVENT", "UID:act-conv.shop@acme.journeymap", "DTSTAMP:20240401T083000Z",
        "DTSTART;VALUE=DATE:20240215", "DTEND;VALUE=DATE:20240216", "SUMMARY:Act Conv"]
    description = unescape(first[6].removeprefix("DESCRIPTION:"))
    assert description == ("Owner: eva\nStatus: done\nMap: Shop\nTarget: Cart conversion at "
                           "Cart")
    assert first[7:] == ["STATUS:CONFIRMED", "CATEGORIES:done", "END:VEVENT"]
    cancelled = lines[events[0]:events[1]]
    assert "STATUS:CANCELLED" in cancelled
    assert lines[-1] == "END:VCALENDAR"


def test_ics_escaping_and_folding() -> None:
    assert escape('a,b;c\\d\ne') == 'a\\,b\\;c\\\\d\\ne'
    line = "SUMMARY:" + "ż" * 40  # 8 + 80 octets
    folded = fold(line)
    parts = folded.split("\r\n")
    assert [len(p.encode("utf-8")) for p in parts] == [74, 15]  # never split inside a char
    assert parts[1].startswith(" ") and "".join(p.removeprefix(" ") for p in parts) == line
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"


def test_add_update_status_delete(tmp_path: Path) -> None:
    folder = plan_workspace(tmp_path / "edit")
    with Workbench.open(folder) as bench:
        made = add_action(bench, "shop", {"title": "Call back", "owner": "ana",
                                          "due": "2024-05-01", "pain_points": ["pp-slow"]})
        ident = made.obj.model_dump()["id"]
        assert ident.startswith("act-") and made.version == 1
        moved = set_status(bench, "shop", ident, "done", made.version)
        assert moved.obj.model_dump()["status"] == "done"
        with pytest.raises(ConflictError):
            set_status(bench, "shop", ident, ActionStatus.BLOCKED, made.version)
        changed = update_action(bench, "shop", ident, {"owner": "bo"}, moved.version)
        assert changed.obj.model_dump()["owner"] == "bo"
        with pytest.raises(InputError, match="unknown pain point 'pp-gone'"):
            update_action(bench, "shop", ident, {"pain_points": ["pp-gone"]}, changed.version)
        with pytest.raises(InputError, match="new action title"):
            add_action(bench, "shop", {"title": " "})
        delete_action(bench, "shop", ident, changed.version)
        assert ident not in bench.journey_map("shop").ids("action")


def test_deleting_an_opportunity_unlinks_actions_and_cards(tmp_path: Path) -> None:
    folder = plan_workspace(tmp_path / "unlink")
    with Workbench.open(folder) as bench:
        version = bench.get("map/shop/opportunity/opp-fast").version
        delete_opportunity(bench, "shop", "opp-fast", version)
        jmap = bench.journey_map("shop")
        assert "opp-fast" not in jmap.ids("opportunity")
        assert all("opp-fast" not in a.opportunities for a in jmap.actions)
        card = next(c for lane in jmap.lanes for c in lane.cards if c.id == "card-fast")
        assert card.opportunity is None
