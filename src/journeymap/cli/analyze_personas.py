"""``journeymap analyze personas``: customers clustered into personas, on files or a workspace.

Mounted into ``journeymap analyze`` by :func:`register`. On files (``--events FILE``, with
``--customers``, ``--transactions`` and ``--surveys`` files when there are) the personas are
computed and printed; on a workspace the personas found before keep their ids (matched by
centroid), and ``--save`` stores the personas and their membership.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journeymap.cli.analyze import columns
from journeymap.cli.common import (
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    emit,
    render_rows,
)
from journeymap.errors import DataFileError, InputError

if TYPE_CHECKING:
    from journeymap.analytics.phrases import Language as Names

MEMBER_COLUMNS = "customer_id,persona"
SUMMARY_COLUMNS = ("persona,name,source,customers,share,traits,typical_path,nps,nps_n,csat,"
                   "csat_n,churn_rate,revenue,revenue_per_customer")
NOTE = (
    "Default output: one row per customer (customer_id,persona). With --summary: one row "
    "per persona: customers (with any event) and share of all of them, traits that set it "
    "apart with lift (feature=level or feature high/low, persona vs all, lift = persona / "
    "all), typical_path (most common stage path, by event without a map), NPS and CSAT "
    "with their n, churn_rate (last event older than 90 days at the latest event's date), "
    "revenue (sum of transaction values) and revenue_per_customer. k is chosen by "
    "silhouette in 2..8 unless --k is given; the same seed gives the same personas."
)


class Language(StrEnum):
    """Languages of generated names and titles (as the web UI's)."""

    EN = "en"
    PL = "pl"
    BG = "bg"


FileOption = Annotated[Path | None, typer.Option(dir_okay=False, show_default=False)]


def _file_table(con: Any, path: Path, kind: str, required: tuple[str, ...]) -> Any:
    """A CSV/Parquet file on the DuckDB backend ``con``: every column as text (as the
    workspace stores customer attributes), ``value`` as a number for transactions."""
    from journeymap.engine import duckdb_table
    from journeymap.ingest.sources import ident, open_source

    source = open_source(con.con, path)
    if source.columns is None:
        raise DataFileError(str(path), f"{kind} are read from CSV or Parquet here",
                            expected="a CSV/TSV or Parquet file")
    names = [c for c in source.columns if not c.startswith("_jm_")]
    for name in required:
        if name not in names:
            raise DataFileError(str(path), f"no {name!r} column", column=name,
                                expected=f"{kind} with " + ", ".join(required))
    picked = [f"CAST({ident(c)} AS VARCHAR) AS {ident(c)}" for c in names if c != "value"]
    if "value" in names:
        picked.append(f"TRY_CAST({ident('value')} AS DOUBLE) AS value")
    view = f"_jm_{kind}"
    con.con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {', '.join(picked)} "
                    f"FROM ({source.relation})").fetchall()
    table = duckdb_table(con, view)
    if "value" in names:
        bad = con.con.execute(f"SELECT count(*) FROM ({source.relation}) WHERE "
                              f"{ident('value')} IS NOT NULL AND "
                              f"TRY_CAST({ident('value')} AS DOUBLE) IS NULL").fetchall()[0][0]
        if bad:
            raise DataFileError(str(path), f"{bad} row(s) have a value that is not a number",
                                column="value", expected="a number")
    return table


def _file_tables(events: Path, customers: Path | None, transactions: Path | None,
                 surveys: Path | None) -> Any:
    from journeymap.engine import connect_duckdb
    from journeymap.ingest.events import read_events
    from journeymap.workbench.personas import Tables

    con = connect_duckdb()
    return Tables(
        read_events(con, events),
        None if customers is None else _file_table(con, customers, "customers",
                                                   ("customer_id",)),
        None if transactions is None else _file_table(con, transactions, "transactions",
                                                      ("customer_id", "value")),
        None if surveys is None else _surveys(con, surveys))


def _surveys(con: Any, path: Path) -> Any:
    from journeymap.ingest.surveys import read_surveys

    return read_surveys(con, path)


