"""The journey map as one SVG picture: stages as columns, lanes as rows, emotion curves.

Drawn from a :class:`MapGrid` with fixed geometry, so the same map always gives the same
file (diffable). Card text is wrapped by an estimate of DejaVu Sans's average glyph width;
a row is as tall as its fullest cell. Emotion lanes draw one curve per persona on the
-2..+2 scale instead of cards. All text is XML-escaped.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

from journeymap.reports.data import EmotionCurve, GridCard, GridLane, MapGrid

LANE_WIDTH = 170
STAGE_WIDTH = 230
HEADER_HEIGHT = 46
FONT_SIZE = 12
LINE_HEIGHT = 15
PAD = 8
CARD_PAD = 6
CARD_GAP = 6
CURVE_HEIGHT = 150
#: Average advance of a DejaVu Sans glyph in em: wraps a little early rather than late.
GLYPH_EM = 0.6
FONT = "DejaVu Sans, Verdana, sans-serif"
EMOTION_MIN, EMOTION_MAX = -2.0, 2.0

#: Card fill per lane kind (pain points red, opportunities green, ...).
FILLS = {"pain_points": "#fde2e1", "opportunities": "#e2f3df", "touchpoints": "#e4eefb",
         "thoughts": "#fff5cc", "goals": "#efe7fb", "metrics": "#e8f6f6"}
DEFAULT_FILL = "#f2f2f2"
#: Curve colours, one per persona in order.
PALETTE = ("#1f6fb2", "#d9572b", "#2e9a4f", "#8e44ad", "#b58900", "#555555")


@dataclass(frozen=True)
class Box:
    """One wrapped card: its lines and height."""

    lines: tuple[str, ...]
    height: int


def wrap(text: str, width_px: float, font_size: float = FONT_SIZE) -> list[str]:
    """``text`` broken into lines that fit ``width_px`` (long words are cut)."""
    chars = max(4, int(width_px / (font_size * GLYPH_EM)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, chars, break_long_words=True) or [""]
    return lines


def card_box(card: GridCard) -> Box:
    lines = wrap(card.text, STAGE_WIDTH - 2 * PAD - 2 * CARD_PAD)
    return Box(tuple(lines), len(lines) * LINE_HEIGHT + 2 * CARD_PAD)


LEGEND_SIZE, LEGEND_LINE = 11, 14


def _legend(curves: tuple[EmotionCurve, ...]) -> list[list[str]]:
    """Each persona's name wrapped beside its colour square in the lane title column."""
    return [wrap(curve.name, LANE_WIDTH - 2 * PAD - 16, LEGEND_SIZE) for curve in curves]


def _title_height(lane: GridLane) -> int:
    return len(wrap(lane.title, LANE_WIDTH - 2 * PAD, 13)) * 17 + 2 * PAD


def _row_height(lane: GridLane, curves: tuple[EmotionCurve, ...]) -> int:
    title = _title_height(lane)
    if lane.kind == "emotions":
        legend = sum(len(lines) for lines in _legend(curves)) * LEGEND_LINE
        return max(CURVE_HEIGHT, title + legend + PAD)
    cells = [sum(card_box(c).height + CARD_GAP for c in cell) for cell in lane.cells]
    return max([title, 40, *(h - CARD_GAP + 2 * PAD for h in cells)])


def _text(x: float, y: float, lines: list[str] | tuple[str, ...], *, size: int = FONT_SIZE,
          weight: str = "normal", fill: str = "#222") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE_HEIGHT * size / FONT_SIZE:g}">'
                    f"{escape(line)}</tspan>" for i, line in enumerate(lines))
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" '
            f'fill="{fill}">{spans}</text>')


def curve_y(score: float, top: float, height: float) -> float:
    """Where ``score`` sits in a band ``height`` tall starting at ``top`` (+2 at the top)."""
    share = (score - EMOTION_MIN) / (EMOTION_MAX - EMOTION_MIN)
    return round(top + PAD + (1 - share) * (height - 2 * PAD), 1)


