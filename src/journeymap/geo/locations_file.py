"""Location files: read CSV / JSON / GeoJSON into checked locations, write CSV and GeoJSON.

Columns (DESIGN.md 4.1): ``location_id, name, type, address, city, country, phone, url,
opening_hours, lat, lon``; only ``name`` and either ``city`` or ``lat``/``lon`` are
required. A row that breaks a rule is not taken: it becomes a :class:`Problem` (row number
from 1 at the first data row, column, reason), exactly like a quarantined event row, so
``read == accepted + quarantined``. A row without ``location_id`` gets one made from its
name (and city when the name is taken). ``lat = lon = 0`` is read as "no coordinates":
it is the placeholder of a failed geocoder, never a real shop in the Gulf of Guinea.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeymap.errors import DataFileError
from journeymap.ingest.store import Problem
from journeymap.model import Location

COLUMNS = ("location_id", "name", "type", "address", "city", "country", "phone", "url",
           "opening_hours", "lat", "lon")
TEXT_FIELDS = ("name", "type", "address", "city", "country", "phone", "url", "opening_hours")
#: Other spellings of the columns that files from other tools use.
ALIASES = {"id": "location_id", "latitude": "lat", "longitude": "lon", "lng": "lon",
           "website": "url", "hours": "opening_hours", "street": "address"}


@dataclass(frozen=True)
class ReadLocations:
    """The locations a file gives (file order) and the rows it could not give."""

    file: str
    read: int
    locations: tuple[Location, ...]
    problems: tuple[Problem, ...]
    raw: tuple[str, ...] = ()


def read_locations(path: Path) -> ReadLocations:
    """The checked locations of a CSV, JSON (array or ``{"locations": [...]}``) or GeoJSON
    FeatureCollection file; a file that cannot be read at all raises DataFileError."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataFileError(label, f"cannot read the file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(label, "the file is not UTF-8 text",
                            hint="save it as UTF-8 (CSV UTF-8 in spreadsheet programs)") from exc
    rows = list(_json_rows(label, text) if _looks_like_json(path, text) else _csv_rows(label, text))
    return check_rows(label, rows)


def _looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() in (".json", ".geojson") or text.lstrip()[:1] in ("[", "{")


