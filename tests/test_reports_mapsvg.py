"""The map alone as SVG: well-formed, stages and lanes named, text wrapped and escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from builders import XSS
from journeymap.reports.data import EmotionCurve, GridCard, GridLane, MapGrid
from journeymap.reports.mapsvg import (
    CURVE_HEIGHT,
    HEADER_HEIGHT,
    LANE_WIDTH,
    STAGE_WIDTH,
    curve_svg,
    curve_y,
    map_svg,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Adds to cart, chooses delivery, pays; or buys at the till after a long wait"


def grid() -> MapGrid:
    return MapGrid("Checkout", ("Awareness", "Purchase", "Zakup – płatność"), (
        GridLane("Thoughts", "thoughts", ((GridCard(XSS),), (GridCard(LONG), GridCard("b")),
                                          ())),
        GridLane("Emotions", "emotions", ((), (), ())),
    ), (EmotionCurve("Anna", (1.0, -2.0, None)), EmotionCurve("Bob", (None, 0.0, 2.0))))


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_svg_is_well_formed_with_stage_and_lane_names() -> None:
    svg = map_svg(grid(), title="Checkout (as-is)")
    root = ET.fromstring(svg)
    width = LANE_WIDTH + 3 * STAGE_WIDTH
    assert (root.get("width"), root.get("viewBox", "").split()[2]) == (str(width), str(width))
    found = texts(root)
    for name in ("Checkout (as-is)", "Awareness", "Purchase", "Zakup – płatność", "Thoughts",
                 "Emotions", "Anna", "Bob", XSS):
        assert name in found
    assert "<script" not in svg


def test_long_card_text_is_wrapped_onto_lines_that_fit() -> None:
    lines = wrap(LONG, STAGE_WIDTH - 28)
    assert len(lines) == 3 and " ".join(lines) == LONG
    assert all(len(line) * 12 * 0.6 <= STAGE_WIDTH - 28 for line in lines)
    assert wrap("x" * 100, 60) == ["x" * 8] * 12 + ["x" * 4]


def test_emotion_curves_are_drawn_where_scores_are() -> None:
    root = ET.fromstring(map_svg(grid()))
    paths = [p.get("d") for p in root.iter(f"{SVG}path")]
    assert len(paths) == 2  # each persona has two scored stages
    assert len(list(root.iter(f"{SVG}circle"))) == 4
    assert curve_y(2.0, 0, CURVE_HEIGHT) < curve_y(0.0, 0, CURVE_HEIGHT) < curve_y(
        -2.0, 0, CURVE_HEIGHT)


def test_rows_grow_with_their_fullest_cell() -> None:
    tall = MapGrid("m", ("a",), (GridLane("L", "text", ((GridCard("x"),) * 6,)),))
    short = MapGrid("m", ("a",), (GridLane("L", "text", ((GridCard("x"),),)),))
    height = int(ET.fromstring(map_svg(tall)).get("height") or 0)
    assert height > int(ET.fromstring(map_svg(short)).get("height") or 0) > HEADER_HEIGHT


def test_curve_of_some_stages_for_the_report() -> None:
    root = ET.fromstring(curve_svg(grid().curves, 1, 2))
    assert root.get("viewBox") == f"0 0 {2 * STAGE_WIDTH} {CURVE_HEIGHT}"
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # Anna at stage 2, Bob at 2 and 3
