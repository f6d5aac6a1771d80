"""Survey answers: long files (one answer a row) and wide files (one response a row, one
column a question, through a mapping's ``survey`` section) become ``survey_answers`` rows.

The rules are those of events: one vectorised check types every answer or says why not,
bad answers are quarantined, re-imports add nothing, and each import is one transaction.
In a wide file every non-empty question cell is one answer: counts are of answers, and a
quarantined answer names its file row and question column.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from journeymap.errors import DataFileError, InputError
from journeymap.ingest.importer import KEYED, MappingSpec, key_rows, run_import
from journeymap.ingest.mapping import (
    METRIC_PATTERN,
    STANDARD_SCALES,
    Mapping,
    SurveyQuestion,
    load_mapping,
)
from journeymap.ingest.sources import ROW, Source, ident, lit, open_source, run_reading
from journeymap.ingest.store import ImportReport, Progress, analytics_path
from journeymap.ingest.validation import (
    EXPECTED,
    PROBLEM,
    REASON,
    Column,
    blank_as_null,
    checked_sql,
)

TABLE = "survey_answers"
SURVEY_COLUMNS = (
    Column("response_id"), Column("customer_id"), Column("timestamp", "timestamp"),
    Column("touchpoint"), Column("stage"), Column("location_id"),
    Column("metric", required=True), Column("score", "number"), Column("comment"),
    Column("language"), Column("channel"), Column("question"),
    Column("scale_min", "number"), Column("scale_max", "number"),
)
#: The canonical survey answer columns, in order (DESIGN.md 4.1 plus instrument details).
SURVEY_CANONICAL = tuple(column.name for column in SURVEY_COLUMNS)
COLUMNS_SQL = (
    "response_id VARCHAR, customer_id VARCHAR, timestamp TIMESTAMP, touchpoint VARCHAR, "
    "stage VARCHAR, location_id VARCHAR, metric VARCHAR NOT NULL, score DOUBLE, "
    "comment VARCHAR, language VARCHAR, channel VARCHAR, question VARCHAR, scale_min DOUBLE, "
    "scale_max DOUBLE, import_id VARCHAR NOT NULL, seq BIGINT NOT NULL, "
    "row_key VARCHAR NOT NULL"
)
#: Response-level fields a wide file gives once per row.
CONTEXT = ("response_id", "customer_id", "timestamp", "touchpoint", "stage", "location_id",
           "language", "channel")
FIELD = "_jm_field"
_views = itertools.count(1)


@dataclass(frozen=True)
class _WideSource(Source):
    """The answers of a wide file, one per non-empty question cell; raw is the whole row."""

    def raw(self) -> str:
        return "_jm_whole"


def import_surveys(workspace_dir: Path, path: Path, *, mapping: MappingSpec = None,
                   progress: Progress | None = None) -> ImportReport:
    """Append the survey answers of ``path``; bad answers go to quarantine."""
    spec = load_mapping(mapping) or Mapping()

    def prepare(con: Any, source: Source) -> str:
        return survey_sql(source, spec)

    def write(con: Any, import_id: str, used: Mapping) -> int:
        return _write_answers(con, import_id)

    return run_import(workspace_dir, Path(path), "surveys", spec, progress, prepare, write)


def survey_sql(source: Source, spec: Mapping) -> str:
    """The checked answers of ``source``: canonical columns, ``answer_id`` and problems."""
    columns: tuple[Column, ...] = SURVEY_COLUMNS
    wide = spec.survey is not None
    if wide:
        # the wide relation already has canonical names; only the time format still applies
        source, spec = _wide(source, spec), Mapping(timestamp=spec.timestamp)
        columns += (Column(FIELD),)
    checked = checked_sql(source, columns, spec, properties=False)
    return _answer_checks(checked, wide=wide)


def _wide(source: Source, spec: Mapping) -> _WideSource:
    assert spec.survey is not None
    if source.columns is None:
        raise DataFileError(source.label, "a wide survey file cannot be JSON Lines",
                            expected="a CSV/TSV or Parquet file with one column a question")
    context = [f"{_context_text(source, name, spec)} AS {ident(name)}" for name in CONTEXT]
    parts = [_answers(source, question, context) for question in spec.survey.questions]
    relation = " UNION ALL ".join(parts)
    names = (*CONTEXT, "metric", "score", "comment", "question", "scale_min", "scale_max",
             FIELD)
    return _WideSource(source.label, source.format, relation, names)


def _context_text(source: Source, name: str, spec: Mapping) -> str:
    values = [blank_as_null(text) for text in
              (source.text(path) for path in spec.sources(name)) if text is not None]
    constant = spec.constants.get(name)
    if constant is not None:
        values.append(lit(str(constant)))
    if not values:
        return "CAST(NULL AS VARCHAR)"
    return values[0] if len(values) == 1 else f"coalesce({', '.join(values)})"


def _answers(source: Source, question: SurveyQuestion, context: list[str]) -> str:
    text = source.text(question.column)
    if text is None:
        found = ", ".join(source.columns or ())
        raise DataFileError(source.label, f"missing question column {question.column!r}",
                            column=question.column, expected=f"a header with "
                            f"{question.column!r} (found: {found})",
                            hint="check the survey section of the mapping")
    value = blank_as_null(text)
    scale = question.scale()
    low, high = ("NULL", "NULL") if scale is None else (repr(scale[0]), repr(scale[1]))
    score, comment = ("NULL", value) if question.open else (value, "NULL")
    return (f"SELECT {ROW}, {', '.join(context)}, {lit(question.metric)} AS metric, "
            f"{score} AS score, {comment} AS comment, "
            f"{lit(question.text or question.column)} AS question, {low} AS scale_min, "
            f"{high} AS scale_max, {lit(question.column)} AS {FIELD}, "
            f"{source.raw()} AS _jm_whole FROM ({source.relation}) WHERE {value} IS NOT NULL")


def _standard(column: str) -> str:
    """SQL of the standard scale's end (min or max) of ``metric``; NULL for custom ones."""
    index = 0 if column == "low" else 1
    whens = " ".join(f"WHEN {lit(name)} THEN {scale[index]!r}"
                     for name, scale in STANDARD_SCALES.items())
    return f"(CASE metric {whens} END)"


