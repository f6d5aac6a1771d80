"""Personas of a workspace from its data: discover (cluster and save), refresh (the same,
matched to the personas found before), describe every persona, edit one.

What is saved where:

- the workspace document gets one ``Persona`` per cluster (``source: clustering``, id
  ``cluster-N``, a name from its traits that people may edit afterwards);
- the analytic store gets ``persona_members(customer_id, persona)`` (so every number can be
  filtered by persona, :func:`journeymap.workbench.segments.persona_members`),
  ``persona_centroids(persona, feature, value)`` (what a refresh matches against) and one
  row in ``persona_runs`` per run.

A refresh matches the new clusters to the stored centroids (Hungarian method), so a
persona keeps its id, name, quote, goals... while its customers are re-assigned. A new
cluster becomes a new persona; a previous clustered persona no cluster continues is
deleted, unless a map refers to it (then it stays, with no customers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics import phrases
from journeymap.analytics.personas import Clustering, ClusterSpec, cluster, match_previous
from journeymap.analytics.personas_describe import (
    Profile,
    profile,
    summary_row,
    survey_kpis,
    typical_paths,
    unique_names,
)
from journeymap.analytics.personas_features import Features, FeatureSpec, customer_features
from journeymap.engine import optional_table
from journeymap.errors import InputError
from journeymap.model import Persona, PersonaSource, WorkspaceDocument
from journeymap.workbench.segments import MEMBERS_TABLE

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from journeymap.model.journey import JourneyMap
    from journeymap.workbench.session import Workbench

CENTROIDS_TABLE = "persona_centroids"
RUNS_TABLE = "persona_runs"
ID_PREFIX = "cluster-"
#: ``customer_id,persona`` CSV columns (the contract).
MEMBER_COLUMNS = ("customer_id", "persona")


@dataclass(frozen=True)
class Tables:
    """The analytic tables personas are computed from; all on one backend."""

    events: ir.Table
    customers: ir.Table | None = None
    transactions: ir.Table | None = None
    answers: ir.Table | None = None


@dataclass(frozen=True)
class FoundPersona:
    """One cluster as a persona: its id (kept from before when ``continued``)."""

    id: str
    name: str
    cluster: int
    continued: bool
    profile: Profile
    centroid: dict[str, float]


@dataclass(frozen=True)
class PersonaRun:
    """One clustering of the customers and the personas it gives, largest first."""

    features: Features
    clustering: Clustering
    personas: tuple[FoundPersona, ...]

    def member_rows(self) -> list[dict[str, str]]:
        """``customer_id, persona`` per customer, in customer order."""
        ids = [p.id for p in sorted(self.personas, key=lambda p: p.cluster)]
        return [{"customer_id": customer, "persona": ids[int(label)]}
                for customer, label in zip(self.features.customers,
                                           self.clustering.labels.tolist(), strict=True)]

    def member_table(self) -> ir.Table:
        rows = self.member_rows()
        return ibis.memtable({"customer_id": [r["customer_id"] for r in rows],
                              "persona": [r["persona"] for r in rows]})


def next_ids(taken: set[str], count: int) -> list[str]:
    """``count`` fresh ``cluster-N`` ids, the lowest N not in ``taken``."""
    found: list[str] = []
    number = 1
    while len(found) < count:
        ident = f"{ID_PREFIX}{number}"
        if ident not in taken:
            found.append(ident)
        number += 1
    return found


def run_personas(tables: Tables, *, journey_map: JourneyMap | None = None,
                 features: FeatureSpec | None = None, spec: ClusterSpec | None = None,
                 previous: dict[str, dict[str, float]] | None = None,
                 names: dict[str, str] | None = None,
                 taken: set[str] | None = None, language: phrases.Language = "en") -> PersonaRun:
    """Features, clusters, and each cluster as a persona (matched to ``previous``).
    A new persona's name is generated in ``language``; a continued one keeps its name."""
    found = customer_features(tables.events, features, customers=tables.customers,
                              transactions=tables.transactions, journey_map=journey_map)
    if not found.rows:
        raise InputError("personas: no customer has an event in scope",
                         hint="import events first, or widen the date range")
    clustering = cluster(found, spec)
    matched = match_previous(clustering, previous or {})
    fresh = iter(next_ids(set(taken or ()) | {m for m in matched if m}, clustering.k))
    profiles = [profile(found, clustering.labels == c) for c in range(clustering.k)]
    generated = unique_names([p.name(language) for p in profiles])
    personas = []
    for index, (ident, described) in enumerate(zip(matched, profiles, strict=True)):
        name = (names or {}).get(ident, generated[index]) if ident else generated[index]
        personas.append(FoundPersona(ident or next(fresh), name, index, ident is not None,
                                     described, clustering.centroid(index)))
    return PersonaRun(found, clustering, tuple(personas))


