"""Places in and out: import/export location files, geocoding, and the map page settings.

``import_locations`` upserts by ``location_id`` into the workspace document (one
transaction: all or nothing) and records the import and its bad rows in the analytic
store's ``imports``/``quarantine`` tables, so ``journeymap import quarantine`` lists them
like any other import. Settings live in ``places.json`` in the workspace folder (no
secrets); ``$JOURNEYMAP_TILE_URL`` and ``$JOURNEYMAP_ONLINE_GEOCODING`` override them for one
run, e.g. in tests or on a server with its own tile cache.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.errors import InputError, WorkspaceError
from journeymap.geo.locations_file import ReadLocations, read_locations
from journeymap.ingest.store import ImportReport, connect, file_hash, transaction
from journeymap.model import Location

if TYPE_CHECKING:
    from journeymap.geo.online import Transport
    from journeymap.workbench.session import Workbench

SETTINGS_FILE = "places.json"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")
TILE_VARIABLE = "JOURNEYMAP_TILE_URL"
ONLINE_VARIABLE = "JOURNEYMAP_ONLINE_GEOCODING"
#: How many bad rows an import report lists (all are in the quarantine table).
FIRST_PROBLEMS = 5


@dataclass(frozen=True)
class PlacesSettings:
    """Where map tiles come from, and whether the online geocoder may be asked."""

    tile_url: str = OSM_TILES
    tile_attribution: str = OSM_ATTRIBUTION
    online_geocoding: bool = False
    geocoder_url: str = "https://nominatim.openstreetmap.org/search"


def read_settings(workspace: Path) -> PlacesSettings:
    """The workspace's settings (defaults when none were saved), environment applied."""
    settings = PlacesSettings()
    path = workspace / SETTINGS_FILE
    if path.is_file():
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = {key: raw[key] for key in asdict(settings) if key in raw}
            settings = PlacesSettings(**known)
        except (ValueError, TypeError) as exc:
            raise WorkspaceError(f"{path}: not valid places settings ({exc})",
                                 hint=f"fix or delete {SETTINGS_FILE}") from exc
    if os.environ.get(TILE_VARIABLE):
        settings = replace(settings, tile_url=os.environ[TILE_VARIABLE])
    if os.environ.get(ONLINE_VARIABLE):
        settings = replace(settings, online_geocoding=os.environ[ONLINE_VARIABLE] == "1")
    return settings


def write_settings(workspace: Path, settings: PlacesSettings) -> None:
    if "{z}" not in settings.tile_url or "{x}" not in settings.tile_url \
            or "{y}" not in settings.tile_url:
        raise InputError(f"tile URL {settings.tile_url!r} lacks {{z}}, {{x}} or {{y}}",
                         hint="e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    tmp = workspace / (SETTINGS_FILE + ".part")
    tmp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    tmp.replace(workspace / SETTINGS_FILE)


# -- import / export ---------------------------------------------------------------------
@dataclass(frozen=True)
class LocationImport:
    """What an import did: the usual counts, and how the document changed."""

    report: ImportReport
    added: int
    updated: int
    unchanged: int
    unplaced: tuple[str, ...]

    def summary(self) -> str:
        text = (f"{self.report.summary()}; locations added {self.added}, updated "
                f"{self.updated}, unchanged {self.unchanged}")
        if self.unplaced:
            text += f"; not on the map (no coordinates, city not found): {len(self.unplaced)}"
        return text


def import_locations(bench: Workbench, path: Path) -> LocationImport:
    """Upsert the file's good rows by id into the document; bad rows are quarantined."""
    from journeymap.workbench.places import place

    found = read_locations(path)
    before = {location.id for location in bench.document().locations}
    # per location, in one transaction: edits elsewhere in the workspace are not touched
    changed = bench.store.upsert(bench.workspace_id, [
        (f"location/{location.id}", location) for location in found.locations])
    added = sum(1 for item in changed if item.ref.rsplit("/", 1)[-1] not in before)
    updated = len(changed) - added
    report = _record(bench, path, found)
    unplaced = tuple(loc.id for loc in found.locations if place(loc)[2] == "none")
    return LocationImport(report, added, updated, len(found.locations) - added - updated,
                          unplaced)


def _record(bench: Workbench, path: Path, found: ReadLocations) -> ImportReport:
    """The import's row in ``imports`` and its bad rows in ``quarantine``."""
    import_id = uuid.uuid4().hex[:12]
    started = datetime.now(UTC).replace(tzinfo=None)
    report = ImportReport(import_id, "locations", found.file, found.read, len(found.locations),
                          len(found.problems), 0, found.problems[:FIRST_PROBLEMS])
    content_hash = file_hash(path)
    with connect(bench.path) as con, transaction(con):
        seen = con.execute("SELECT count(*) FROM imports WHERE kind = 'locations' AND "
                           "content_hash = ?", [content_hash]).fetchone()
        # the same file again: its bad rows are in the quarantine already
        for problem, raw in zip(found.problems if not seen or not seen[0] else (),
                                found.raw, strict=False):
            con.execute('INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)',
                        [import_id, found.file, problem.row, problem.column, problem.reason, raw])
        con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [import_id, "locations", found.file, content_hash, None, found.read,
                     report.accepted, report.quarantined, 0, started,
                     datetime.now(UTC).replace(tzinfo=None)])
    return report


def export_rows(bench: Workbench, places_filter: Any = None) -> list[dict[str, Any]]:
    """Each location's fields plus its KPIs, flat (CSV and GeoJSON properties)."""
    from journeymap.workbench.places import places_data

    return [row.flat() for row in places_data(bench, places_filter)]


# -- geocoding ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A place a name may mean: what it is called, where, and who said so."""

    name: str
    country: str
    lat: float
    lon: float
    population: int | None
    source: str


def geocode(bench: Workbench, query: str, country: str = "", *, limit: int = 5,
            transport: Transport | None = None) -> list[Candidate]:
    """Cities called ``query`` from the offline gazetteer; when it knows none and the
    online geocoder is switched on, Nominatim's answers. Never a made-up position."""
    from journeymap.geo.gazetteer import gazetteer

    query = query.strip()
    if not query:
        raise InputError("geocode: give a place name", hint="e.g. Warszawa or Sofia")
    code = gazetteer().country_code(country)
    found = [Candidate(city.name, city.country, city.lat, city.lon, city.population,
                       "gazetteer")
             for city in gazetteer().lookup(query, country)
             if code is None or city.country == code][:limit]
    settings = read_settings(bench.path)
    if found or not settings.online_geocoding:
        return found
    from journeymap.geo.online import OnlineGeocoder

    online = OnlineGeocoder(settings.geocoder_url, transport)
    return [Candidate(p.name, country, p.lat, p.lon, None, p.source)
            for p in online.search(query, country, limit)]


def new_location(document_locations: list[Location], data: dict[str, Any]) -> Location:
    """A location from API data; without an id, one made from the name."""
    from pydantic import ValidationError

    from journeymap.geo.locations_file import new_location_id

    data = dict(data)
    taken = {location.id for location in document_locations}
    if not data.get("id"):
        data["id"] = new_location_id(str(data.get("name") or ""), str(data.get("city") or ""),
                                     taken)
    if data["id"] in taken:
        raise InputError(f"location {data['id']!r} exists already", path="id",
                         hint="give another id or update that location")
    try:
        return Location.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"new location {where}: {reason}".replace(" : ", ": "),
                         path=where) from exc
