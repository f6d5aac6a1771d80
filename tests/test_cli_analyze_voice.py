"""`analyze kpis|effect` through a Typer app built with `register`, exact CSV bytes.

Wilson numbers checked with scipy's binomtest(...).proportion_ci(method="wilson").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import analyze_app, invoke, runner
from journeymap.cli.analyze_voice import register
from journeymap.cli.app import app as journeymap_app
from journeymap.workbench import Workbench
from map_support import small_map
from voice_answers import answers_file, voice_workspace

# tp-web (channel web on the map): 5, 4 in January, 1, 2 in February; tp-help (phone): 2, 1
ANSWERS = """response_id,customer_id,timestamp,touchpoint,stage,location_id,metric,score,comment,\
language
R1,C1,2024-01-05T10:00:00Z,tp-web,co,,csat,5,,en
R2,C2,2024-01-06T10:00:00Z,tp-web,co,,csat,4,,en
R3,C3,2024-02-07T10:00:00Z,tp-help,se,,csat,2,,en
R4,C4,2024-02-08T10:00:00Z,tp-help,se,,csat,1,,en
R5,C1,2024-01-09T10:00:00Z,,,,nps,10,,en
R6,C5,2024-02-10T10:00:00Z,tp-web,co,,csat,1,,en
R7,C6,2024-02-11T10:00:00Z,tp-web,co,,csat,2,,en
"""
OVERALL = ("all,csat,33.333333,6,9.677141,70.000668\n"
           "all,nps,100.0,1,18.744186,100.0\n"
           "all,ces,,0,,\n")


APP = analyze_app(register)


def run(*args: str | Path) -> tuple[int, str, str]:
    return invoke(APP, "analyze", *args)


@pytest.fixture
def surveys(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path, surveys: Path) -> Path:
    """A workspace with the small map (tp-web on web, tp-help on phone) and the answers."""
    folder = tmp_path / "ws"
    assert runner.invoke(journeymap_app, ["init", str(folder)]).exit_code == 0
    with Workbench.open(folder) as bench:
        document = bench.document()
        bench.replace_document(document.model_copy(update={"maps": [small_map()]}))
    imported = runner.invoke(journeymap_app, ["import", "surveys", str(surveys), "-w",
                                              str(folder)])
    assert imported.stdout == "read 7, accepted 7, quarantined 0, duplicates 0\n"
    return folder


def test_kpis_on_a_file(surveys: Path, tmp_path: Path) -> None:
    code, out, err = run("kpis", "--surveys", surveys, "-w", tmp_path, "--format", "csv")
    assert (code, err) == (0, "")
    assert out == "group,metric,value,n,ci_low,ci_high\n" + OVERALL


def test_kpis_by_touchpoint_on_a_file(surveys: Path, tmp_path: Path) -> None:
    code, out, _ = run("kpis", "--surveys", surveys, "--by", "touchpoint", "-w", tmp_path,
                       "-f", "csv")
    assert code == 0
    assert out == ("group,metric,value,n,ci_low,ci_high\n"
                   "tp-help,csat,0.0,2,0.0,65.761977\n"
                   "tp-web,csat,50.0,4,15.003899,84.996101\n"
                   ",nps,100.0,1,18.744186,100.0\n" + OVERALL)


def test_kpis_by_channel_on_the_workspace_uses_the_map(workspace: Path) -> None:
    code, out, _ = run("kpis", "--by", "channel", "-w", workspace, "-f", "csv")
    assert code == 0
    assert out == ("group,metric,value,n,ci_low,ci_high\n"
                   "phone,csat,0.0,2,0.0,65.761977\n"
                   "web,csat,50.0,4,15.003899,84.996101\n"
                   ",nps,100.0,1,18.744186,100.0\n" + OVERALL)


def test_kpis_by_month(workspace: Path) -> None:
    code, out, _ = run("kpis", "--by", "month", "-w", workspace, "-f", "csv")
    assert code == 0
    assert out.splitlines()[1:7] == [
        "2024-01,csat,100.0,2,34.238023,100.0", "2024-01,nps,100.0,1,18.744186,100.0",
        "2024-01,ces,,0,,", "2024-02,csat,0.0,4,0.0,48.989084", "2024-02,nps,,0,,",
        "2024-02,ces,,0,,"]


def test_effect_on_the_workspace(workspace: Path) -> None:
    code, out, _ = run("effect", "--metric", "csat", "--touchpoint", "tp-web", "--at",
                       "2024-02-01", "--window", "31d", "-w", workspace, "-f", "csv")
    assert code == 0
    assert out == ("metric,touchpoint,before_n,before_value,after_n,after_value,difference,"
                   "ci_low,ci_high,p_value,verdict\n"
                   "csat,tp-web,2,100.0,2,0.0,-100.0,-100.0,-6.99852,0.0455,worsened\n")


def test_effect_refuses_two_touchpoints(surveys: Path, tmp_path: Path) -> None:
    code, out, err = run("effect", "--metric", "csat", "--at", "2024-02-01", "--surveys",
                         surveys, "-w", tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("error[instrument_mismatch]: cannot compare different instruments: "
                          "before = csat (no question text, scale 1-5, touchpoint tp-web); "
                          "after = csat (no question text, scale 1-5, touchpoint tp-help) and "
                          "csat (no question text, scale 1-5, touchpoint tp-web)")


def test_bad_input_exits_2_with_one_line(surveys: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("metric,score\nnps,11\n", encoding="utf-8")
    code, _, err = run("kpis", "--surveys", bad, "-w", tmp_path)
    assert code == 2
    assert err == (f"error[bad_data_file]: {bad}, row 1, column 'score': score 11 is outside "
                   "the nps scale (the only bad answer); expected a whole number from 0 to 10 "
                   f"(`journeymap import surveys {bad}` quarantines bad answers)\n")
    code, _, err = run("effect", "--metric", "csat", "--at", "someday", "--surveys", surveys,
                       "-w", tmp_path)
    assert (code, err) == (2, "error[input_error]: --at: expected a date like 2024-03-31; "
                              "got 'someday'\n")
    code, _, err = run("kpis", "-w", tmp_path)
    assert code == 2 and "not a journeymap workspace" in err


def test_help_lists_the_csv_columns() -> None:
    code, out, _ = run("kpis", "--help")
    assert code == 0 and "group,metric,value,n,ci_low,ci_high" in out


def test_kpis_by_channel_outside_a_workspace_uses_the_file_only(surveys: Path,
                                                                  tmp_path: Path) -> None:
    code, out, _ = run("kpis", "--by", "channel", "--surveys", surveys, "-w", tmp_path,
                       "-f", "csv")
    assert code == 0
    assert out.splitlines()[1:3] == [",csat,33.333333,6,9.677141,70.000668",
                                     ",nps,100.0,1,18.744186,100.0"]


def test_effect_between_two_explicit_periods(workspace: Path) -> None:
    code, out, _ = run("effect", "--metric", "csat", "--touchpoint", "tp-web", "--before",
                       "2024-01-01..2024-01-31", "--after", "2024-02-01..2024-02-29", "-w",
                       workspace, "-f", "csv")
    assert code == 0
    assert out.splitlines()[1] == (
        "csat,tp-web,2,100.0,2,0.0,-100.0,-100.0,-6.99852,0.0455,worsened")
    code, _, err = run("effect", "--metric", "csat", "--before", "2024-01-01", "-w", workspace)
    assert (code, err) == (2, "error[input_error]: --before: expected FROM..TO like "
                              "2024-01-01..2024-01-31; got '2024-01-01'\n")
    code, _, err = run("effect", "--metric", "csat", "-w", workspace)
    assert (code, err) == (2, "error[invalid_spec]: effect: give a date (at) or both periods "
                              "(before and after)\n")


SENTIMENT_CSV = """response_id,language,sentiment,score,method
R1,en,positive,0.840168,lexicon
R3,en,negative,-0.840168,lexicon
R4,pl,negative,-0.817624,lexicon
R5,pl,positive,0.790569,lexicon
R6,en,positive,0.718421,lexicon
R7,en,positive,0.718421,lexicon
"""
HOTLINE_THEMES = (
    'hotline,pl,"czekało, długo, fatalny",1,0.5,-0.8176,'
    '"[""Fatalna obsługa, bardzo długo czekałem""]"\n'
    'hotline,pl,"konsultant, miły, pomocny",1,0.5,0.7906,'
    '"[""Konsultant był bardzo miły i pomocny""]"\n')


def test_sentiment_of_open_answers_on_a_file(tmp_path: Path) -> None:
    code, out, err = run("sentiment", "--surveys", answers_file(tmp_path), "-w", tmp_path,
                         "-f", "csv")
    assert (code, err) == (0, "")
    assert out == SENTIMENT_CSV


def test_sentiment_and_themes_on_the_workspace(tmp_path: Path) -> None:
    folder = voice_workspace(tmp_path)
    assert run("sentiment", "-w", folder, "-f", "csv")[1] == SENTIMENT_CSV
    code, out, err = run("themes", "--by", "touchpoint", "-w", folder, "-f", "csv")
    assert (code, err) == (0, "")
    assert out == "group,language,theme,answers,share,mean_sentiment,quotes\n" + HOTLINE_THEMES


def test_themes_overall_quote_user_text_as_json(tmp_path: Path) -> None:
    code, out, err = run("themes", "--surveys", answers_file(tmp_path), "-w", tmp_path,
                         "-f", "csv")
    assert (code, err) == (0, "")
    assert out == (
        "group,language,theme,answers,share,mean_sentiment,quotes\n"
        'all,pl,"czekało, długo, fatalny",1,0.5,-0.8176,'
        '"[""Fatalna obsługa, bardzo długo czekałem""]"\n'
        'all,pl,"konsultant, miły, pomocny",1,0.5,0.7906,'
        '"[""Konsultant był bardzo miły i pomocny""]"\n'
        'all,en,"friend, price, recommend",3,0.75,0.1989,'
        '"[""Great prices, I recommend you to friends"", ""Terrible hotline, I waited '
        'forever"", ""<script>alert(1)</script> great shop and friendly staff""]"\n'
        'all,en,"checkout, easy, fast",1,0.25,0.8402,'
        '"[""Fast and easy checkout, great service""]"\n')


def test_sentiment_without_answers_exits_2(tmp_path: Path) -> None:
    assert runner.invoke(journeymap_app, ["init", str(tmp_path / "ws")]).exit_code == 0
    code, out, err = run("sentiment", "-w", tmp_path / "ws", "-f", "csv")
    assert (code, out) == (2, "")
    assert "the workspace has no analytic store yet" in err
    assert len(err.strip().splitlines()) == 1


def test_help_lists_the_open_answer_columns() -> None:
    assert "response_id,language,sentiment,score,method" in run("sentiment", "--help")[1]
    assert ("group,language,theme,answers,share,mean_sentiment,quotes"
            in run("themes", "--help")[1])


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built shop workspace of test_workbench_numbers: events, customers, answers."""
    from test_workbench_numbers import make_workspace, shop_document

    return make_workspace(tmp_path_factory.mktemp("shop") / "ws", shop_document())