def summary_rows(run: PersonaRun, tables: Tables,
                 journey_map: JourneyMap | None = None) -> list[dict[str, Any]]:
    """One ``--summary`` row per persona: traits, typical path, NPS/CSAT with n, churn,
    revenue."""
    members = run.member_table()
    paths = typical_paths(tables.events, members, journey_map=journey_map)
    kpis = survey_kpis(tables.answers, members) if tables.answers is not None else {}
    return [summary_row(p.id, p.name, PersonaSource.CLUSTERING.value, p.profile,
                        kpis.get(p.id), paths.get(p.id)) for p in run.personas]


# -- on a workspace ------------------------------------------------------------------------

def store_tables(backend: BaseBackend) -> Tables:
    """The workspace's events, customers, transactions and survey answers."""
    events = optional_table(backend, "events")
    if events is None:
        raise InputError("personas: the workspace has no events yet",
                         hint="import events first: journeymap import events FILE")
    return Tables(events, *(optional_table(backend, name)
                            for name in ("customers", "transactions", "survey_answers")))


def stored_centroids(backend: BaseBackend, ids: set[str]) -> dict[str, dict[str, float]]:
    """The saved centroids of the personas ``ids`` (those still in the workspace)."""
    table = optional_table(backend, CENTROIDS_TABLE)
    if table is None or not ids:
        return {}
    found: dict[str, dict[str, float]] = {}
    for row in table.filter(table.persona.isin(sorted(ids))).to_pyarrow().to_pylist():
        found.setdefault(str(row["persona"]), {})[str(row["feature"])] = float(row["value"])
    return found


def _map_or_none(bench: Workbench) -> JourneyMap | None:
    maps = bench.document().maps
    return maps[0] if maps else None


@dataclass(frozen=True)
class Discovery:
    """What a discovery did: the run, its summary rows, and the personas it changed."""

    run: PersonaRun
    rows: list[dict[str, Any]]
    added: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    saved: bool = False


def discover_personas(bench: Workbench, *, spec: ClusterSpec | None = None,
                      features: FeatureSpec | None = None, save: bool = False,
                      language: phrases.Language = "en") -> Discovery:
    """Cluster the workspace's customers; personas found before keep their ids and names.
    New personas get names and descriptions in ``language``. With ``save`` the personas
    and their membership are stored (see the module doc)."""
    from journeymap.engine import connect_duckdb

    if not bench.analytics_path.is_file():
        raise InputError("personas: the workspace has no analytic store yet",
                         hint="import events first: journeymap import events FILE")
    document = bench.document()
    clustered = {p.id: p for p in document.personas if p.source is PersonaSource.CLUSTERING}
    jmap = _map_or_none(bench)
    backend = connect_duckdb(bench.analytics_path, read_only=True)
    try:
        tables = store_tables(backend)
        run = run_personas(tables, journey_map=jmap, features=features, spec=spec,
                           previous=stored_centroids(backend, set(clustered)),
                           names={ident: p.name for ident, p in clustered.items()},
                           taken={p.id for p in document.personas}, language=language)
        rows = summary_rows(run, tables, jmap)
    finally:
        backend.disconnect()
    if not save:
        return Discovery(run, rows)
    save_membership(bench, run, spec or ClusterSpec())
    added, kept, removed = _save_personas(bench, document, run, clustered, language)
    return Discovery(run, rows, added, kept, removed, saved=True)


