"""Location files: CSV/JSON/GeoJSON in, CSV/GeoJSON out; bad rows become problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.errors import DataFileError
from journeymap.geo.locations_file import (
    COLUMNS,
    check_rows,
    csv_text,
    geojson,
    location_row,
    read_locations,
)
from journeymap.model import Location


def test_csv_with_semicolons_aliases_and_every_kind_of_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("ID;Name;City;Latitude;Longitude\n"
                    "a;Shop A;Warszawa;;\n"
                    ";Shop B;Kraków;50,06;19,94\n"
                    "c;;Gdańsk;;\n"
                    "d;Shop D;;north;19\n"
                    "e;Shop E;;0;0\n"
                    "a;Shop A again;Łódź;;\n"
                    "f;Shop F;;95;10\n", encoding="utf-8")
    found = read_locations(path)
    assert found.read == 7
    assert [(loc.id, loc.lat, loc.lon) for loc in found.locations] == [
        ("a", None, None), ("shop-b", 50.06, 19.94)]
    assert [(p.row, p.column) for p in found.problems] == [
        (3, "name"), (4, "lat"), (5, "city"), (6, "location_id"), (7, "lat")]
    assert "first at row 1" in found.problems[3].reason
    assert found.read == len(found.locations) + len(found.problems)


def test_json_geojson_and_unreadable_files(tmp_path: Path) -> None:
    plain = tmp_path / "l.json"
    plain.write_text(json.dumps({"locations": [{"name": "X", "city": "Sofia"}, 5]}),
                     encoding="utf-8")
    found = read_locations(plain)
    assert [loc.id for loc in found.locations] == ["x"]
    assert [(p.row, p.reason) for p in found.problems] == [(2, "not a JSON object")]
    broken = tmp_path / "b.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid JSON"):
        read_locations(broken)
    headless = tmp_path / "h.csv"
    headless.write_text("city\nSofia\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing required column 'name'"):
        read_locations(headless)


def test_an_unplaced_location_has_a_null_geometry() -> None:
    loc = Location(id="s", name="S", city="Sofia")
    feature = geojson([location_row(loc)])["features"][0]
    assert feature["geometry"] is None and feature["properties"]["city"] == "Sofia"


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(str.strip)
LOCATIONS = st.builds(
    lambda ident, name, city, lat, lon, kind, phone: Location(
        id=ident, name=name, city=city or ("" if lat is not None else "Sofia"), type=kind,
        phone=phone, lat=lat, lon=None if lat is None else lon),
    st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    TEXT.filter(bool), TEXT,
    st.none() | st.floats(-89.9, 89.9).filter(lambda x: abs(x) > 1e-6),
    st.floats(-179.9, 179.9).filter(lambda x: abs(x) > 1e-6), TEXT, TEXT)


@given(st.lists(LOCATIONS, max_size=6, unique_by=lambda loc: loc.id))
@settings(max_examples=60, deadline=None)
def test_csv_and_geojson_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                    locations: list[Location]) -> None:
    folder = tmp_path_factory.mktemp("rt")
    rows = [location_row(loc) for loc in locations]
    as_csv = folder / "l.csv"
    as_csv.write_text(csv_text(rows, COLUMNS), encoding="utf-8")
    as_geojson = folder / "l.geojson"
    as_geojson.write_text(json.dumps(geojson(rows), ensure_ascii=False), encoding="utf-8")
    for path in (as_csv, as_geojson):
        found = read_locations(path) if locations else check_rows(str(path), [])
        assert found.problems == ()
        assert list(found.locations) == locations