def _describe_choice(run: Any, given_k: int | None) -> str:
    clustering = run.clustering
    if given_k is not None:
        return f"{clustering.k} personas (--k)"
    best = clustering.silhouettes.get(clustering.k)
    return f"{clustering.k} personas: the best silhouette ({best}) for k in " \
           f"{min(clustering.silhouettes)}..{max(clustering.silhouettes)}"


def personas(
    workspace: WorkspaceOption,
    events_file: Annotated[Path | None, typer.Option(
        "--events", help="Event file read in place; default: the workspace's analytic store.",
        dir_okay=False, show_default=False)] = None,
    customers: Annotated[Path | None, typer.Option(
        "--customers", help="With --events: customer file (customer_id + attributes; CSV or "
        "Parquet).", dir_okay=False, show_default=False)] = None,
    transactions: Annotated[Path | None, typer.Option(
        "--transactions", help="With --events: transaction file (customer_id, value; CSV or "
        "Parquet). Without it, events with a value count as orders.", dir_okay=False,
        show_default=False)] = None,
    surveys: Annotated[Path | None, typer.Option(
        "--surveys", help="With --events: survey answers (long format) for NPS and CSAT.",
        dir_okay=False, show_default=False)] = None,
    k: Annotated[int | None, typer.Option(
        "--k", help="Number of personas (2-20); default: chosen by silhouette in 2..8.",
        show_default=False)] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the clustering.")] = 0,
    summary: Annotated[bool, typer.Option(
        "--summary", help="One row per persona instead of one per customer.")] = False,
    save: Annotated[bool, typer.Option(
        "--save", help="On a workspace: store the personas (source clustering) and their "
        "membership; personas found before keep their ids and names.")] = False,
    language: Annotated[Language, typer.Option(
        "--language", help="Language of the generated names and descriptions (en, pl, bg); "
        "personas found before keep their names.", case_sensitive=False)] = Language.EN,
    fmt: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
) -> None:
    """Personas from data: customers clustered on behaviour, transactions and attributes."""
    from journeymap.analytics.personas import ClusterSpec
    from journeymap.analytics.phrases import language_of

    spec = ClusterSpec(k=k, seed=seed)
    names_in = language_of(language.value)
    if events_file is None:
        for name, given in (("--customers", customers), ("--transactions", transactions),
                            ("--surveys", surveys)):
            if given is not None:
                raise InputError(f"{name}: only used with --events FILE; a workspace uses "
                                 "its imported data")
        run, rows = _on_workspace(workspace, spec, save, names_in)
    else:
        if save:
            raise InputError("--save: only on a workspace (leave out --events)")
        from journeymap.workbench.personas import run_personas, summary_rows

        tables = _file_tables(events_file, customers, transactions, surveys)
        run = run_personas(tables, spec=spec, language=names_in)
        rows = summary_rows(run, tables) if summary else []
    typer.echo(_describe_choice(run, k), err=True)
    if summary:
        emit(render_rows(rows, SUMMARY_COLUMNS.split(","), fmt), output)
    else:
        emit(render_rows(run.member_rows(), MEMBER_COLUMNS.split(","), fmt), output)


def _on_workspace(workspace: Path, spec: Any, save: bool,
                  language: Names) -> tuple[Any, list[dict[str, Any]]]:
    from journeymap.workbench import Workbench
    from journeymap.workbench.personas import discover_personas

    with Workbench.open(workspace) as bench:
        found = discover_personas(bench, spec=spec, save=save, language=language)
    if found.saved:
        typer.echo(f"saved {len(found.run.personas)} personas: added "
                   f"{', '.join(found.added) or 'none'}; kept {', '.join(found.kept) or 'none'}"
                   f"; removed {', '.join(found.removed) or 'none'}", err=True)
    return found.run, found.rows


def register(app: typer.Typer) -> None:
    """Add ``personas`` to ``journeymap analyze``."""
    app.command("personas", epilog=columns(
        MEMBER_COLUMNS + "\n(with --summary) " + SUMMARY_COLUMNS, NOTE))(personas)
