"""Survey import (long and wide), quarantine of out-of-scale scores, reading in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import write
from journeymap.engine import connect_duckdb
from journeymap.errors import DataFileError, DocumentError, InputError
from journeymap.ingest.mapping import parse_mapping
from journeymap.ingest.sources import open_source
from journeymap.ingest.store import quarantined_rows
from journeymap.ingest.surveys import import_surveys, read_surveys, store_surveys, survey_sql
from journeymap.ingest.validation import REASON
from journeymap.workbench.session import init_workspace

HEADER = "response_id,customer_id,timestamp,touchpoint,stage,location_id,metric,score,comment," \
         "language\n"
LONG = HEADER + """R1,C1,2024-01-05T10:00:00Z,tp-a,service,,csat,4,,en
R2,C2,2024-01-06T10:00:00Z,tp-a,service,,CSAT,0,bad,en
R3,C3,2024-01-07T10:00:00Z,,,,nps,11,,en
R4,C4,2024-01-07T10:00:00Z,tp-b,,,ces,8,,pl
R5,C5,2024-01-07T10:00:00Z,tp-b,,,ces,abc,,pl
R6,C6,2024-01-07T10:00:00Z,tp-b,,,ces,6,,pl
R7,C6,2024-01-07T10:00:00Z,tp-b,,,nps,9.5,,pl
R8,C6,2024-01-07T10:00:00Z,tp-b,,,ease,9.5,,pl
R9,C6,2024-01-07T10:00:00Z,tp-b,,,open,,great,pl
R10,C6,2024-01-07T10:00:00Z,tp-b,,,csat,,great,pl
"""
WIDE_MAPPING = """
columns:
  response_id: Response ID
  customer_id: Email
  timestamp: Submitted At
  touchpoint: Touchpoint
constants:
  channel: Web
timestamp:
  format: "%d.%m.%Y %H:%M"
survey:
  questions:
    - {column: Satisfaction, metric: csat, text: "How satisfied are you?"}
    - {column: Recommend, metric: nps}
    - {column: Speed, metric: speed, min: 1, max: 10}
    - {column: "Anything else?", metric: feedback, open: true}
"""
WIDE = """Response ID,Email,Submitted At,Touchpoint,Satisfaction,Recommend,Speed,Anything else?
F1,a@x.pl,05.01.2024 10:00,tp-web,5,10,7,Fast and friendly
F2,b@x.pl,06.01.2024 11:30,tp-web,2,11,,
F3,c@x.pl,07.01.2024 12:00,tp-web,,3,12,Too slow
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    with init_workspace(folder):
        pass
    return folder


def stored(ws: Path, columns: str = "*") -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(ws / "analytics.duckdb"), read_only=True)
    try:
        return con.execute(f"SELECT {columns} FROM survey_answers ORDER BY seq, metric").fetchall()
    finally:
        con.close()


def test_out_of_scale_scores_are_quarantined_with_row_column_and_reason(
        ws: Path, tmp_path: Path) -> None:
    report = import_surveys(ws, write(tmp_path, "a.csv", LONG))
    assert (report.read, report.accepted, report.quarantined, report.duplicates) == (10, 4, 6, 0)
    found = [(q.row, q.column, q.reason) for q in quarantined_rows(ws)]
    assert found == [
        (2, "score", "score 0 is outside the csat scale; expected a whole number from 1 to 5"),
        (3, "score", "score 11 is outside the nps scale; expected a whole number from 0 to 10"),
        (4, "score", "score 8 is outside the ces scale; expected a whole number from 1 to 7"),
        (5, "score", "cannot read 'abc'; expected a finite number such as 12.5"),
        (7, "score", "score 9.5 is not a whole number; expected a whole number from 0 to 10"),
        (10, "score", "missing value; expected a csat score 1-5"),
    ]
    assert stored(ws, "response_id, metric, score, comment, scale_min, scale_max") == [
        ("R1", "csat", 4.0, None, 1.0, 5.0), ("R6", "ces", 6.0, None, 1.0, 7.0),
        ("R8", "ease", 9.5, None, None, None), ("R9", "open", None, "great", None, None)]