def _csv_rows(label: str, text: str) -> Iterator[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    header = [_column(name) for name in (reader.fieldnames or [])]
    if "name" not in header:
        raise DataFileError(label, "missing required column 'name'", column="name",
                            expected=f"a header with {', '.join(COLUMNS)} "
                            f"(found: {', '.join(header) or 'none'})")
    for row in reader:
        yield {_column(str(key)): value for key, value in row.items() if key is not None}


def _delimiter(text: str) -> str:
    """The header line's delimiter: the most frequent of , ; tab | (column names hold none
    of them; sniffing the data too is fooled by quoted commas in addresses)."""
    header = text.split("\n", 1)[0]
    counts = {char: header.count(char) for char in (",", ";", "\t", "|")}
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


def _json_rows(label: str, text: str) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(label, f"not valid JSON ({exc.msg})", row=exc.lineno,
                            expected="a JSON array of locations or a GeoJSON "
                            "FeatureCollection") from exc
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        items = [_from_feature(feature) for feature in data.get("features") or []]
    elif isinstance(data, dict) and isinstance(data.get("locations"), list):
        items = data["locations"]
    elif isinstance(data, list):
        items = data
    else:
        raise DataFileError(label, "the JSON is neither a list of locations nor a GeoJSON "
                            "FeatureCollection", expected='[{"name": ..., "city": ...}, ...]')
    for item in items:
        yield ({_column(str(k)): v for k, v in item.items()} if isinstance(item, dict)
               else {"_jm_not_object": item})


def _from_feature(feature: Any) -> dict[str, Any]:
    """A GeoJSON feature as a row: its properties, lon/lat from a Point geometry."""
    if not isinstance(feature, dict):
        return {"_jm_not_object": feature}
    row = dict(feature.get("properties") or {})
    if "id" in feature and "location_id" not in row and "id" not in row:
        row["location_id"] = feature["id"]
    geometry = feature.get("geometry") or {}
    coordinates = geometry.get("coordinates") if geometry.get("type") == "Point" else None
    if isinstance(coordinates, list) and len(coordinates) >= 2:
        row["lon"], row["lat"] = coordinates[0], coordinates[1]
    return row


def _column(name: str) -> str:
    key = name.strip().lower()
    return ALIASES.get(key, key)


def check_rows(label: str, rows: Iterable[Mapping[str, Any]]) -> ReadLocations:
    """Each row as a Location or a Problem; a location_id given twice keeps the first."""
    locations: list[Location] = []
    problems: list[Problem] = []
    raw: list[str] = []
    first_row: dict[str, int] = {}
    read = 0
    for number, row in enumerate(rows, start=1):
        read = number
        try:
            location = _location(row, {loc.id for loc in locations})
        except _RowProblem as problem:
            problems.append(Problem(number, problem.column, problem.reason))
            raw.append(json.dumps(dict(row), ensure_ascii=False, default=str))
            continue
        if location.id in first_row:
            problems.append(Problem(number, "location_id", f"duplicate location_id "
                                    f"{location.id!r} (first at row {first_row[location.id]})"))
            raw.append(json.dumps(dict(row), ensure_ascii=False, default=str))
            continue
        first_row[location.id] = number
        locations.append(location)
    return ReadLocations(label, read, tuple(locations), tuple(problems), tuple(raw))


class _RowProblem(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _location(row: Mapping[str, Any], taken: set[str]) -> Location:
    if "_jm_not_object" in row:
        raise _RowProblem(None, "not a JSON object")
    data: dict[str, Any] = {name: _text(row.get(name)) for name in TEXT_FIELDS}
    data["lat"], data["lon"] = _coordinate(row, "lat"), _coordinate(row, "lon")
    if data["lat"] == 0 and data["lon"] == 0:
        data["lat"] = data["lon"] = None
    if not data["name"]:
        raise _RowProblem("name", "missing value; expected a non-empty name")
    ident = _text(row.get("location_id")) or new_location_id(data["name"], data["city"], taken)
    try:
        return Location.model_validate({"id": ident, **data})
    except ValidationError as exc:
        first = exc.errors()[0]
        column = str(first["loc"][0]) if first["loc"] else None
        reason = str(first["msg"]).removeprefix("Value error, ")
        if column == "id":
            column, reason = "location_id", f"{reason} (got {ident!r})"
        elif column is None and "city" in reason:
            column = "city"  # the model's "city or lat/lon" rule names no single field
        raise _RowProblem(column, reason) from None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _coordinate(row: Mapping[str, Any], column: str) -> float | None:
    value = row.get(column)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace(",", ".") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise _RowProblem(column, f"cannot read {str(value)[:60]!r}; expected a number "
                          "in decimal degrees such as 52.2297") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _RowProblem(column, "expected a finite number in decimal degrees")
    return number


def new_location_id(name: str, city: str, taken: set[str]) -> str:
    """An id from the name (``Nordlys Kraków`` -> ``nordlys-krakow``), unique in ``taken``."""
    from journeymap.geo.gazetteer import normalise

    base = re.sub(r"[^a-z0-9]+", "-", normalise(name).encode("ascii", "ignore").decode())
    base = base.strip("-")[:50] or "location"
    candidate = base
    if candidate in taken and city:
        suffix = re.sub(r"[^a-z0-9]+", "-", normalise(city).encode("ascii", "ignore").decode())
        candidate = f"{base}-{suffix.strip('-')}".strip("-")[:60]
    number = 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


# -- writing ---------------------------------------------------------------------------------
def location_row(location: Location) -> dict[str, Any]:
    """The location in the file columns (lat/lon None when it has no coordinates)."""
    return {"location_id": location.id, **{name: getattr(location, name) for name in
                                           TEXT_FIELDS}, "lat": location.lat, "lon": location.lon}


def csv_text(rows: Iterable[Mapping[str, Any]], columns: tuple[str, ...] = COLUMNS) -> str:
    """CSV with the stable header; None is an empty cell, floats as Python prints them."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if row.get(key) is None else row.get(key) for key in columns})
    return buffer.getvalue()


def geojson(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection: a Point per row with coordinates, ``geometry: null`` without
    (GeoJSON's way to say "not placed"); every field is in ``properties``."""
    features = []
    for row in rows:
        lat, lon = row.get("lat"), row.get("lon")
        geometry = (None if lat is None or lon is None
                    else {"type": "Point", "coordinates": [lon, lat]})
        features.append({"type": "Feature", "id": row.get("location_id"),
                         "geometry": geometry, "properties": dict(row)})
    return {"type": "FeatureCollection", "features": features}
