"""Touchpoints and stages from data: events labelled by the map's match rules, and the
events no rule matches yet.

The rules become ONE Ibis case expression, so labelling runs inside the engine. Patterns are
translated to the regex dialect both DuckDB (RE2) and Spark (Java) read the same way: every
literal character is written as ``\\x{hex}``, the match is anchored with ``\\A``/``\\z``
(Java's ``$`` also matches before a final newline), and Python-only regex features are
refused so one map gives one answer on every engine.
"""

from __future__ import annotations

import importlib
import re
import warnings
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import ibis
import ibis.expr.types as ir
from pydantic import Field

from journeymap.analytics.events import Customers, scoped_events
from journeymap.analytics.spec import AnalysisResult, AnalysisSpec
from journeymap.errors import SpecError
from journeymap.model.base import MatchField, MatchOp
from journeymap.model.journey import JourneyMap, MatchRule, Touchpoint

# Python's own regex parser (private since 3.11) tells which features a pattern uses
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

UNMATCHED_COLUMNS = ("event", "channel", "events", "customers")
#: Columns :func:`label_touchpoints` adds.
TOUCHPOINT = "touchpoint"
STAGE = "stage"

_UNSUPPORTED_NODES = {
    sre_constants.ASSERT: "lookahead/lookbehind assertions",
    sre_constants.ASSERT_NOT: "negative lookahead/lookbehind assertions",
    sre_constants.GROUPREF: "backreferences",
    sre_constants.GROUPREF_EXISTS: "conditional groups",
    sre_constants.ATOMIC_GROUP: "atomic groups",
    sre_constants.POSSESSIVE_REPEAT: "possessive quantifiers",
}
_UNSUPPORTED_FLAGS = {re.VERBOSE: "verbose mode (?x)", re.ASCII: "ASCII mode (?a)",
                      re.LOCALE: "locale mode (?L)"}
#: Escapes that mean the same in Python, RE2 and Java; letters outside this set differ.
_PORTABLE_ESCAPES = set("dDwWsSbBAntrfvx")


# -- patterns --------------------------------------------------------------------------------
def _char(code: str) -> str:
    return code if code.isascii() and code.isalnum() else f"\\x{{{ord(code):x}}}"


def _class_members(body: str) -> list[tuple[str, str]]:
    """The (low, high) ranges of a glob bracket body, as :mod:`fnmatch` reads it."""
    items: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        low = body[i]
        if i + 2 < len(body) and body[i + 1] == "-":
            high = body[i + 2]
            if low <= high:  # fnmatch drops empty ranges such as z-a
                items.append((low, high))
            i += 3
        else:
            items.append((low, low))
            i += 1
    return items


def _glob_class(pattern: str, start: int) -> tuple[str, int] | None:
    """The regex class for the bracket at ``start`` and the index after it, or None when
    the bracket is not closed (then fnmatch reads ``[`` literally)."""
    j = start + 1
    if j < len(pattern) and pattern[j] == "!":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 1
    if j >= len(pattern):
        return None
    body = pattern[start + 1:j]
    negated = body.startswith("!")
    members = _class_members(body[1:] if negated else body)
    if not members:
        return ("(?s:.)" if negated else "[^\\x{0}-\\x{10ffff}]"), j + 1
    ranges = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}"
                     for lo, hi in members)
    return f"[{'^' if negated else ''}{ranges}]", j + 1


def glob_regex(pattern: str) -> str:
    """A glob (``*``, ``?``, ``[seq]``, ``[!seq]``, as :func:`fnmatch.fnmatchcase`) as a
    regex for RE2 and Java; ``*`` and ``?`` match any character, newlines included."""
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            parts.append("(?s:.*)")
        elif char == "?":
            parts.append("(?s:.)")
        elif char == "[" and (found := _glob_class(pattern, i)) is not None:
            parts.append(found[0])
            i = found[1]
            continue
        else:
            parts.append(_char(char))
        i += 1
    return "".join(parts)


