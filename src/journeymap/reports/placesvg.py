"""The locations as a static map: country outlines (when given) and one dot per place.

A report cannot show a tiled web map, so the places are drawn on an equirectangular
projection (longitude shrunk by the cosine of the middle latitude, which keeps shapes
right at the scale of a country) around the places' bounding box. Places in one city share
one label, ``City (n)``. Outlines come from a TopoJSON file (the web app's offline basemap,
world-atlas ``countries-110m.json``) that the entry point passes in; without one the dots
stand on a plain background. Places without coordinates are not drawn (never at 0,0).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from journeymap.reports.data import Place

Ring = list[tuple[float, float]]
WIDTH, HEIGHT = 900, 560
#: Degrees of margin around the places (and the smallest span shown).
MARGIN, MIN_SPAN = 1.5, 4.0
FONT = "DejaVu Sans, Verdana, sans-serif"


def _arcs(topology: dict[str, Any]) -> list[Ring]:
    """The topology's arcs decoded to (lon, lat) (quantized, delta-encoded arcs)."""
    transform = topology.get("transform")
    decoded: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring += arc[1:] if ring else arc
    return ring


def load_outlines(path: Path) -> list[Ring]:
    """Every country ring of a TopoJSON file (its first object) as (lon, lat) points."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    collection = next(iter(topology["objects"].values()))
    rings: list[Ring] = []
    for geometry in collection.get("geometries", []):
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        rings += [_ring(ring, arcs) for polygon in polygons for ring in polygon]
    return rings


def _bounds(places: Sequence[Place]) -> tuple[float, float, float, float]:
    lons = [p.lon for p in places if p.lon is not None]
    lats = [p.lat for p in places if p.lat is not None]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    grow_lon = max(MIN_SPAN - (east - west), 0) / 2 + MARGIN
    grow_lat = max(MIN_SPAN - (north - south), 0) / 2 + MARGIN
    return west - grow_lon, east + grow_lon, max(south - grow_lat, -85), min(north + grow_lat,
                                                                             85)


class Projection:
    """(lon, lat) -> SVG (x, y) for a box, with the aspect ratio kept."""

    def __init__(self, west: float, east: float, south: float, north: float) -> None:
        self.shrink = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * self.shrink, north - south
        self.scale = min(WIDTH / span_x, HEIGHT / span_y)
        self.west, self.north = west, north
        self.dx = (WIDTH - span_x * self.scale) / 2
        self.dy = (HEIGHT - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.dx + (lon - self.west) * self.shrink * self.scale
        y = self.dy + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def _visible(ring: Ring, box: tuple[float, float, float, float]) -> bool:
    west, east, south, north = box
    return any(west - 10 <= lon <= east + 10 and south - 10 <= lat <= north + 10
               for lon, lat in ring)


def places_svg(places: Sequence[Place], outlines: Sequence[Ring] = (), *,
               empty_text: str = "") -> str:
    """An SVG of the placed locations; ``empty_text`` is shown when none has coordinates."""
    placed = [p for p in places if p.lat is not None and p.lon is not None]
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="places" width="{WIDTH}" '
            f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}">'
            f'<defs><clipPath id="jm-places-clip"><rect width="{WIDTH}" height="{HEIGHT}"/>'
            f'</clipPath></defs><rect width="{WIDTH}" height="{HEIGHT}" fill="#eaf2f8"/>')
    if not placed:
        return (head + f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
                f'font-size="16" fill="#555">{escape(empty_text)}</text></svg>')
    box = _bounds(placed)
    project = Projection(*box)
    parts = [head, '<g clip-path="url(#jm-places-clip)">']
    for ring in outlines:
        if len(ring) > 2 and _visible(ring, box):
            points = " ".join(f"{x:g},{y:g}" for x, y in (project(lon, lat) for lon, lat in ring))
            parts.append(f'<polygon points="{points}" fill="#fbfaf6" stroke="#9aa5ad" '
                         'stroke-width="0.8"/>')
    parts.append("</g>")
    cities: dict[str, list[Place]] = {}
    for place in placed:
        cities.setdefault(place.city or place.name, []).append(place)
    for name, members in cities.items():
        for place in members:
            assert place.lon is not None and place.lat is not None
            x, y = project(place.lon, place.lat)
            parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="7" fill="#d9572b" '
                         'stroke="#fff" stroke-width="1.5"/>')
        assert members[0].lon is not None and members[0].lat is not None
        x, y = project(members[0].lon, members[0].lat)
        label = name if len(members) == 1 else f"{name} ({len(members)})"
        # a white halo drawn first (paint-order is not supported everywhere)
        for style in ('fill="#fff" stroke="#fff" stroke-width="4"', 'fill="#222"'):
            parts.append(f'<text x="{x + 9:g}" y="{y + 5:g}" font-size="19" {style}>'
                         f"{escape(label)}</text>")
    return "".join(parts) + "</svg>"