def test_reimport_adds_nothing_and_counts_reconcile(ws: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", LONG)
    import_surveys(ws, path)
    again = import_surveys(ws, path)
    assert (again.read, again.accepted, again.quarantined, again.duplicates) == (10, 0, 6, 4)
    assert len(stored(ws)) == 4
    assert len(quarantined_rows(ws)) == 6  # the same content is not quarantined twice


def test_answers_without_response_id_are_keyed_by_content(ws: Path, tmp_path: Path) -> None:
    text = "metric,score\ncsat,5\ncsat,5\nnps,7\n"
    first = import_surveys(ws, write(tmp_path, "b.csv", text))
    assert (first.read, first.accepted) == (3, 3)  # a true repeat in the file is kept
    second = import_surveys(ws, write(tmp_path, "c.csv", text))
    assert (second.accepted, second.duplicates) == (0, 3)


def test_custom_scale_in_long_format_and_scale_rules(ws: Path, tmp_path: Path) -> None:
    text = ("metric,score,scale_min,scale_max\nspeed,9,1,10\nspeed,11,1,10\ncsat,4,1,10\n"
            "speed,3,5,\nOverall mood,3,,\n")
    report = import_surveys(ws, write(tmp_path, "d.csv", text))
    assert (report.accepted, report.quarantined) == (1, 4)
    assert [(q.row, q.column, q.reason) for q in quarantined_rows(ws)] == [
        (2, "score", "score 11 is outside the speed scale; expected a number from 1-10"),
        (3, "scale_min", "csat is on 1-5, not 1-10; expected scale_min and scale_max 1-5 or "
                         "empty"),
        (4, "scale_max", "not a scale: 5-?; expected both scale_min < scale_max, or neither"),
        (5, "metric", "metric 'overall mood' is not a name; expected csat, nps, ces or a "
                      "custom name (a-z, 0-9, _)"),
    ]


def test_a_refused_file_changes_nothing(ws: Path, tmp_path: Path) -> None:
    import_surveys(ws, write(tmp_path, "ok.csv", "metric,score\ncsat,4\n"))
    with pytest.raises(DataFileError, match="missing required column 'metric'"):
        import_surveys(ws, write(tmp_path, "e.csv", "score\n4\n"))
    with pytest.raises(DataFileError, match="no row has a value for 'metric'"):
        import_surveys(ws, write(tmp_path, "f.csv", "metric,score\n,4\n,5\n"))
    assert stored(ws, "metric, score") == [("csat", 4.0)]
    con = duckdb.connect(str(ws / "analytics.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM imports").fetchone() == (1,)
    finally:
        con.close()
    assert quarantined_rows(ws) == []


def test_wide_file_through_a_mapping(ws: Path, tmp_path: Path) -> None:
    mapping = parse_mapping(WIDE_MAPPING, source="wide.yaml")
    report = import_surveys(ws, write(tmp_path, "wide.csv", WIDE), mapping=mapping)
    # 9 answered cells: 7 good, NPS 11 (row 2) and speed 12 (row 3) quarantined
    assert (report.read, report.accepted, report.quarantined) == (9, 7, 2)
    assert [(q.row, q.column, q.reason) for q in quarantined_rows(ws)] == [
        (2, "Recommend", "score 11 is outside the nps scale; expected a whole number from 0 "
                         "to 10"),
        (3, "Speed", "score 12 is outside the speed scale; expected a number from 1-10"),
    ]
    rows = stored(ws, "response_id, customer_id, CAST(timestamp AS VARCHAR), touchpoint, "
                      "channel, metric, score, comment, question, scale_min, scale_max")
    assert rows[:4] == [
        ("F1", "a@x.pl", "2024-01-05 10:00:00", "tp-web", "web", "csat", 5.0, None,
         "How satisfied are you?", 1.0, 5.0),
        ("F1", "a@x.pl", "2024-01-05 10:00:00", "tp-web", "web", "feedback", None,
         "Fast and friendly", "Anything else?", None, None),
        ("F1", "a@x.pl", "2024-01-05 10:00:00", "tp-web", "web", "nps", 10.0, None,
         "Recommend", 0.0, 10.0),
        ("F1", "a@x.pl", "2024-01-05 10:00:00", "tp-web", "web", "speed", 7.0, None, "Speed",
         1.0, 10.0),
    ]
    assert [(r[0], r[5], r[6]) for r in rows[4:]] == [
        ("F2", "csat", 2.0), ("F3", "feedback", None), ("F3", "nps", 3.0)]
    again = import_surveys(ws, tmp_path / "wide.csv", mapping=mapping)
    assert (again.accepted, again.duplicates) == (0, 7)


def test_wide_file_missing_a_question_column_is_refused(ws: Path, tmp_path: Path) -> None:
    mapping = parse_mapping(WIDE_MAPPING, source="wide.yaml")
    text = "Response ID,Email,Submitted At,Touchpoint,Satisfaction\nF1,a,05.01.2024 10:00,t,4\n"
    with pytest.raises(DataFileError, match="missing question column 'Recommend'"):
        import_surveys(ws, write(tmp_path, "w.csv", text), mapping=mapping)


def test_the_ready_survey_form_mapping(ws: Path, tmp_path: Path) -> None:
    text = ("Response ID,Email,Timestamp,Touchpoint,How satisfied are you with our service?,"
            "How likely are you to recommend us to a friend or colleague?,"
            "How easy was it to get what you needed?,How would you rate the speed of delivery?,"
            "What could we do better?\n"
            "G1,a@x.pl,2024-02-01 09:00:00,tp-web,4,9,6,8,\n")
    report = import_surveys(ws, write(tmp_path, "form.csv", text), mapping="survey-form")
    assert (report.read, report.accepted) == (4, 4)
    assert stored(ws, "metric, score") == [("ces", 6.0), ("csat", 4.0), ("delivery_speed", 8.0),
                                           ("nps", 9.0)]


def test_survey_mapping_section_is_validated() -> None:
    with pytest.raises(DocumentError, match="survey.questions.0: X: the custom scale speed "
                       "needs min < max"):
        parse_mapping("survey:\n  questions:\n    - {column: X, metric: speed}\n", source="m")
    with pytest.raises(DocumentError, match="csat is on 1-5"):
        parse_mapping("survey:\n  questions:\n    - {column: X, metric: csat, min: 0, max: 10}\n",
                      source="m")


def test_read_surveys_in_place_refuses_a_bad_answer(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        read_surveys(connect_duckdb(), write(tmp_path, "a.csv", LONG))
    assert str(caught.value).startswith(f"{tmp_path / 'a.csv'}, row 2, column 'score': score 0 "
                                        "is outside the csat scale (6 bad answers in all)")


def test_read_surveys_in_place(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.csv", HEADER + "R1,C1,2024-01-05,tp,s,l,nps,9,,EN\n")
    table = read_surveys(connect_duckdb(), path)
    row = table.to_pyarrow().to_pylist()[0]
    assert (row["metric"], row["score"], row["language"], row["scale_max"], row["seq"]) == (
        "nps", 9.0, "en", 10.0, 1)


def test_store_surveys_needs_imported_answers(ws: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no analytic store yet"):
        store_surveys(ws)
    import_surveys(ws, write(tmp_path, "ok.csv", "metric,score\ncsat,4\n"))
    assert store_surveys(ws).count().to_pyarrow().as_py() == 1


SCORES = st.one_of(st.integers(min_value=-3, max_value=14).map(str),
                   st.sampled_from(["", "4.5", "x", "1e1", " 5 ", "NaN", "inf"]))


def _expected_problem(metric: str, text: str) -> str | None:
    scale = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}[metric]
    stripped = text.strip()
    if not stripped:
        return "missing value"
    try:
        number = float(stripped)
    except ValueError:
        return "cannot read"
    if number != number or number in (float("inf"), float("-inf")):
        return "cannot read"
    if number != round(number) or not scale[0] <= number <= scale[1]:
        return "score"
    return None


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["csat", "nps", "ces"]), SCORES), min_size=1,
                max_size=8))