def _shown(number: str) -> str:
    return (f"(CASE WHEN {number} = round({number}) THEN CAST(CAST({number} AS HUGEINT) AS "
            f"VARCHAR) ELSE CAST({number} AS VARCHAR) END)")


Rule = tuple[str, str, str, str]


def _rules() -> list[Rule]:
    """(condition, column, reason, expected) SQL of the answer rules, first match wins."""
    low, high = _standard("low"), _standard("high")
    lowest, highest = f"coalesce({low}, scale_min)", f"coalesce({high}, scale_max)"
    scale = f"{_shown(lowest)} || '-' || {_shown(highest)}"
    return [
        (f"NOT regexp_full_match(metric, {lit(METRIC_PATTERN[1:-1])})", "'metric'",
         "'metric ''' || left(metric, 60) || ''' is not a name'",
         "'csat, nps, ces or a custom name (a-z, 0-9, _)'"),
        ("score IS NULL AND comment IS NULL", "'score'", "'missing value'",
         "'a score, or a comment for an open answer'"),
        (f"score IS NULL AND {low} IS NOT NULL", "'score'", "'missing value'",
         f"'a ' || metric || ' score ' || {scale}"),
        (f"{low} IS NOT NULL AND (scale_min IS NOT NULL OR scale_max IS NOT NULL) AND "
         f"(scale_min IS DISTINCT FROM {low} OR scale_max IS DISTINCT FROM {high})",
         "'scale_min'", f"metric || ' is on ' || {scale} || ', not ' || "
         f"coalesce({_shown('scale_min')}, '?') || '-' || coalesce({_shown('scale_max')}, '?')",
         f"'scale_min and scale_max ' || {scale} || ' or empty'"),
        ("(scale_min IS NULL) <> (scale_max IS NULL) OR scale_min >= scale_max", "'scale_max'",
         "'not a scale: ' || coalesce(" + _shown("scale_min") + ", '?') || '-' || coalesce("
         + _shown("scale_max") + ", '?')", "'both scale_min < scale_max, or neither'"),
        (f"score IS NOT NULL AND {low} IS NOT NULL AND (score <> round(score) OR score < {low} "
         f"OR score > {high})", "'score'",
         f"'score ' || {_shown('score')} || CASE WHEN score <> round(score) THEN ' is not a whole "
         f"number' ELSE ' is outside the ' || metric || ' scale' END",
         f"'a whole number from ' || {_shown(low)} || ' to ' || {_shown(high)}"),
        ("score IS NOT NULL AND scale_min IS NOT NULL AND (score < scale_min OR score > "
         "scale_max)", "'score'", f"'score ' || {_shown('score')} || ' is outside the ' || "
         f"metric || ' scale'", f"'a number from ' || {scale}"),
    ]


