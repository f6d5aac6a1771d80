"""Voice of the customer, headless, on a hand-made answer set imported for real.

KPI values and Wilson intervals are those of ``analytics.kpis`` (checked there against
scipy); here: that the right answers reach them, grouped, by month, per touchpoint.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from builders import document
from journeymap.analytics.effects import EffectSpec
from journeymap.errors import InstrumentMismatchError
from journeymap.ingest.surveys import import_surveys
from journeymap.workbench import ANALYTICS_FILE, init_workspace
from journeymap.workbench.voice import (
    SentimentShare,
    TrendPoint,
    Voice,
    load_answers,
    map_themes,
    touchpoint_themes,
    workspace_voice,
)
from voice_answers import SCRIPT, voice_workspace
from wal_support import commit_to_wal_only

CHANNELS = {"ad": "social", "checkout": "web", "shop": "store", "hotline": "phone"}
ALL_ROWS = [
    {"group": "all", "metric": "csat", "value": 57.142857, "n": 7, "ci_low": 25.045836,
     "ci_high": 84.178014},
    {"group": "all", "metric": "nps", "value": 100.0, "n": 1, "ci_low": 18.744186,
     "ci_high": 100.0},
    {"group": "all", "metric": "ces", "value": None, "n": 0, "ci_low": None, "ci_high": None},
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return voice_workspace(tmp_path_factory.mktemp("voice"))


@pytest.fixture(scope="module")
def voice(workspace: Path) -> Voice:
    found = workspace_voice(workspace, CHANNELS)
    assert found is not None
    return found


def test_kpis_by_touchpoint(voice: Voice) -> None:
    rows = voice.kpis("touchpoint").rows
    assert [(r["group"], r["metric"], r["value"], r["n"]) for r in rows[:4]] == [
        ("checkout", "csat", 66.666667, 3), ("hotline", "csat", 33.333333, 3),
        ("shop", "csat", 100.0, 1), (None, "nps", 100.0, 1)]
    assert (rows[1]["ci_low"], rows[1]["ci_high"]) == (6.149194, 79.23404)
    assert list(rows[4:]) == ALL_ROWS


def test_kpis_by_channel_use_the_maps_touchpoints(voice: Voice) -> None:
    rows = voice.kpis("channel").rows
    assert [(r["group"], r["value"], r["n"]) for r in rows[:3]] == [
        ("phone", 33.333333, 3), ("store", 100.0, 1), ("web", 66.666667, 3)]


def test_kpis_by_location_and_stage(voice: Voice) -> None:
    by_location = [(r["group"], r["metric"], r["n"]) for r in voice.kpis("location").rows[:3]]
    assert by_location == [("waw", "csat", 1), (None, "csat", 6), (None, "nps", 1)]
    by_stage = [(r["group"], r["value"], r["n"]) for r in voice.kpis("stage").rows[:2]]
    assert by_stage == [("purchase", 75.0, 4), ("service", 33.333333, 3)]


def test_trends_by_month_leave_out_kpis_nobody_answered(voice: Voice) -> None:
    assert voice.trends() == {
        "csat": (TrendPoint("2024-01", 66.666667, 3, 20.76596, 93.850806),
                 TrendPoint("2024-02", 50.0, 4, 15.003899, 84.996101)),
        "nps": (TrendPoint("2024-01", None, 0, None, None),
                TrendPoint("2024-02", 100.0, 1, 18.744186, 100.0)),
    }


def test_sentiment_of_each_open_answer(voice: Voice) -> None:
    # six weakly labelled answers are too few to learn from: the lexicon decides
    assert voice.sentiment_rows() == (
        {"response_id": "R1", "language": "en", "sentiment": "positive", "score": 0.840168,
         "method": "lexicon"},
        {"response_id": "R3", "language": "en", "sentiment": "negative", "score": -0.840168,
         "method": "lexicon"},
        {"response_id": "R4", "language": "pl", "sentiment": "negative", "score": -0.817624,
         "method": "lexicon"},
        {"response_id": "R5", "language": "pl", "sentiment": "positive", "score": 0.790569,
         "method": "lexicon"},
        {"response_id": "R6", "language": "en", "sentiment": "positive", "score": 0.718421,
         "method": "lexicon"},
        {"response_id": "R7", "language": "en", "sentiment": "positive", "score": 0.718421,
         "method": "lexicon"},
    )
    assert voice.open_answers[4].text == f"{SCRIPT} great shop and friendly staff"


def test_sentiment_shares_per_touchpoint_most_negative_first(voice: Voice) -> None:
    assert voice.sentiment_by_touchpoint() == (
        SentimentShare("hotline", 3, 0.3333, 0.6667, 0.0, -0.2891),
        SentimentShare("", 1, 1.0, 0.0, 0.0, 0.7184),
        SentimentShare("checkout", 1, 1.0, 0.0, 0.0, 0.8402),
        SentimentShare("shop", 1, 1.0, 0.0, 0.0, 0.7184),
    )
    assert voice.touchpoints() == ("checkout", "hotline", "shop")
    assert voice.touchpoints(open_only=False) == ("checkout", "hotline", "shop")


def test_themes_overall_and_of_one_touchpoint(voice: Voice) -> None:
    overall = [(t.language, t.name, t.size, t.share, t.mean_sentiment) for t in voice.themes()]
    assert overall == [
        ("pl", "czekało, długo, fatalny", 1, 0.5, -0.8176),
        ("pl", "konsultant, miły, pomocny", 1, 0.5, 0.7906),
        ("en", "friend, price, recommend", 3, 0.75, 0.1989),
        ("en", "checkout, easy, fast", 1, 0.25, 0.8402),
    ]
    # one English hotline answer is too few for a theme; the two Polish ones make two
    hotline = voice.themes("hotline")
    assert [(t.language, t.name, t.quotes) for t in hotline] == [
        ("pl", "czekało, długo, fatalny", ("Fatalna obsługa, bardzo długo czekałem",)),
        ("pl", "konsultant, miły, pomocny", ("Konsultant był bardzo miły i pomocny",)),
    ]
    assert voice.themes("nowhere") == ()


def test_theme_rows_for_the_cli(voice: Voice) -> None:
    rows = voice.theme_rows()
    assert [r["group"] for r in rows] == ["all"] * 4
    assert rows[2]["quotes"] == ["Great prices, I recommend you to friends",
                                 "Terrible hotline, I waited forever",
                                 f"{SCRIPT} great shop and friendly staff"]
    assert voice.theme_rows(by_touchpoint=True) == (
        {"group": "hotline", "language": "pl", "theme": "czekało, długo, fatalny", "answers": 1,
         "share": 0.5, "mean_sentiment": -0.8176,
         "quotes": ["Fatalna obsługa, bardzo długo czekałem"]},
        {"group": "hotline", "language": "pl", "theme": "konsultant, miły, pomocny",
         "answers": 1, "share": 0.5, "mean_sentiment": 0.7906,
         "quotes": ["Konsultant był bardzo miły i pomocny"]},
    )


def test_compare_one_touchpoint_before_and_after(voice: Voice) -> None:
    spec = EffectSpec(metric="csat", touchpoint="hotline", at=date(2024, 2, 1),
                      window_seconds=31 * 86400.0)
    assert voice.compare(spec).rows == ({
        "metric": "csat", "touchpoint": "hotline", "before_n": 1, "before_value": 0.0,
        "after_n": 2, "after_value": 50.0, "difference": 50.0, "ci_low": -39.104934,
        "ci_high": 90.546879, "p_value": 0.386476, "verdict": "no detectable change"},)


def test_compare_refuses_two_instruments(voice: Voice) -> None:
    spec = EffectSpec(metric="csat", at=date(2024, 2, 1), window_seconds=31 * 86400.0)
    with pytest.raises(InstrumentMismatchError, match="touchpoint checkout"):
        voice.compare(spec)


def test_kept_per_data_version(tmp_path: Path) -> None:
    workspace = voice_workspace(tmp_path)
    first = workspace_voice(workspace, CHANNELS)
    assert first is not None
    assert workspace_voice(workspace, CHANNELS) is first
    assert workspace_voice(workspace, {}) is not first  # other map channels, other KPIs
    more = tmp_path / "more.csv"
    more.write_text("response_id,timestamp,touchpoint,metric,score\n"
                    "R9,2024-03-01T10:00:00Z,shop,csat,1\n", encoding="utf-8")
    import_surveys(workspace, more)
    fresh = workspace_voice(workspace, CHANNELS)
    assert fresh is not None and fresh is not first
    assert fresh.kpis().rows[0]["n"] == 8


def test_a_commit_still_in_the_wal_is_a_new_data_version(tmp_path: Path) -> None:
    workspace = voice_workspace(tmp_path)
    first = workspace_voice(workspace, CHANNELS)
    assert first is not None and first.kpis().rows[0]["n"] == 7
    # One more CSAT answer, committed by a writer that has not checkpointed yet.
    commit_to_wal_only(workspace / ANALYTICS_FILE, (
        "INSERT INTO survey_answers SELECT * REPLACE ('W1' AS response_id) "
        "FROM survey_answers WHERE metric = 'csat' AND response_id = ("
        "SELECT min(response_id) FROM survey_answers WHERE metric = 'csat')"))
    fresh = workspace_voice(workspace, CHANNELS)
    assert fresh is not None and fresh is not first
    assert fresh.kpis().rows[0]["n"] == 8


def test_no_answers_no_voice(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    init_workspace(workspace, document=document()).close()
    assert workspace_voice(workspace, {}) is None  # no analytic store yet
    duckdb.connect(str(workspace / ANALYTICS_FILE)).close()
    assert workspace_voice(workspace, {}) is None  # a store without survey answers


def test_enough_scored_answers_teach_the_model(tmp_path: Path) -> None:
    lines = ["response_id,timestamp,touchpoint,metric,score,comment,language"]
    for i in range(20):
        lines.append(f"P{i},2024-01-01T10:00:00Z,shop,csat,5,Item {i} arrived on day {i},en")
        lines.append(f"N{i},2024-01-01T10:00:00Z,shop,csat,1,Box {i} went missing {i},en")
    path = tmp_path / "scored.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workspace = voice_workspace(tmp_path)
    import_surveys(workspace, path)
    voice = Voice(load_answers(workspace))
    methods = {answer.method for answer in voice.open_answers}
    assert methods == {"model"}
    labels = {a.response_id[0] + a.sentiment for a in voice.open_answers
              if a.response_id[0] in "PN"}
    assert labels == {"Ppositive", "Nnegative"}


def test_touchpoint_themes_for_the_canvas(voice: Voice) -> None:
    # the hotline's two Polish answers make two themes of one answer each
    assert touchpoint_themes(voice, "hotline") == (
        {"touchpoint": "hotline", "name": "czekało, długo, fatalny", "language": "pl", "n": 1,
         "share": 0.5, "positive": 0.0, "negative": 1.0},
        {"touchpoint": "hotline", "name": "konsultant, miły, pomocny", "language": "pl",
         "n": 1, "share": 0.5, "positive": 1.0, "negative": 0.0})
    assert len(touchpoint_themes(voice, "hotline", top=1)) == 1
    assert touchpoint_themes(voice, "checkout") == ()  # one answer: no theme


def test_themes_reach_the_map_numbers(workspace: Path) -> None:
    from journeymap.workbench import Workbench
    from journeymap.workbench.numbers import clear_cache, map_numbers

    clear_cache()
    ready = workspace_voice(workspace, CHANNELS)
    assert ready is not None
    for touchpoint in ready.touchpoints():  # computed: the canvas does not wait for them
        ready.themes(touchpoint)
    with Workbench.open(workspace) as bench:
        stored = bench.document()
        # the map's persona has rules on a city this workspace's customers lack
        retail = stored.maps[0].model_copy(update={"personas": []})
        numbers = map_numbers(bench, "retail", document=stored.model_copy(
            update={"maps": [retail]}))
    voice = workspace_voice(workspace, CHANNELS)
    assert voice is not None
    assert numbers.touchpoints["hotline"]["themes"] == touchpoint_themes(voice, "hotline")
    assert [ident for ident, found in numbers.touchpoints.items() if "themes" in found] == [
        "hotline"]


def test_map_themes_are_computed_in_the_background_first(tmp_path: Path) -> None:
    import threading

    workspace = voice_workspace(tmp_path)
    touchpoints = ["ad", "checkout", "shop", "hotline"]
    assert map_themes(workspace, CHANNELS, touchpoints) == {}  # not computed yet: no wait
    for thread in threading.enumerate():
        if thread.name == "journeymap-themes":
            thread.join()
    voice = workspace_voice(workspace, CHANNELS)
    assert voice is not None and voice.ready("hotline")
    assert map_themes(workspace, CHANNELS, touchpoints) == {
        "hotline": touchpoint_themes(voice, "hotline")}
