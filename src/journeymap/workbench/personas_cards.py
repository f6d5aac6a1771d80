"""Every persona of a workspace with its numbers: what the persona pages and API show.

Rule-based personas (segment rules on the customers) and clustered ones (membership table)
are described the same way (:mod:`journeymap.analytics.personas_describe`): customers with
any activity, share of all active customers, traits with lift, typical path, NPS and CSAT
with n, churn rate and revenue. A manual persona without rules has no numbers.

The numbers are kept in memory per (analytic store state, personas' rules, first map), so
editing a persona's name or quote never recomputes them; the persona text and versions are
read fresh on every call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.personas_describe import (
    mask_of,
    profile,
    summary_row,
    survey_kpis,
    typical_paths,
)
from journeymap.analytics.personas_features import customer_features
from journeymap.errors import InputError, NotFoundError
from journeymap.model import Persona, WorkspaceDocument
from journeymap.workbench.memo import Memo, data_version
from journeymap.workbench.personas import RUNS_TABLE, store_tables
from journeymap.workbench.segments import has_members, persona_members

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from journeymap.workbench.session import Workbench

_KEPT = 8


@dataclass(frozen=True)
class PersonaCard:
    """One persona, its version, and its numbers (None with the reason when unknown)."""

    persona: Persona
    version: int
    summary: dict[str, Any] | None
    problem: str | None = None

    @property
    def kind(self) -> str:
        return self.persona.source.value

    def as_dict(self) -> dict[str, Any]:
        return {"persona": self.persona.model_dump(mode="json"), "version": self.version,
                "initials": self.persona.initials, "numbers": self.summary,
                "problem": self.problem}


@dataclass(frozen=True)
class Numbers:
    """The computed part, per persona id: a summary row or the reason there is none."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    customers: int = 0
    as_of: date | None = None
    run: dict[str, Any] | None = None
    missing: str | None = None


@dataclass(frozen=True)
class Overview:
    cards: tuple[PersonaCard, ...]
    numbers: Numbers

    def card(self, persona_id: str) -> PersonaCard:
        for found in self.cards:
            if found.persona.id == persona_id:
                return found
        raise NotFoundError("persona", persona_id)

    def as_dict(self) -> dict[str, Any]:
        numbers = self.numbers
        return {"personas": [c.as_dict() for c in self.cards],
                "customers": numbers.customers,
                "as_of": None if numbers.as_of is None else numbers.as_of.isoformat(),
                "last_run": numbers.run, "missing": numbers.missing}


_cache: Memo[Numbers] = Memo(_KEPT)


def personas_overview(bench: Workbench) -> Overview:
    """Every persona of the workspace with its numbers (computed or from the cache)."""
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    numbers = persona_numbers(bench, document)
    cards = tuple(
        PersonaCard(p, versions.get(("persona", "", p.id), 0), numbers.rows.get(p.id),
                    numbers.problems.get(p.id))
        for p in document.personas)
    return Overview(cards, numbers)


def persona_numbers(bench: Workbench, document: WorkspaceDocument) -> Numbers:
    version = data_version(bench.path)
    if version is None:
        return Numbers(missing="events")
    jmap = document.maps[0] if document.maps else None
    shape = None if jmap is None else jmap.model_dump_json(include={"stages", "touchpoints"})
    rules = tuple(p.model_dump_json(include={"id", "source", "segment"})
                  for p in document.personas)
    key = (str(bench.path.resolve()), version, rules, shape)
    return _cache.get_or_compute(key, lambda: _compute(bench, document))


def _membership(backend: BaseBackend, personas: list[Persona]
                ) -> tuple[ir.Table | None, dict[str, str]]:
    """(customer_id, persona) of every persona whose customers are known, and why not for
    the others."""
    parts: list[ir.Table] = []
    problems: dict[str, str] = {}
    for persona in personas:
        if not has_members(persona):
            problems[persona.id] = "no_rules"
            continue
        try:
            members = persona_members(backend, persona)
        except InputError as exc:
            problems[persona.id] = str(exc)
            continue
        parts.append(members.select(customer_id=members.customer_id.cast("string"),
                                    persona=ibis.literal(persona.id)))
    if not parts:
        return None, problems
    return (parts[0].union(*parts[1:], distinct=False) if len(parts) > 1 else parts[0]), \
        problems


def _compute(bench: Workbench, document: WorkspaceDocument) -> Numbers:
    from journeymap.engine import connect_duckdb

    backend = connect_duckdb(bench.analytics_path, read_only=True)
    try:
        try:
            tables = store_tables(backend)
        except InputError:
            return Numbers(missing="events")
        jmap = document.maps[0] if document.maps else None
        features = customer_features(tables.events, customers=tables.customers,
                                     transactions=tables.transactions, journey_map=jmap)
        members, problems = _membership(backend, list(document.personas))
        rows: dict[str, dict[str, Any]] = {}
        if members is not None and features.rows:
            by_persona: dict[str, set[str]] = {}
            for row in members.to_pyarrow().to_pylist():
                by_persona.setdefault(str(row["persona"]), set()).add(str(row["customer_id"]))
            paths = typical_paths(tables.events, members, journey_map=jmap)
            kpis = survey_kpis(tables.answers, members) if tables.answers is not None else {}
            for persona in document.personas:
                if persona.id in problems:
                    continue
                described = profile(features, mask_of(features, by_persona.get(persona.id, ())))
                rows[persona.id] = summary_row(persona.id, persona.name, persona.source.value,
                                               described, kpis.get(persona.id),
                                               paths.get(persona.id))
        return Numbers(rows, problems, len(features.rows), features.as_of, _last_run(backend))
    finally:
        backend.disconnect()


def _last_run(backend: BaseBackend) -> dict[str, Any] | None:
    from ibis.common.exceptions import TableNotFound

    try:
        runs = backend.table(RUNS_TABLE)
    except TableNotFound:
        return None
    found = runs.order_by(ibis.desc("computed_at")).limit(1).to_pyarrow().to_pylist()
    if not found:
        return None
    row = found[0]
    return {"computed_at": row["computed_at"].isoformat(), "k": row["k"], "seed": row["seed"],
            "customers": row["customers"],
            "as_of": None if row["as_of"] is None else row["as_of"].isoformat(),
            "silhouettes": row["silhouettes"]}

