"""`analyze painpoints` on an event file (each event its own touchpoint) and on a workspace
(the map's touchpoints, --save into the map's pain points)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from cli_support import analyze_app, invoke
from journeymap.cli.analyze_painpoints import register
from journeymap.workbench import Workbench
from painpoints_support import Plan, clinic_log, clinic_workspace, write_log

APP = analyze_app(register)
HEADER = "rank,kind,stage,touchpoint,affected_customers,score,evidence"


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(APP, "analyze", "painpoints", *args)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_log(tmp_path_factory.mktemp("clinic-files"), clinic_log(Plan()))


def test_event_file_csv_best_first(files: tuple[Path, Path], tmp_path: Path) -> None:
    events, answers = files
    code, out, err = run("--events", events, "--surveys", answers, "--conversion",
                         "booking_confirmed", "--format", "csv", "-w", tmp_path)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == HEADER
    assert [row["rank"] for row in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert {(row["kind"], row["touchpoint"]) for row in rows[:7]} == {
        ("drop_off", "booking_details"), ("loop", "login"), ("slow_step", "referral_issued"),
        ("channel_switch", "upload_error"), ("error_event", "upload_error"),
        ("low_satisfaction", "hotline"), ("negative_sentiment", "hotline")}
    assert all(row["stage"] == "" for row in rows)  # no map: no stages
    scores = [float(row["score"]) for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert " vs " in rows[0]["evidence"] and "n=" in rows[0]["evidence"]


def test_json_top_and_defaults_without_surveys(files: tuple[Path, Path], tmp_path: Path) -> None:
    code, out, err = run("--events", files[0], "--format", "json", "--top", "2", "-w",
                         tmp_path)
    assert code == 0, err
    code, everything, _ = run("--events", files[0], "--format", "json", "-w", tmp_path)
    # without answers there are no survey findings
    assert not {row["kind"] for row in json.loads(everything)} & {
        "low_satisfaction", "negative_sentiment"}
    rows = json.loads(out)
    # *booking_confirmed* is among the default conversions; the best two of the log
    assert [(row["rank"], row["kind"]) for row in rows] == [(1, "drop_off"), (2, "slow_step")]


def test_bad_input_exits_2_with_one_line(files: tuple[Path, Path], tmp_path: Path) -> None:
    code, _, err = run("--events", files[0], "--save", "-w", tmp_path)
    assert code == 2 and err.count("\n") == 1 and "--save" in err
    code, _, err = run("--events", files[0], "--top", "0", "-w", tmp_path)
    assert code == 2 and "top" in err


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clinic_workspace(tmp_path_factory.mktemp("clinic-cli"))


def test_saved_titles_in_the_language_asked_for(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(workspace, folder)
    code, _, err = run("-w", folder, "--conversion", "booking_confirmed", "--save",
                       "--language", "pl")
    assert code == 0, err
    with Workbench.open(folder) as bench:
        titles = {pp.kind: pp.title for pp in bench.journey_map().pain_points}
    assert titles == {
        "": "No parking near the clinic",  # written by hand: never changed
        "drop_off": "Koniec podróży bez konwersji: Web booking",
        "loop": "Klienci krążą w kółko: App",
        "slow_step": "Powolny krok: referral_requested → referral_issued",
        "channel_switch": "Zmiana kanału: strona www → telefon po zdarzeniu upload_error",
        "error_event": "Błędy i skargi: Web booking",
        "low_satisfaction": "Niskie CSAT: Hotline",
        "negative_sentiment": "Negatywne komentarze: Hotline"}
    # a refresh in English updates the numbers; the titles stay as they were
    code, _, err = run("-w", folder, "--conversion", "booking_confirmed", "--save")
    assert code == 0 and "0 added" in err, err
    with Workbench.open(folder) as bench:
        assert {pp.kind: pp.title for pp in bench.journey_map().pain_points} == titles
    code, _, err = run("-w", folder, "--language", "de")
    assert code == 2 and "--language" in err


def test_workspace_save_and_refresh(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(workspace, folder)
    args = ("-w", folder, "--conversion", "booking_confirmed", "--format", "csv", "--save")
    code, out, err = run(*args)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["stage"] and rows[0]["touchpoint"] == "web-booking"
    assert f"saved: {len(rows)} added, 0 refreshed, {len(rows)} cards" in err
    code, _, err = run(*args)
    assert code == 0 and f"saved: 0 added, {len(rows)} refreshed, 0 cards" in err
    with Workbench.open(folder) as bench:
        detected = [pp for pp in bench.journey_map().pain_points if pp.source == "detected"]
    assert len(detected) == len(rows)
