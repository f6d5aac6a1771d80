"""A rule-based persona's customers: its ``segment`` rules applied to the ``customers`` table.

Customer attributes are stored as text. A rule with a number compares numerically (cells
that are not numbers never match); a rule with text compares the text as it is. A persona
is all its rules (AND); ``in`` takes any of its values.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.errors import InputError
from journeymap.model import Persona
from journeymap.model.workspace import SegmentOp, SegmentRule


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


def segment_customers(customers: ir.Table, persona: Persona, where: str) -> ir.Table:
    """``customer_id`` of the persona's customers; ``where`` is the persona's document path."""
    if not persona.segment:
        raise InputError(f"persona {persona.id!r} has no segment rules, so its customers are "
                         "not known", hint="add segment rules to the persona or pick another")
    conditions = [rule_condition(customers, rule, f"{where}.segment[{index}]")
                  for index, rule in enumerate(persona.segment)]
    # a null comparison (a missing attribute value) means "not in the segment"
    matched = customers.filter(ibis.and_(*conditions).fill_null(False))
    return matched.select("customer_id")
