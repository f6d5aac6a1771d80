"""Map comparison: added, removed, changed and moved children, matched by id."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from journeymap.model import (
    Card,
    Channel,
    JourneyMap,
    Lane,
    LaneKind,
    MapVariant,
    PainPoint,
    Severity,
    Stage,
    Touchpoint,
)
from journeymap.model.diff import MapDiff, ObjectChange, ObjectMove, compare_maps


def base_map() -> JourneyMap:
    return JourneyMap(
        id="as-is",
        name="Checkout",
        stages=[Stage(id=s, name=s.title()) for s in ("aware", "buy", "use")],
        touchpoints=[Touchpoint(id="web", name="Web", stage="buy", channel=Channel.WEB)],
        lanes=[
            Lane(id="think", kind=LaneKind.THOUGHTS, cards=[
                Card(id="t1", stage="aware", text="where?"),
                Card(id="t2", stage="buy", text="price?"),
                Card(id="t3", stage="use", text="works"),
            ]),
            Lane(id="do", kind=LaneKind.ACTIONS, cards=[Card(id="d1", stage="buy")]),
        ],
        pain_points=[PainPoint(id="slow", title="Slow", stage="buy")],
    )


def test_identical_maps_have_an_empty_diff() -> None:
    diff = compare_maps(base_map(), base_map())
    assert diff.is_empty and diff.summary() == {}
    assert diff == MapDiff("as-is", "as-is", {}, {}, [], [])


def test_every_kind_of_difference_is_reported_exactly() -> None:
    before = base_map()
    data = before.model_dump()
    data |= {"id": "to-be", "name": "Checkout 2", "variant": MapVariant.TO_BE}
    data["stages"] = [data["stages"][i] for i in (2, 0, 1)] + [{"id": "love", "name": "Love"}]
    data["touchpoints"].append({"id": "app", "name": "App", "stage": "use", "channel": "app"})
    data["pain_points"] = []
    think, do = data["lanes"]
    t2 = think["cards"].pop(1)
    do["cards"].insert(0, t2 | {"text": "too high"})
    think["cards"][1]["detail"] = "after a week"
    after = JourneyMap.model_validate(data)

    diff = compare_maps(before, after)
    assert (diff.before, diff.after) == ("as-is", "to-be")
    assert diff.added == {"stage": ["love"], "touchpoint": ["app"]}
    assert diff.removed == {"pain_point": ["slow"]}
    assert diff.changed == [
        ObjectChange("map", "to-be", {"name": ("Checkout", "Checkout 2"),
                                "variant": ("as_is", "to_be")}),
        ObjectChange("card", "t3", {"detail": ("", "after a week")}),
        ObjectChange("card", "t2", {"text": ("price?", "too high")}),
    ]
    assert diff.moved == [
        ObjectMove("stage", "use", 2, 0),
        ObjectMove("card", "t2", 1, 0, "think", "do"),
    ]
    assert diff.summary() == {
        "map": {"added": 0, "removed": 0, "changed": 1, "moved": 0},
        "stage": {"added": 1, "removed": 0, "changed": 0, "moved": 1},
        "touchpoint": {"added": 1, "removed": 0, "changed": 0, "moved": 0},
        "card": {"added": 0, "removed": 0, "changed": 2, "moved": 1},
        "pain_point": {"added": 0, "removed": 1, "changed": 0, "moved": 0},
    }
    assert not diff.is_empty


def test_an_insertion_does_not_count_later_objects_as_moved() -> None:
    before = base_map()
    after = before.model_copy(update={"stages": [Stage(id="first", name="First"),
                                                 *before.stages]})
    diff = compare_maps(before, after)
    assert (diff.added, diff.moved, diff.changed) == ({"stage": ["first"]}, [], [])


def test_nested_values_are_compared_as_json() -> None:
    before = base_map()
    pain = PainPoint(id="slow", title="Slow", stage="buy", severity=Severity.HIGH,
                     quotes=["ugh"])
    after = before.model_copy(update={"pain_points": [pain]})
    diff = compare_maps(before, after)
    assert diff.changed == [ObjectChange("pain_point", "slow", {"severity": ("medium", "high"),
                                                          "quotes": ([], ["ugh"])})]
    assert diff.to_dict() == {
        "before": "as-is", "after": "as-is", "added": {}, "removed": {},
        "changed": [{"kind": "pain_point", "id": "slow",
                     "fields": {"severity": ["medium", "high"], "quotes": [[], ["ugh"]]}}],
        "moved": [],
        "summary": {"pain_point": {"added": 0, "removed": 0, "changed": 1, "moved": 0}},
    }


def _longest_increasing_length(values: list[int]) -> int:
    best = [1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


@given(st.permutations(list(range(8))), st.sets(st.integers(0, 7)))
def test_reordering_moves_the_fewest_stages(order: list[int], dropped: set[int]) -> None:
    stages = [Stage(id=f"s{i}", name=f"S{i}") for i in range(8)]
    before = JourneyMap(id="m", name="M", stages=stages)
    after = JourneyMap(id="m", name="M",
                       stages=[stages[i] for i in order if i not in dropped])
    diff = compare_maps(before, after)
    kept = [i for i in order if i not in dropped]
    assert len(diff.moved) == len(kept) - _longest_increasing_length(kept)
    assert diff.removed == ({"stage": [f"s{i}" for i in sorted(dropped)]} if dropped else {})
    assert (diff.added, diff.changed) == ({}, [])
    # The stages not reported as moved keep their old relative order.
    back = compare_maps(after, before)
    assert back.added == diff.removed and len(back.moved) == len(diff.moved)
    unmoved = [s for s in kept if f"s{s}" not in {m.id for m in diff.moved}]
    assert unmoved == sorted(unmoved)