def test_row_validator_accepts_exactly_the_scores_on_the_scale(
        tmp_path: Path, answers: list[tuple[str, str]]) -> None:
    path = tmp_path / "h.csv"
    path.write_text("metric,score\n" + "".join(f'{m},"{s}"\n' for m, s in answers),
                    encoding="utf-8")
    con = duckdb.connect()
    source = open_source(con, path)
    checked = survey_sql(source, parse_mapping("", source="m"))
    found = con.execute(f"SELECT {REASON} FROM ({checked}) ORDER BY _jm_row").fetchall()
    assert len(found) == len(answers)
    for (metric, text), (reason,) in zip(answers, found, strict=True):
        expected = _expected_problem(metric, text)
        if expected is None:
            assert reason is None, (metric, text, reason)
        elif expected == "score":
            assert reason is not None and reason.startswith("score "), (metric, text, reason)
        else:
            assert reason is not None and reason.startswith(expected), (metric, text, reason)


def test_the_demo_imports_its_survey_answers_without_quarantine(tmp_path: Path) -> None:
    from journeymap.workbench.demo import build_demo

    result = build_demo(tmp_path / "demo", customers=300, seed=7)
    assert result.info["survey_answers"] > 0
    assert len(stored(result.path, "metric")) == result.info["survey_answers"]
    assert quarantined_rows(result.path) == []


def test_json_lines_in_long_format(ws: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", '{"metric": "csat", "score": 5, "touchpoint": "t"}\n[1]\n'
                                      '{"metric": "nps", "score": "12"}\n')
    report = import_surveys(ws, path)
    assert (report.read, report.accepted, report.quarantined) == (3, 1, 2)
    assert [(q.row, q.column, q.reason) for q in quarantined_rows(ws)] == [
        (2, None, "not a JSON object; expected one JSON object a line"),
        (3, "score", "score 12 is outside the nps scale; expected a whole number from 0 to 10")]
