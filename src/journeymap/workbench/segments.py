"""A persona's customers: a rule-based persona's ``segment`` rules applied to the ``customers``
table, or a clustered persona's rows of the ``persona_members`` table (analytic store).

Customer attributes are stored as text. A rule with a number compares numerically (cells
that are not numbers never match); a rule with text compares the text as it is. A persona
is all its rules (AND); ``in`` takes any of its values.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.types as ir

from journeymap.errors import InputError, NotFoundError
from journeymap.model import Persona, PersonaSource
from journeymap.model.workspace import SegmentOp, SegmentRule

if TYPE_CHECKING:
    from ibis.backends import BaseBackend

    from journeymap.workbench.session import Workbench

#: Clustered personas' membership in the analytic store: ``customer_id, persona``.
MEMBERS_TABLE = "persona_members"


def _compare(column: ir.Value, op: SegmentOp, value: str | float) -> ir.BooleanValue:
    if isinstance(value, int | float) and not isinstance(value, bool):
        left: ir.Value = column.try_cast("float64")
        right: ir.Value = ibis.literal(float(value))
    else:
        left, right = column.cast("string"), ibis.literal(str(value))
    compared: ir.BooleanValue
    if op is SegmentOp.NE:
        compared = left != right
    elif op is SegmentOp.LT:
        compared = left < right
    elif op is SegmentOp.LE:
        compared = left <= right
    elif op is SegmentOp.GT:
        compared = left > right
    elif op is SegmentOp.GE:
        compared = left >= right
    else:
        compared = left == right
    return compared


def rule_condition(customers: ir.Table, rule: SegmentRule, where: str) -> ir.BooleanValue:
    """The rule as a condition on ``customers``; ``where`` names the rule in errors."""
    if rule.attribute not in customers.columns:
        known = ", ".join(c for c in customers.columns if c not in ("customer_id", "import_id"))
        raise InputError(f"{where}.attribute: the customers have no attribute "
                         f"{rule.attribute!r}", hint=f"known attributes: {known or 'none'}")
    column = customers[rule.attribute]
    if isinstance(rule.value, list):
        return ibis.or_(*(_compare(column, SegmentOp.EQ, item) for item in rule.value))
    return _compare(column, rule.op, rule.value)


def has_members(persona: Persona) -> bool:
    """Whether the persona's customers are known (segment rules, or found by clustering)."""
    return bool(persona.segment) or persona.source is PersonaSource.CLUSTERING


def clustered_customers(backend: BaseBackend, persona_id: str) -> ir.Table:
    """``customer_id`` of a clustered persona, from the analytic store's membership table."""
    from ibis.common.exceptions import TableNotFound

    try:
        members = backend.table(MEMBERS_TABLE)
    except TableNotFound:
        raise InputError(f"persona {persona_id!r} was found by clustering, but the analytic "
                         "store holds no persona membership",
                         hint="run the clustering again: journeymap analyze personas "
                         "--save") from None
    return members.filter(members.persona == persona_id).select("customer_id")


def segment_customers(customers: ir.Table, persona: Persona, where: str) -> ir.Table:
    """``customer_id`` of the persona's customers; ``where`` is the persona's document path.

    A clustered persona's customers come from the membership table next to ``customers``.
    """
    if persona.source is PersonaSource.CLUSTERING and not persona.segment:
        return clustered_customers(ibis.get_backend(customers), persona.id)
    if not persona.segment:
        raise InputError(f"persona {persona.id!r} has no segment rules, so its customers are "
                         "not known", hint="add segment rules to the persona or pick another")
    conditions = [rule_condition(customers, rule, f"{where}.segment[{index}]")
                  for index, rule in enumerate(persona.segment)]
    # a null comparison (a missing attribute value) means "not in the segment"
    matched = customers.filter(ibis.and_(*conditions).fill_null(False))
    return matched.select("customer_id")


def persona_members(source: Workbench | Path | BaseBackend, persona: Persona | str) -> ir.Table:
    """``customer_id`` of a persona, rule-based or clustered: THE one way to a persona's
    customers. ``source`` is a workbench, a workspace folder, or an open analytic-store
    backend; with a workbench or folder the store is opened read-only and the caller closes
    it (``ibis.get_backend(table).disconnect()``). ``persona`` is a Persona or its id
    (an id is looked up in the workspace, so it needs a workbench or folder)."""
    from ibis.backends import BaseBackend
    from ibis.common.exceptions import TableNotFound

    if isinstance(persona, str):
        persona = _persona(source, persona)
    backend = source if isinstance(source, BaseBackend) else _open_store(source)
    if persona.source is PersonaSource.CLUSTERING and not persona.segment:
        return clustered_customers(backend, persona.id)
    try:
        customers = backend.table("customers")
    except TableNotFound:
        raise InputError("the workspace has no customers imported, so personas cannot be "
                         "applied", hint="journeymap import customers FILE") from None
    return segment_customers(customers, persona, f"persona {persona.id!r}")


def _folder(source: Workbench | Path) -> Path:
    return source if isinstance(source, Path) else source.path


def _open_store(source: Workbench | Path) -> BaseBackend:
    from journeymap.engine import connect_duckdb
    from journeymap.workbench.folder import ANALYTICS_FILE

    database = _folder(source) / ANALYTICS_FILE
    if not database.is_file():
        raise InputError(f"{_folder(source)}: the workspace has no analytic store yet",
                         hint="import customers and events first")
    return connect_duckdb(database, read_only=True)


def _persona(source: Workbench | Path | BaseBackend, ident: str) -> Persona:
    from journeymap.workbench.session import Workbench

    if isinstance(source, Workbench):
        personas = source.document().personas
    elif isinstance(source, Path):
        with Workbench.open(source) as bench:
            personas = bench.document().personas
    else:
        raise InputError(f"persona {ident!r}: pass the Persona, or a workspace to find it in")
    for found in personas:
        if found.id == ident:
            return found
    raise NotFoundError("persona", ident, scope=f"workspace {_folder(source)}")