def curve_marks(curves: tuple[EmotionCurve, ...], x0: float, top: float, height: float,
                first: int = 0, count: int | None = None) -> list[str]:
    """SVG elements of the emotion curves over stages ``first`` .. ``first + count``."""
    parts = [f'<line x1="{x0:g}" x2="{x0 + STAGE_WIDTH * (count or 0):g}" '
             f'y1="{curve_y(0.0, top, height)}" y2="{curve_y(0.0, top, height)}" '
             'stroke="#999" stroke-dasharray="4 4"/>'] if count else []
    for index, curve in enumerate(curves):
        colour = PALETTE[index % len(PALETTE)]
        scores = curve.scores[first:first + count if count is not None else None]
        points = [(x0 + STAGE_WIDTH * (i + 0.5), curve_y(s, top, height))
                  for i, s in enumerate(scores) if s is not None]
        if len(points) > 1:
            path = " ".join(f"{'M' if i == 0 else 'L'}{x:g},{y:g}"
                            for i, (x, y) in enumerate(points))
            parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        parts += [f'<circle cx="{x:g}" cy="{y:g}" r="4" fill="{colour}"/>' for x, y in points]
    return parts


def _lane(lane: GridLane, curves: tuple[EmotionCurve, ...], top: int, height: int,
          width: int) -> list[str]:
    parts = [f'<rect x="0" y="{top}" width="{width}" height="{height}" fill="#fff" '
             'stroke="#d0d0d0"/>',
             _text(PAD, top + PAD + 13, wrap(lane.title, LANE_WIDTH - 2 * PAD, 13), size=13,
                   weight="bold")]
    if lane.kind == "emotions":
        y = top + _title_height(lane)
        for index, lines in enumerate(_legend(curves)):
            parts.append(f'<rect x="{PAD}" y="{y + 1}" width="10" height="10" '
                         f'fill="{PALETTE[index % len(PALETTE)]}"/>')
            parts.append(_text(PAD + 16, y + 10, lines, size=LEGEND_SIZE))
            y += len(lines) * LEGEND_LINE
        return parts + curve_marks(curves, LANE_WIDTH, top, height, 0, len(lane.cells))
    fill = FILLS.get(lane.kind, DEFAULT_FILL)
    for column, cell in enumerate(lane.cells):
        x, y = LANE_WIDTH + column * STAGE_WIDTH + PAD, top + PAD
        for card in cell:
            box = card_box(card)
            parts.append(f'<rect x="{x}" y="{y}" width="{STAGE_WIDTH - 2 * PAD}" '
                         f'height="{box.height}" rx="4" fill="{fill}" stroke="#c8c8c8"/>')
            parts.append(_text(x + CARD_PAD, y + CARD_PAD + FONT_SIZE - 1, box.lines))
            y += box.height + CARD_GAP
    return parts


def map_svg(grid: MapGrid, *, title: str = "") -> str:
    """The whole map as a standalone SVG document."""
    width = LANE_WIDTH + STAGE_WIDTH * max(len(grid.stages), 1)
    heights = [_row_height(lane, grid.curves) for lane in grid.lanes]
    title_height = 34 if title else 0
    height = title_height + HEADER_HEIGHT + sum(heights)
    parts = [f'<rect width="{width}" height="{height}" fill="#fff"/>']
    if title:
        parts.append(_text(PAD, 24, [title], size=18, weight="bold"))
    for column, stage in enumerate(grid.stages):
        x = LANE_WIDTH + column * STAGE_WIDTH
        parts.append(f'<rect x="{x}" y="{title_height}" width="{STAGE_WIDTH}" '
                     f'height="{HEADER_HEIGHT}" fill="#2f4858" stroke="#fff"/>')
        parts.append(_text(x + PAD, title_height + 28, wrap(stage, STAGE_WIDTH - 2 * PAD, 14)[:1],
                           size=14, weight="bold", fill="#fff"))
    top = title_height + HEADER_HEIGHT
    for lane, row_height in zip(grid.lanes, heights, strict=True):
        parts += _lane(lane, grid.curves, top, row_height, width)
        top += row_height
    for column in range(1, len(grid.stages)):
        x = LANE_WIDTH + column * STAGE_WIDTH
        parts.append(f'<line x1="{x}" x2="{x}" y1="{title_height + HEADER_HEIGHT}" '
                     f'y2="{height}" stroke="#e0e0e0"/>')
    body = "\n".join(parts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{FONT}">\n{body}\n</svg>\n')


def curve_svg(curves: tuple[EmotionCurve, ...], first: int, count: int,
              height: int = CURVE_HEIGHT) -> str:
    """Inline SVG of the emotion curves over ``count`` stages from ``first`` (for the report's
    grid, whose columns are as wide as ``STAGE_WIDTH`` scaled)."""
    width = STAGE_WIDTH * count
    body = "".join(curve_marks(curves, 0, 0, height, first, count))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 {width} '
            f'{height}">{body}</svg>')
