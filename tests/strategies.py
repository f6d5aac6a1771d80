"""Hypothesis strategies that build VALID random workspace documents.

Public entry point: ``workspace_documents(max_maps=2, max_items=3)``. Every kind of object
appears, references resolve, text mixes Polish, Bulgarian, arbitrary unicode and strings
that YAML loves to misread (``yes``, ``null``, ``1e3``, ``: x``, leading spaces, newlines).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from journeymap.model import (
    EMOTION_MAX,
    EMOTION_MIN,
    Action,
    ActionStatus,
    ActionTarget,
    BoardNote,
    Card,
    Channel,
    Comment,
    Evidence,
    FindingSource,
    JourneyMap,
    KpiDefinition,
    KpiKind,
    Lane,
    LaneKind,
    Language,
    Location,
    MapSnapshot,
    MapVariant,
    MatchField,
    MatchOp,
    MatchRule,
    Member,
    NoteColour,
    Opportunity,
    PainPoint,
    Persona,
    PersonaSource,
    Role,
    SegmentOp,
    SegmentRule,
    Severity,
    Stage,
    Touchpoint,
    ValidationStatus,
    Workspace,
    WorkspaceDocument,
    object_refs,
)

Draw = Any  # hypothesis' DrawFn

#: Strings a careless YAML writer or reader gets wrong.
YAML_HOSTILE = [
    "yes", "no", "on", "off", "y", "n", "true", "False", "null", "~", "Null", "1e3", "1E3",
    "0x1F", "0o17", "017", "1_000", "+1", "-1.5", ".5", ".inf", "-.inf", ".nan", "NaN",
    "12:30", "2026-03-01", "2026-03-01T09:30:00Z", ": x", "- a", "a: b", "# not a comment",
    "a #b", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick", "|", ">", "?", "'", '"',
    "{x: 1}", "[1, 2]", " leading", "trailing ", "  both  ", "two\nlines", "ends\n",
    "\nstarts", "para\n\n  indented\n", "tab\there", "---", "...", "\\", "ąęłńóśźż ĄĘŁŃÓŚŹŻ",
    "Пътуване на клиента", "допирна точка", "Zażółć gęślą jaźń\nи още нещо", "",
    "nel\x85line", "ls\u2028ps\u2029", "crlf\r\nline", "\ufeffbom", "del\x7f", "bell\x07",
]

ID_HOSTILE = ["yes", "null", "1e3", "123", "0x1F", "1.0", "on", "2026-03-01", "1_000", "007"]

ids = st.one_of(
    st.sampled_from(ID_HOSTILE),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,11}", fullmatch=True),
)
#: Any unicode but NUL and lone surrogates, which no store can hold (load_document refuses them).
chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
texts = st.one_of(st.sampled_from(YAML_HOSTILE), st.text(chars, max_size=24))
short_texts = st.one_of(st.sampled_from(YAML_HOSTILE), st.text(chars, max_size=12))
names = st.one_of(st.sampled_from(YAML_HOSTILE), st.text(chars, min_size=1, max_size=24)).filter(
    lambda s: bool(s.strip())
)
numbers = st.floats(allow_nan=False, allow_infinity=False)
small_numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
counts = st.none() | st.integers(min_value=0, max_value=10**12)
moments = st.datetimes(
    min_value=datetime(1970, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5, minutes=30))]
    ),
)


def unique_ids(max_size: int, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(ids, min_size=min_size, max_size=max_size, unique=True)


def maybe(draw: Draw, choices: list[str]) -> str | None:
    if not choices or draw(st.booleans()):
        return None
    choice: str = draw(st.sampled_from(choices))
    return choice


def some(draw: Draw, choices: list[str], max_size: int = 3) -> list[str]:
    if not choices:
        return []
    chosen: list[str] = draw(st.lists(st.sampled_from(choices), max_size=max_size, unique=True))
    return chosen


@st.composite
def match_rules(draw: Draw) -> MatchRule:
    op = draw(st.sampled_from(MatchOp))
    if op is MatchOp.REGEX:
        pattern = draw(st.sampled_from([r"checkout_(start|pay)", r"^a.*z$", r"\d+", "x|y", "ą+"]))
    else:
        pattern = draw(names)
    return MatchRule(field=draw(st.sampled_from(MatchField)), op=op, pattern=pattern)


@st.composite
def segment_rules(draw: Draw) -> SegmentRule:
    op = draw(st.sampled_from(SegmentOp))
    one = st.one_of(short_texts, small_numbers)
    value = draw(st.lists(one, max_size=3)) if op is SegmentOp.IN else draw(one)
    return SegmentRule(attribute=draw(names.filter(lambda s: len(s) <= 100)), op=op, value=value)


@st.composite
def personas(draw: Draw, ident: str) -> Persona:
    return Persona(
        id=ident, name=draw(names), description=draw(texts), quote=draw(texts),
        goals=draw(st.lists(texts, max_size=2)), needs=draw(st.lists(texts, max_size=2)),
        frustrations=draw(st.lists(texts, max_size=2)),
        attributes=draw(st.dictionaries(short_texts, short_texts, max_size=3)),
        source=draw(st.sampled_from(PersonaSource)),
        segment=draw(st.lists(segment_rules(), max_size=2)),
    )


@st.composite
def kpis(draw: Draw, ident: str) -> KpiDefinition:
    kind = draw(st.sampled_from(KpiKind))
    low = high = None
    if kind is KpiKind.CUSTOM or draw(st.booleans()):
        low = draw(small_numbers)
        high = low + draw(st.floats(min_value=0.001, max_value=1e6))
    return KpiDefinition(
        id=ident, name=draw(names), kind=kind, description=draw(texts), question=draw(texts),
        scale_min=low, scale_max=high, unit=draw(short_texts),
        higher_is_better=draw(st.booleans()),
    )


@st.composite
def locations(draw: Draw, ident: str) -> Location:
    placed = draw(st.booleans())
    return Location(
        id=ident, name=draw(names), type=draw(short_texts), address=draw(texts),
        city=draw(names) if not placed else draw(short_texts), country=draw(short_texts),
        phone=draw(short_texts), url=draw(short_texts), opening_hours=draw(short_texts),
        lat=draw(st.floats(-90, 90)) if placed else None,
        lon=draw(st.floats(-180, 180)) if placed else None,
    )


@st.composite
def evidence(draw: Draw) -> Evidence:
    return Evidence(
        metric=draw(short_texts), value=draw(st.none() | numbers),
        baseline=draw(st.none() | numbers), n=draw(counts),
        ci_low=draw(st.none() | numbers), ci_high=draw(st.none() | numbers), note=draw(texts),
    )


@st.composite
def pain_points(draw: Draw, ident: str, stages: list[str], touchpoints: list[str]) -> PainPoint:
    return PainPoint(
        id=ident, title=draw(names), description=draw(texts), stage=maybe(draw, stages),
        touchpoint=maybe(draw, touchpoints), severity=draw(st.sampled_from(Severity)),
        status=draw(st.sampled_from(ValidationStatus)),
        source=draw(st.sampled_from(FindingSource)), kind=draw(short_texts),
        affected_customers=draw(counts), score=draw(st.none() | numbers),
        evidence=draw(st.lists(evidence(), max_size=2)), quotes=draw(st.lists(texts, max_size=2)),
    )


@st.composite
def opportunities(draw: Draw, ident: str, pains: list[str]) -> Opportunity:
    return Opportunity(
        id=ident, title=draw(names), description=draw(texts), pain_points=some(draw, pains),
        value=draw(st.integers(1, 5)), effort=draw(st.integers(1, 5)),
        confidence=draw(st.floats(0.0, 1.0)), reach=draw(st.integers(0, 10**9)),
    )


@st.composite
def actions(draw: Draw, ident: str, grid: dict[str, list[str]], kpi_ids: list[str]) -> Action:
    target = None
    if kpi_ids and draw(st.booleans()):
        target = ActionTarget(
            kpi=draw(st.sampled_from(kpi_ids)), touchpoint=maybe(draw, grid["touchpoint"]),
            stage=maybe(draw, grid["stage"]), baseline=draw(st.none() | numbers),
            target=draw(st.none() | numbers),
        )
    return Action(
        id=ident, title=draw(names), description=draw(texts), owner=draw(short_texts),
        due=draw(st.none() | st.dates()), status=draw(st.sampled_from(ActionStatus)),
        opportunities=some(draw, grid["opportunity"]), pain_points=some(draw, grid["pain_point"]),
        target=target, implemented_on=draw(st.none() | st.dates()),
    )


@st.composite
def lanes(draw: Draw, ident: str, card_ids: list[str], grid: dict[str, list[str]]) -> Lane:
    kind = draw(st.one_of(st.just(LaneKind.EMOTIONS), st.sampled_from(LaneKind)))
    scores = st.floats(EMOTION_MIN, EMOTION_MAX)
    cards = [
        Card(
            id=card_id, stage=draw(st.sampled_from(grid["stage"])), text=draw(texts),
            detail=draw(texts),
            score=draw(scores) if kind is LaneKind.EMOTIONS else draw(st.none() | scores),
            persona=maybe(draw, grid["persona"]), touchpoint=maybe(draw, grid["touchpoint"]),
            pain_point=maybe(draw, grid["pain_point"]),
            opportunity=maybe(draw, grid["opportunity"]),
        )
        for card_id in card_ids
    ]
    return Lane(id=ident, kind=kind, title=draw(short_texts), cards=cards)


def _touchpoints(draw: Draw, n: int, stage_ids: list[str], location_ids: list[str]) -> Any:
    return [
        Touchpoint(
            id=ident, name=draw(names), stage=draw(st.sampled_from(stage_ids)),
            channel=draw(st.sampled_from(Channel)), owner=draw(short_texts),
            department=draw(short_texts), description=draw(texts),
            location=maybe(draw, location_ids), rules=draw(st.lists(match_rules(), max_size=3)),
        )
        for ident in draw(unique_ids(n if stage_ids else 0))
    ]


@st.composite
def journey_maps(
    draw: Draw, ident: str, context: dict[str, list[str]], n: int = 3
) -> JourneyMap:
    """A map whose internal references resolve; ``context`` holds workspace-level ids."""
    stages = [
        Stage(id=s, name=draw(names), description=draw(texts),
              goals=draw(st.lists(names, max_size=2)))
        for s in draw(unique_ids(n))
    ]
    grid: dict[str, list[str]] = {"stage": [s.id for s in stages], "persona": context["persona"]}
    touchpoints = _touchpoints(draw, n, grid["stage"], context["location"])
    grid["touchpoint"] = [t.id for t in touchpoints]
    pains = [draw(pain_points(p, grid["stage"], grid["touchpoint"])) for p in draw(unique_ids(n))]
    grid["pain_point"] = [p.id for p in pains]
    opps = [draw(opportunities(o, grid["pain_point"])) for o in draw(unique_ids(n))]
    grid["opportunity"] = [o.id for o in opps]
    acts = [draw(actions(a, grid, context["kpi"])) for a in draw(unique_ids(n))]
    card_ids = draw(unique_ids(2 * n if stages else 0))
    lane_ids = draw(unique_ids(n, min_size=1 if card_ids else 0))
    cuts = max(len(lane_ids) - 1, 0)
    split = sorted(draw(st.lists(st.integers(0, len(card_ids)), min_size=cuts, max_size=cuts)))
    bounds = list(zip([0, *split], [*split, len(card_ids)], strict=True)) if lane_ids else []
    return JourneyMap(
        id=ident, name=draw(names), scope=draw(texts), description=draw(texts),
        personas=some(draw, context["persona"]), variant=draw(st.sampled_from(MapVariant)),
        based_on=maybe(draw, context["map"]), stages=stages, touchpoints=touchpoints,
        lanes=[draw(lanes(lane, card_ids[a:b], grid)) for lane, (a, b) in zip(
            lane_ids, bounds, strict=True)],
        pain_points=pains, opportunities=opps, actions=acts,
    )


@st.composite
def comments(draw: Draw, targets: set[str], max_size: int) -> list[Comment]:
    """Threads: a comment is new on a target or a reply to an earlier one (same target)."""
    found: list[Comment] = []
    for ident in draw(unique_ids(max_size)):
        parent = draw(st.sampled_from(found)) if found and draw(st.booleans()) else None
        resolved = draw(st.booleans())
        found.append(Comment(
            id=ident, target=parent.target if parent else draw(st.sampled_from(sorted(targets))),
            parent=parent.id if parent else None, author=draw(short_texts),
            body=draw(names), created_at=draw(moments), resolved=resolved,
            resolved_by=draw(st.none() | short_texts) if resolved else None,
            resolved_at=draw(st.none() | moments) if resolved else None,
        ))
    return found


@st.composite
def board_notes(draw: Draw, max_size: int) -> list[BoardNote]:
    """Workshop notes with voters (each once) and maybe the reference they became."""
    return [
        BoardNote(id=ident, text=draw(names), author=draw(short_texts),
                  colour=draw(st.sampled_from(NoteColour)),
                  category=draw(st.text(chars, max_size=12)),
                  votes=draw(st.lists(st.text(chars, min_size=1, max_size=12), max_size=3,
                                      unique=True)),
                  created_at=draw(moments), promoted_to=draw(st.none() | short_texts))
        for ident in draw(unique_ids(max_size))
    ]


@st.composite
def workspace_documents(
    draw: Draw, *, max_maps: int = 2, max_items: int = 3, max_comments: int = 4
) -> WorkspaceDocument:
    """A valid workspace document with every kind of object (sizes bounded for speed)."""
    users = draw(st.lists(st.text(chars, min_size=1, max_size=16), max_size=max_items,
                                unique=True))
    base = WorkspaceDocument(
        workspace=Workspace(
            id=draw(ids), name=draw(names), description=draw(texts),
            language=draw(st.sampled_from(Language)),
        ),
        members=[Member(user=u, name=draw(short_texts), role=draw(st.sampled_from(Role)))
                 for u in users],
        personas=[draw(personas(p)) for p in draw(unique_ids(max_items))],
        kpis=[draw(kpis(k)) for k in draw(unique_ids(max_items))],
        locations=[draw(locations(loc)) for loc in draw(unique_ids(max_items))],
    )
    map_ids = draw(unique_ids(max_maps))
    context = {
        "persona": [p.id for p in base.personas], "kpi": [k.id for k in base.kpis],
        "location": [loc.id for loc in base.locations], "map": map_ids,
    }
    maps = [draw(journey_maps(m, context, n=max_items)) for m in map_ids]
    snapshots = [
        MapSnapshot(id=s, map=m.id, label=draw(names), created_at=draw(moments),
                    created_by=draw(short_texts), content=m)
        for s, m in zip(draw(unique_ids(len(maps))), maps, strict=False)
    ]
    with_maps = base.model_copy(update={"maps": maps, "snapshots": snapshots})
    found = draw(comments(object_refs(with_maps), max_comments))
    notes = draw(board_notes(max_comments))
    return WorkspaceDocument.model_validate(
        {**with_maps.model_dump(), "comments": [c.model_dump() for c in found],
         "board_notes": [n.model_dump() for n in notes]}
    )
