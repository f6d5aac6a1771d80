"""Live map numbers on a small hand-built workspace imported with the real importers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from builders import document
from journeymap.errors import InputError, SpecError
from journeymap.ingest.api import import_customers, import_events
from journeymap.ingest.surveys import import_surveys
from journeymap.model import (
    Card,
    Channel,
    JourneyMap,
    Lane,
    LaneKind,
    MatchRule,
    Persona,
    SegmentRule,
    Stage,
    Touchpoint,
    WorkspaceDocument,
)
from journeymap.model.workspace import SegmentOp
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.emotions import emotion_value, level
from journeymap.workbench.numbers import (
    MapNumbers,
    NumbersFilter,
    clear_cache,
    map_numbers,
    numbers_for,
)

EVENTS = """customer_id,timestamp,event,channel
c1,2026-01-01T10:00:00,view,web
c1,2026-01-01T10:10:00,checkout,web
c1,2026-01-03T10:10:00,club,app
c2,2026-01-02T09:00:00,view,web
c2,2026-01-02T09:30:00,call,phone
c3,2026-01-05T12:00:00,view,web
c3,2026-01-05T12:01:00,view,web
c3,2026-01-05T13:00:00,checkout,web
c4,2026-01-06T08:00:00,view,web
"""
CUSTOMERS = """customer_id,age,preferred_channel
c1,25,app
c2,40,web
c3,30,web
c4,x,app
"""
SURVEYS = """response_id,customer_id,timestamp,touchpoint,stage,metric,score,comment,language
r1,c1,2026-01-01T11:00:00,tp-checkout,,csat,5,Great and fast checkout,en
r2,c2,2026-01-02T10:00:00,tp-phone,,csat,1,Terrible wait on the phone,en
r3,c3,2026-01-05T14:00:00,tp-checkout,,csat,4,,
r4,c4,2026-01-06T09:00:00,tp-checkout,,csat,2,,
r5,c1,2026-01-03T11:00:00,,loyal,nps,10,,
r6,c2,2026-01-03T11:00:00,,loyal,nps,3,,
r7,c3,2026-01-05T12:30:00,,browse,open,,"Terrible, awful and slow pages",en
"""


def shop_map(manual: list[Card] | None = None) -> JourneyMap:
    def tp(ident: str, stage: str, channel: Channel, event: str) -> Touchpoint:
        return Touchpoint(id=ident, name=ident, stage=stage, channel=channel,
                          rules=[MatchRule(pattern=event)])

    return JourneyMap(
        id="shop", name="Shop", personas=["young", "web"],
        stages=[Stage(id="browse", name="Browse"), Stage(id="buy", name="Buy"),
                Stage(id="loyal", name="Loyal")],
        touchpoints=[tp("tp-web", "browse", Channel.WEB, "view"),
                     tp("tp-checkout", "buy", Channel.WEB, "checkout"),
                     tp("tp-phone", "buy", Channel.PHONE, "call"),
                     tp("tp-club", "loyal", Channel.APP, "club")],
        lanes=[Lane(id="think", kind=LaneKind.THOUGHTS),
               Lane(id="feel", kind=LaneKind.EMOTIONS, cards=manual or [])],
    )


def shop_document(manual: list[Card] | None = None, web_name: str = "Web shoppers") -> (
        WorkspaceDocument):
    base = document()
    personas = [
        Persona(id="young", name="Young app users",
                segment=[SegmentRule(attribute="preferred_channel", value="app"),
                         SegmentRule(attribute="age", op=SegmentOp.LT, value=35)]),
        Persona(id="web", name=web_name,
                segment=[SegmentRule(attribute="preferred_channel", op=SegmentOp.IN,
                                     value=["web", "mail"])]),
        Persona(id="nobody", name="No rules"),
        Persona(id="typo", name="Typo",
                segment=[SegmentRule(attribute="favourite_colour", value="red")]),
    ]
    return base.model_copy(update={"personas": personas, "maps": [shop_map(manual)],
                                   "snapshots": [], "comments": []})


def make_workspace(folder: Path, doc: WorkspaceDocument, surveys: str = SURVEYS) -> Path:
    """A workspace with ``doc`` and the events, customers and answers above, imported."""
    init_workspace(folder, document=doc).close()
    for name, text in (("events.csv", EVENTS), ("customers.csv", CUSTOMERS),
                       ("surveys.csv", surveys)):
        (folder / name).write_text(text, encoding="utf-8")
    import_events(folder, folder / "events.csv")
    import_customers(folder, folder / "customers.csv")
    assert import_surveys(folder, folder / "surveys.csv").quarantined == 0
    return folder


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("numbers") / "ws", shop_document())


def numbers(workspace: Path, found: NumbersFilter | None = None,
            manual: list[Card] | None = None) -> MapNumbers:
    doc = shop_document(manual)
    return numbers_for(workspace / "analytics.duckdb", doc, doc.maps[0],
                       found or NumbersFilter())


def kpi(rows: list[dict[str, Any]], metric: str) -> tuple[float, int, str | None]:
    row = next(r for r in rows if r["metric"] == metric)
    return round(row["value"], 6), row["n"], row["level"]


def test_stage_numbers_are_exact(workspace: Path) -> None:
    stages = numbers(workspace).stages
    assert stages["browse"] == {"customers": 4, "conversion_to_next": 0.75, "drop_off": 1,
                                "median_seconds_to_next": 1800.0}
    assert stages["buy"] == {"customers": 3, "conversion_to_next": 0.333333, "drop_off": 2,
                             "median_seconds_to_next": 172800.0}
    assert stages["loyal"] == {"customers": 1, "conversion_to_next": None, "drop_off": None,
                               "median_seconds_to_next": None}


def test_touchpoint_numbers_are_exact(workspace: Path) -> None:
    tps = numbers(workspace).touchpoints
    assert tps["tp-web"] == {"customers": 4, "events": 5, "share_of_customers": 1.0,
                             "drop_off": 1, "drop_off_rate": 0.25,
                             "median_seconds_to_next_event": 1200.0, "n_next_event": 4}
    assert (tps["tp-checkout"]["drop_off"], tps["tp-checkout"]["n_next_event"],
            tps["tp-checkout"]["median_seconds_to_next_event"]) == (1, 1, 172800.0)
    assert (tps["tp-phone"]["customers"], tps["tp-phone"]["drop_off"],
            tps["tp-phone"]["median_seconds_to_next_event"]) == (1, 1, None)
    assert tps["tp-club"]["drop_off"] == 0


def test_a_conversion_event_replaces_the_last_stage(workspace: Path) -> None:
    tps = numbers(workspace, NumbersFilter(conversion_events=("call",))).touchpoints
    assert {k: v["drop_off"] for k, v in tps.items()} == {
        "tp-web": 1, "tp-checkout": 1, "tp-phone": 0, "tp-club": 1}


def test_persona_filter_uses_its_segment_rules(workspace: Path) -> None:
    web = numbers(workspace, NumbersFilter(persona="web")).stages
    assert web["browse"] == {"customers": 2, "conversion_to_next": 1.0, "drop_off": 0,
                             "median_seconds_to_next": 2700.0}
    # age "x" is not a number, so c4 is not young although it prefers the app
    young = numbers(workspace, NumbersFilter(persona="young"))
    assert [young.stages[s]["customers"] for s in ("browse", "buy", "loyal")] == [1, 1, 1]


def test_date_and_channel_filters(workspace: Path) -> None:
    early = numbers(workspace, NumbersFilter(date_to=date(2026, 1, 2))).stages
    assert (early["browse"]["customers"], early["browse"]["drop_off"]) == (2, 0)
    assert (early["buy"]["customers"], early["buy"]["drop_off"]) == (2, 2)
    phone = numbers(workspace, NumbersFilter(channels=("phone",)))
    assert [phone.stages[s]["customers"] for s in ("browse", "buy", "loyal")] == [0, 1, 0]
    assert kpi(phone.survey.stage_kpis["buy"], "csat") == (0.0, 1, "low")
    assert "tp-checkout" not in phone.survey.touchpoint_kpis


def test_kpis_per_stage_and_touchpoint(workspace: Path) -> None:
    survey = numbers(workspace).survey
    assert kpi(survey.touchpoint_kpis["tp-checkout"], "csat") == (66.666667, 3, "mid")
    assert kpi(survey.touchpoint_kpis["tp-phone"], "csat") == (0.0, 1, "low")
    # answers without a stage take their touchpoint's stage
    assert kpi(survey.stage_kpis["buy"], "csat") == (50.0, 4, "low")
    assert kpi(survey.stage_kpis["loyal"], "nps") == (0.0, 2, "mid")
    web = numbers(workspace, NumbersFilter(persona="web")).survey
    assert kpi(web.stage_kpis["buy"], "csat") == (50.0, 2, "low")


def test_computed_emotions_per_persona_and_stage(workspace: Path) -> None:
    found = numbers(workspace)
    everyone = {s: found.emotion(None, s) for s in ("browse", "buy", "loyal")}
    assert (everyone["buy"]["value"], everyone["buy"]["n"]) == (0.0, 4)  # +2 -2 +1 -1
    assert (everyone["loyal"]["value"], everyone["loyal"]["n"]) == (0.6, 2)  # +2, -0.8
    assert everyone["browse"]["n"] == 1 and everyone["browse"]["value"] < 0  # sentiment
    assert {e["source"] for e in everyone.values()} == {"computed"}
    web = found.emotion("web", "buy")
    assert web is not None and (web["value"], web["n"]) == (-0.5, 2)
    young = found.emotion("young", "buy")
    assert young is not None and (young["value"], young["n"]) == (2.0, 1)


def test_a_manual_emotion_card_overrides_and_is_marked(workspace: Path) -> None:
    card = Card(id="m1", stage="buy", score=1.5, persona="web")
    found = numbers(workspace, manual=[card])
    entry = found.emotion("web", "buy")
    assert entry == {"persona": "web", "stage": "buy", "value": 1.5, "n": 1,
                     "source": "manual", "computed": -0.5, "computed_n": 2}
    assert found.emotion(None, "buy")["source"] == "computed"  # type: ignore[index]


def test_quotes_per_stage_come_from_open_answers(workspace: Path) -> None:
    quotes = numbers(workspace).survey.quotes
    assert [q["text"] for q in quotes["buy"]] != []
    assert {q["text"] for q in quotes["buy"]} <= {"Great and fast checkout",
                                                  "Terrible wait on the phone"}
    assert [q["text"] for q in quotes["browse"]] == ["Terrible, awful and slow pages"]
    young = numbers(workspace, NumbersFilter(persona="young")).survey.quotes
    assert [q["text"] for q in young["buy"]] == ["Great and fast checkout"]


def test_results_are_cached_per_filter_and_store_state(workspace: Path) -> None:
    clear_cache()
    first = numbers(workspace, NumbersFilter(channels=("web",)))
    again = numbers(workspace, NumbersFilter(channels=("web",)))
    assert (first.cached, again.cached) == (False, True)
    assert again.stages == first.stages
    assert numbers(workspace, NumbersFilter(channels=("app",))).cached is False
    # a manual card is applied after the cache: no recompute, still overridden
    card = Card(id="m1", stage="browse", score=-2.0)
    edited = numbers(workspace, NumbersFilter(channels=("web",)), manual=[card])
    assert edited.cached is True and edited.emotion(None, "browse")["value"] == -2.0  # type: ignore[index]


@pytest.mark.parametrize(("found", "message"), [
    (NumbersFilter(persona="nobody"), "has no segment rules"),
    (NumbersFilter(persona="ghost"), "no persona 'ghost'"),
    (NumbersFilter(persona="typo"), "personas[3].segment[0].attribute"),
])
def test_bad_personas_are_clear_errors(workspace: Path, found: NumbersFilter,
                                       message: str) -> None:
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        numbers(workspace, found)


def test_a_reversed_date_range_is_refused(workspace: Path) -> None:
    with pytest.raises(SpecError, match="after date_to"):
        numbers(workspace, NumbersFilter(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1)))


def test_a_workspace_without_data_says_what_is_missing(tmp_path: Path) -> None:
    init_workspace(tmp_path / "empty", document=shop_document()).close()
    with Workbench.open(tmp_path / "empty") as bench:
        found = map_numbers(bench, "shop")
    assert (found.missing, found.stages, found.survey.emotions[0]["value"]) == (
        ("events", "surveys"), {}, None)
    assert found.as_dict()["missing"] == ["events", "surveys"]


def test_emotion_scale_and_levels() -> None:
    assert [emotion_value("csat", s, (None, None)) for s in (1, 3, 5)] == [-2.0, 0.0, 2.0]
    assert [emotion_value("nps", s, (None, None)) for s in (0, 5, 10)] == [-2.0, 0.0, 2.0]
    assert emotion_value("ces", 5.5, (None, None)) == 1.0
    assert emotion_value("effort", 3, (1, 5)) == 0.0
    assert emotion_value("effort", 3, (None, None)) is None
    assert [level("csat", v) for v in (59.9, 60, 80)] == ["low", "mid", "high"]
    assert (level("nps", -1), level("ces", 5.5), level("custom", 1), level("csat", None)) == (
        "low", "high", None, None)