def _walk(nodes: Any) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    for op, arg in nodes:
        found.append((op, arg))
        children = arg if isinstance(arg, list | tuple) else ()
        for child in children:
            if isinstance(child, sre_parse.SubPattern):
                found += _walk(child)
            elif isinstance(child, list):
                found += [item for sub in child if isinstance(sub, sre_parse.SubPattern)
                          for item in _walk(sub)]
    return found


def portable_regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` would not mean the same in Python, RE2 (DuckDB) and Java (Spark)."""
    with warnings.catch_warnings():
        # Python warns of "[" and "&&", "||", "--", "~~" in a class: Java reads them as
        # nested sets and set operations
        warnings.simplefilter("error", FutureWarning)
        try:
            parsed = sre_parse.parse(pattern)
        except FutureWarning as warning:
            return f"{str(warning).lower()}: escape it with a backslash (Java reads it as a set)"
    for op, arg in _walk(parsed):
        if op in _UNSUPPORTED_NODES:
            return f"{_UNSUPPORTED_NODES[op]} are not supported by DuckDB's RE2"
        if op is sre_constants.AT and arg is sre_constants.AT_END_STRING:
            return "\\Z is Python-only; the whole event name must match anyway"
        if op is sre_constants.SUBPATTERN and (arg[1] | arg[2]) & sum(_UNSUPPORTED_FLAGS):
            return "inline flags other than i, m, s are Python-only"
    for flag, name in _UNSUPPORTED_FLAGS.items():
        if parsed.state.flags & flag:
            return f"{name} is Python-only"
    if parsed.state.groupdict:
        return "named groups (?P<name>...) differ between engines; use a plain group"
    return _escape_problem(pattern)


def _escape_problem(pattern: str) -> str | None:
    i = 0
    while i < len(pattern) - 1:
        if pattern[i] == "\\":
            escaped = pattern[i + 1]
            if escaped.isalnum() and escaped not in _PORTABLE_ESCAPES:
                return f"the escape \\{escaped} differs between engines; write the character"
            i += 2
            continue
        if pattern.startswith("{,", i):
            return "{,n} is Python-only; write {0,n}"
        i += 1
    return None


def rule_regex(rule: MatchRule) -> str | None:
    """The anchored engine regex of a glob or regex rule (None for an exact rule)."""
    if rule.op is MatchOp.EXACT:
        return None
    body = glob_regex(rule.pattern) if rule.op is MatchOp.GLOB else rule.pattern
    return f"\\A(?:{body})\\z"


def check_map(jmap: JourneyMap) -> None:
    """Refuse regex rules that would not give the same answer on every engine."""
    for i, touchpoint in enumerate(jmap.touchpoints):
        for j, rule in enumerate(touchpoint.rules):
            if rule.op is MatchOp.REGEX and (problem := portable_regex_problem(rule.pattern)):
                raise SpecError("touchpoints", f"touchpoints[{i}].rules[{j}].pattern",
                                f"{rule.pattern!r}: {problem}")


# -- labelling -------------------------------------------------------------------------------
def _rule_condition(rule: MatchRule, events: ir.Table) -> ir.BooleanValue:
    value = events.event if rule.field is MatchField.EVENT else events.channel.lower()
    regex = rule_regex(rule)
    if regex is None:
        condition: ir.BooleanValue = value == rule.pattern
    else:
        condition = value.re_search(regex)
    return condition


def _touchpoint_condition(touchpoint: Touchpoint, events: ir.Table) -> ir.BooleanValue:
    """Same field: any rule (OR); different fields: all (AND), as ``Touchpoint.matches``."""
    fields = list(dict.fromkeys(rule.field for rule in touchpoint.rules))
    per_field = []
    for field in fields:
        alternatives = [_rule_condition(rule, events)
                        for rule in touchpoint.rules if rule.field is field]
        per_field.append(ibis.or_(*alternatives))
    # a null channel makes a condition null, which a case expression reads as "no match"
    return ibis.and_(*per_field)


def label_touchpoints(events: ir.Table, jmap: JourneyMap) -> ir.Table:
    """``events`` plus ``touchpoint`` and ``stage`` ids (null when no rule matches): the
    first touchpoint in map order whose rules match, exactly as ``JourneyMap.touchpoint_for``.
    """
    check_map(jmap)
    with_rules = [tp for tp in jmap.touchpoints if tp.rules]
    if with_rules and any(rule.field is MatchField.CHANNEL
                          for tp in with_rules for rule in tp.rules):
        if "channel" not in events.columns:
            raise SpecError("touchpoints", "rules", "a rule matches on channel but the event "
                            "table has no channel column")
    if not with_rules:
        none = ibis.null().cast("string")
        return events.mutate(**{TOUCHPOINT: none, STAGE: none})
    labelled = events.mutate(**{TOUCHPOINT: ibis.cases(
        *((_touchpoint_condition(tp, events), tp.id) for tp in with_rules))})
    stage = labelled[TOUCHPOINT].cases(*((tp.id, tp.stage) for tp in with_rules))
    return labelled.mutate(**{STAGE: stage})


def matched_events(events: ir.Table, jmap: JourneyMap, spec: AnalysisSpec,
                   customers: Customers = None) -> ir.Table:
    """The scoped events that match a touchpoint, labelled, with the stage's map position
    as ``stage_index``."""
    labelled = label_touchpoints(scoped_events(events, spec.filters, customers), jmap)
    matched = labelled.filter(labelled[TOUCHPOINT].notnull())
    positions = [(stage.id, index) for index, stage in enumerate(jmap.stages)]
    if not positions:  # no stages, so no touchpoints: nothing is matched
        return matched.mutate(stage_index=ibis.null().cast("int64"))
    return matched.mutate(stage_index=matched[STAGE].cases(*positions))


# -- unmatched events ------------------------------------------------------------------------
class UnmatchedSpec(AnalysisSpec):
    analysis: ClassVar[str] = "unmatched"

    #: None: every unmatched event name and channel.
    top: Annotated[int | None, Field(ge=1)] = None


@dataclass(frozen=True)
class UnmatchedResult(AnalysisResult):
    columns: ClassVar[tuple[str, ...]] = UNMATCHED_COLUMNS


def unmatched_expr(events: ir.Table, jmap: JourneyMap, spec: UnmatchedSpec,
                   customers: Customers = None) -> ir.Table:
    """``event, channel, events, customers`` of events no touchpoint matches, by volume."""
    scoped = scoped_events(events, spec.filters, customers)
    if "channel" not in scoped.columns:
        scoped = scoped.mutate(channel=ibis.null().cast("string"))
    labelled = label_touchpoints(scoped, jmap)
    left = labelled.filter(labelled[TOUCHPOINT].isnull())
    left = left.mutate(channel=left.channel.lower())
    counted = left.group_by(["event", "channel"]).aggregate(
        events=left.count(), customers=left.customer_id.nunique())
    ordered = counted.order_by([ibis.desc("events"), "event",
                                counted.channel.asc(nulls_first=False)])
    return ordered if spec.top is None else ordered.limit(spec.top)


def unmatched_events(events: ir.Table, jmap: JourneyMap, spec: UnmatchedSpec | None = None,
                     customers: Customers = None) -> UnmatchedResult:
    """Events no touchpoint of ``jmap`` matches, by event name and (lower-cased) channel,
    sorted by events desc, then event, then channel: what the user still has to map."""
    found = unmatched_expr(events, jmap, spec or UnmatchedSpec(), customers)
    rows = tuple(
        {"event": row["event"], "channel": row["channel"], "events": int(row["events"]),
         "customers": int(row["customers"])}
        for row in found.to_pyarrow().to_pylist()
    )
    return UnmatchedResult(rows=rows)