def test_kpis_on_a_workspace_with_events_add_churn_and_conversion(shop: Path) -> None:
    code, out, _ = run("kpis", "-w", shop, "--format", "csv")
    assert code == 0
    assert out.splitlines()[-2:] == ["all,churn,0.0,4,0.0,48.989084",
                                     "all,conversion,25.0,4,4.558726,69.935816"]


def test_kpis_by_persona_and_for_one_persona(shop: Path) -> None:
    code, out, _ = run("kpis", "-w", shop, "--by", "persona", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1:5] == ["web,csat,50.0,2,9.453121,90.546879",
                                     "web,nps,-100.0,1,-100.0,-18.744186",
                                     "web,churn,0.0,2,0.0,65.761977",
                                     "web,conversion,0.0,2,0.0,65.761977"]
    code, out, _ = run("kpis", "-w", shop, "--persona", "young", "--converted-by", "checkout",
                       "--format", "csv")
    assert code == 0 and out.splitlines()[-1] == "all,conversion,100.0,1,20.654931,100.0"


def test_personas_need_the_workspace(shop: Path, surveys: Path) -> None:
    for args in (("--by", "persona"), ("--persona", "web")):
        code, _, err = run("kpis", "--surveys", surveys, "-w", shop, *args)
        assert code == 2 and "personas belong to a workspace" in err, args
    code, _, err = run("kpis", "-w", shop, "--persona", "nope")
    assert code == 2 and "no persona 'nope'" in err