def _answer_checks(checked: str, *, wide: bool) -> str:
    """Add the answer rules to the typed rows: a known metric name, a score on its scale."""
    checks = _rules()
    low, high = _standard("low"), _standard("high")
    problem = " ".join(f"WHEN {cond} THEN {name}" for cond, name, _, _ in checks)
    reason = " ".join(f"WHEN {cond} THEN {why}" for cond, _, why, _ in checks)
    expected = " ".join(f"WHEN {cond} THEN {what}" for cond, _, _, what in checks)
    field = f"coalesce({FIELD}, " if wide else "("
    named = (f"CASE WHEN {PROBLEM} IN ('metric', 'score', 'comment', 'scale_min', 'scale_max')"
             f" THEN {field}{PROBLEM}) ELSE {PROBLEM} END")
    lowered = (f"SELECT * REPLACE (lower(metric) AS metric, lower(language) AS language, "
               f"lower(channel) AS channel) FROM ({checked})")
    # a row the reader or the typing already refused keeps that one problem
    judged = (f"SELECT * REPLACE (CASE WHEN {REASON} IS NULL THEN CASE {problem} END "
              f"ELSE {PROBLEM} END AS {PROBLEM}, "
              f"coalesce({REASON}, CASE {reason} END) AS {REASON}, "
              f"coalesce({EXPECTED}, CASE {expected} END) AS {EXPECTED}) FROM ({lowered})")
    answer_id = ("CASE WHEN response_id IS NOT NULL THEN 'r:' || concat_ws(chr(31), "
                 "response_id, metric, coalesce(question, '')) END")
    excluded = f" EXCLUDE ({FIELD})" if wide else ""
    return (f"SELECT *{excluded} REPLACE ({named} AS {PROBLEM}, coalesce(scale_min, {low}) AS "
            f"scale_min, coalesce(scale_max, {high}) AS scale_max), {answer_id} AS answer_id "
            f"FROM ({judged})")


def _write_answers(con: Any, import_id: str) -> int:
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({COLUMNS_SQL})")
    key_rows(con, "answer_id", SURVEY_CANONICAL)
    offset = con.execute(f"SELECT coalesce(max(seq), 0) FROM {TABLE}").fetchone()[0]
    listed = ", ".join(ident(name) for name in SURVEY_CANONICAL)
    inserted: int = con.execute(
        f"INSERT INTO {TABLE} SELECT {listed}, ?, ? + {ROW}, row_key FROM {KEYED} k "
        f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} s WHERE s.row_key = k.row_key) "
        f"ORDER BY {ROW}", [import_id, offset]).fetchone()[0]
    return inserted


def read_surveys(con: Any, path: Path, *, mapping: MappingSpec = None) -> ir.Table:
    """The canonical answers of ``path`` on the Ibis DuckDB backend ``con``, read in place.

    A bad answer raises :class:`DataFileError` naming the first one (``journeymap import
    surveys`` quarantines them instead).
    """
    raw = con.con
    spec = load_mapping(mapping) or Mapping()
    source = open_source(raw, Path(path), spec)
    checked = survey_sql(source, spec)
    summary = (f"SELECT count(*) FILTER (WHERE {REASON} IS NOT NULL), "
               f"arg_min(struct_pack(r := {ROW}, c := {PROBLEM}, why := {REASON}, "
               f"want := {EXPECTED}), {ROW}) FILTER (WHERE {REASON} IS NOT NULL) "
               f"FROM ({checked})")
    found, used = run_reading(source, summary, lambda sql: raw.execute(sql).fetchone())
    bad, first = found
    if bad:
        more = f"{bad} bad answers in all" if bad > 1 else "the only bad answer"
        raise DataFileError(source.label, f"{first['why']} ({more})", row=first["r"],
                            column=first["c"], expected=first["want"],
                            hint=f"`journeymap import surveys {source.label}` quarantines "
                            "bad answers")
    if used != summary:
        checked = source.serial(checked) or checked
    listed = ", ".join(ident(name) for name in SURVEY_CANONICAL)
    name = f"_jm_surveys_{next(_views)}"
    raw.execute(f"CREATE OR REPLACE TEMP VIEW {ident(name)} AS SELECT {listed}, {ROW} AS seq "
                f"FROM ({checked}) WHERE {REASON} IS NULL")
    table: ir.Table = con.table(name)
    return table


def store_surveys(workspace_dir: Path) -> ir.Table:
    """The ``survey_answers`` table of the workspace's analytic store (read-only)."""
    from ibis.common.exceptions import TableNotFound

    from journeymap.engine import connect_duckdb

    database = analytics_path(workspace_dir)
    hint = "import answers first (journeymap import surveys FILE) or pass --surveys FILE"
    if not database.is_file():
        raise InputError(f"{workspace_dir}: the workspace has no analytic store yet", hint=hint)
    duck = connect_duckdb(database, read_only=True)
    try:
        table: ir.Table = duck.table(TABLE)
    except TableNotFound:
        raise InputError(f"{database}: the analytic store has no survey answers",
                         hint=hint) from None
    return table