def save_membership(bench: Workbench, run: PersonaRun, spec: ClusterSpec) -> None:
    """Replace the membership, centroids and run rows in the analytic store (one transaction)."""
    import pyarrow as pa

    from journeymap.ingest.store import connect

    members = run.member_rows()
    centroids = [(p.id, name, value) for p in run.personas for name, value in p.centroid.items()]
    run_row = {"computed_at": datetime.now(UTC).replace(tzinfo=None), "k": run.clustering.k,
               "seed": spec.seed, "customers": len(members),
               "as_of": run.features.as_of,
               "silhouettes": json.dumps({str(k): v for k, v in
                                          run.clustering.silhouettes.items()})}
    with connect(bench.path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_jm_members", pa.table({
                "customer_id": [m["customer_id"] for m in members],
                "persona": [m["persona"] for m in members]}))
            con.register("_jm_centroids", pa.table({
                "persona": [c[0] for c in centroids], "feature": [c[1] for c in centroids],
                "value": pa.array([c[2] for c in centroids], pa.float64())}))
            con.execute(f"CREATE OR REPLACE TABLE {MEMBERS_TABLE} AS SELECT "
                        "CAST(customer_id AS VARCHAR) AS customer_id, "
                        "CAST(persona AS VARCHAR) AS persona FROM _jm_members")
            con.execute(f"CREATE OR REPLACE TABLE {CENTROIDS_TABLE} AS SELECT * "
                        "FROM _jm_centroids")
            con.execute(f"CREATE TABLE IF NOT EXISTS {RUNS_TABLE} (computed_at TIMESTAMP, "
                        "k INTEGER, seed BIGINT, customers BIGINT, as_of DATE, "
                        "silhouettes VARCHAR)")
            con.execute(f"INSERT INTO {RUNS_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                        [run_row[c] for c in ("computed_at", "k", "seed", "customers",
                                              "as_of", "silhouettes")])
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")


def persona_attributes(found: FoundPersona) -> dict[str, str]:
    """The persona card's attributes: its traits in short."""
    shown: dict[str, str] = {}
    for trait in found.profile.traits:
        if trait.level is not None:
            shown[trait.feature] = trait.level
        else:
            shown[trait.feature] = f"{trait.direction}: {trait.value:.3g} " \
                                   f"(all {trait.baseline:.3g})"
    return shown


def new_persona(found: FoundPersona, as_of: str, language: phrases.Language = "en") -> Persona:
    """A clustered persona as first saved; its description in ``language`` (the traits'
    text after it stays technical: feature names and numbers)."""
    profile_ = found.profile
    share = "" if profile_.share is None else \
        f" ({phrases.percent(language, profile_.share)})"
    text = "; ".join(t.text() for t in profile_.traits)
    found_by = phrases.phrase(language, "description", as_of=as_of,
                              count=phrases.count(language, profile_.customers), share=share)
    return Persona(id=found.id, name=found.name, source=PersonaSource.CLUSTERING,
                   description=f"{found_by} {text}".strip(),
                   attributes=persona_attributes(found))


def _referenced(document: WorkspaceDocument) -> set[str]:
    used = {ident for jmap in document.maps for ident in jmap.personas}
    used |= {card.persona for jmap in document.maps for lane in jmap.lanes
             for card in lane.cards if card.persona}
    return used


def _save_personas(bench: Workbench, document: WorkspaceDocument, run: PersonaRun,
                   clustered: dict[str, Persona],
                   language: phrases.Language = "en") -> tuple[tuple[str, ...], ...]:
    as_of = "" if run.features.as_of is None else run.features.as_of.isoformat()
    added, kept = [], []
    for found in run.personas:
        if found.id in clustered:
            current = bench.get(f"persona/{found.id}")
            bench.update(f"persona/{found.id}", {"attributes": persona_attributes(found)},
                         expected_version=current.version)
            kept.append(found.id)
        else:
            bench.store.add(bench.workspace_id, f"persona/{found.id}",
                            new_persona(found, as_of, language))
            added.append(found.id)
    removed = []
    used = _referenced(document)
    for ident in sorted(set(clustered) - {p.id for p in run.personas} - used):
        bench.store.delete(bench.workspace_id, f"persona/{ident}",
                           expected_version=bench.get(f"persona/{ident}").version)
        removed.append(ident)
    return tuple(added), tuple(kept), tuple(removed)


def edit_persona(bench: Workbench, persona_id: str, changes: dict[str, Any], *,
                 expected_version: int) -> Any:
    """Change a persona's name, quote, goals, needs, frustrations or description."""
    allowed = {"name", "description", "quote", "goals", "needs", "frustrations",
               "attributes", "segment"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InputError(f"persona: {unknown[0]!r} cannot be edited here",
                         hint="edit one of: " + ", ".join(sorted(allowed)))
    return bench.update(f"persona/{persona_id}", changes, expected_version=expected_version)
