"""The locations as a static map: TopoJSON outlines decoded, places projected and labelled."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from journeymap.reports.data import Place
from journeymap.reports.placesvg import HEIGHT, WIDTH, Projection, load_outlines, places_svg

SVG = "{http://www.w3.org/2000/svg}"
BASEMAP = (Path(__file__).parent.parent / "src/journeymap/web/static/vendor/world-atlas-2.0.2"
           / "countries-110m.json")


def place(name: str, city: str, lat: float | None, lon: float | None) -> Place:
    return Place(name.lower(), name, "shop", city, "PL", lat, lon)


def test_quantized_delta_encoded_arcs_are_decoded(tmp_path: Path) -> None:
    topology = {"type": "Topology", "transform": {"scale": [0.5, 0.25], "translate": [10, 40]},
                "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]]},
                    {"type": "MultiPolygon", "arcs": [[[~1]]]},
                    {"type": "Point", "coordinates": [0, 0]}]}}}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(topology), encoding="utf-8")
    square = [(10.0, 40.0), (12.0, 40.0), (12.0, 41.0), (10.0, 41.0), (10.0, 40.0)]
    assert load_outlines(path) == [square, [(10.0, 40.0), (10.0, 41.0), (12.0, 41.0)]]


def test_the_vendored_basemap_has_the_countries() -> None:
    rings = load_outlines(BASEMAP)
    assert len(rings) > 200
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for ring in rings for lon, lat in ring)


def test_projection_keeps_north_up_and_the_box_inside() -> None:
    project = Projection(14.0, 24.0, 49.0, 55.0)
    west_north, east_south = project(14.0, 55.0), project(24.0, 49.0)
    assert west_north[0] < east_south[0] and west_north[1] < east_south[1]
    assert 0 <= west_north[0] and east_south[0] <= WIDTH and east_south[1] <= HEIGHT


def test_places_are_dots_one_label_per_city_none_without_coordinates() -> None:
    places = [place("Centrum", "Warszawa", 52.23, 21.01), place("Mokotów", "Warszawa", 52.21,
                                                                  21.02),
              place("Galeria", "Kraków", 50.07, 19.95), place("Nowhere", "Gdańsk", None, None)]
    root = ET.fromstring(places_svg(places, load_outlines(BASEMAP)))
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    labels = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert labels == {"Warszawa (2)", "Kraków"}
    assert len(list(root.iter(f"{SVG}polygon"))) > 5  # Poland and its neighbours


def test_without_placed_locations_the_image_says_so() -> None:
    root = ET.fromstring(places_svg([place("Nowhere", "Gdańsk", None, None)],
                                    empty_text="No <places>"))
    assert ["".join(t.itertext()) for t in root.iter(f"{SVG}text")] == ["No <places>"]
