"""Places: `journeymap import locations`, `journeymap export locations`, `journeymap places
geocode|config`."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from journeymap.cli.analyze import FromOption, MapOption, ToOption
from journeymap.cli.common import (
    DatabaseOption,
    FormatOption,
    OutputFormat,
    OutputOption,
    WorkspaceOption,
    emit,
    render_rows,
)
from journeymap.errors import InputError

places_app = typer.Typer(help="Places on the map: offline geocoding and map settings.",
                         no_args_is_help=True)

EXPORT_COLUMNS = ("location_id", "name", "type", "address", "city", "country", "phone", "url",
                  "opening_hours", "lat", "lon", "position", "channels", "visits", "customers",
                  "converted", "conversion", "conversion_low", "conversion_high", "csat",
                  "csat_n", "csat_low", "csat_high", "nps", "nps_n", "nps_low", "nps_high")
GEOCODE_COLUMNS = ("name", "country", "lat", "lon", "population", "source")


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: expected a date like 2024-03-31; got {text!r}") from None


class LocationsFormat(StrEnum):
    GEOJSON = "geojson"
    CSV = "csv"


def import_locations(
    file: Annotated[Path, typer.Argument(help="CSV (delimiter sniffed), JSON array or GeoJSON "
                                         "FeatureCollection of locations.", dir_okay=False,
                                         show_default=False)],
    workspace: WorkspaceOption,
    database: DatabaseOption = None,
) -> None:
    """Import locations (location_id, name, type, address, city, country, phone, url,
    opening_hours, lat, lon); only name and either city or lat/lon are required.

    A known location_id is updated, a new one added (re-importing a file changes nothing).
    Bad rows go to quarantine. Prints `read N, accepted N, quarantined N, duplicates 0;
    locations added N, updated N, unchanged N`.
    """
    from journeymap.workbench import Workbench
    from journeymap.workbench.places_io import import_locations as run

    with Workbench.open(workspace, database_url=database) as bench:
        result = run(bench, file)
    typer.echo(result.summary())
    for problem in result.report.problems:
        column = f", column {problem.column!r}" if problem.column else ""
        typer.echo(f"  row {problem.row}{column}: {problem.reason}", err=True)
    if result.report.quarantined:
        typer.echo("see them all: journeymap import quarantine --import "
                   f"{result.report.import_id}", err=True)
    for ident in result.unplaced:
        typer.echo(f"  location {ident!r} has no coordinates and its city is not in the "
                   "gazetteer: place it on the map by hand", err=True)


def export_locations(
    workspace: WorkspaceOption,
    fmt: Annotated[LocationsFormat, typer.Option("--format", "-f", help="geojson: a "
                                                 "FeatureCollection (unplaced locations have "
                                                 "geometry null); csv: one row a location.")]
    = LocationsFormat.GEOJSON,
    output: OutputOption = None,
    persona: Annotated[str | None, typer.Option(help="KPIs of this persona's customers only.",
                                                show_default=False)] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    stage: Annotated[str | None, typer.Option(help="KPIs of events in this stage of the map "
                                              "only.", show_default=False)] = None,
    map_id: MapOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export the locations with their KPIs.

    CSV columns: location_id, name, type, address, city, country, phone, url, opening_hours,
    lat, lon (as given), position (given, city, none), channels, visits, customers,
    converted, conversion, conversion_low, conversion_high, csat, csat_n, csat_low,
    csat_high, nps, nps_n, nps_low, nps_high. GeoJSON features carry the same properties.
    """
    from journeymap.geo.locations_file import csv_text, geojson
    from journeymap.workbench import Workbench
    from journeymap.workbench.places import PlacesFilter
    from journeymap.workbench.places_io import export_rows

    places_filter = PlacesFilter(persona=persona, date_from=_date(date_from, "--from"),
                                 date_to=_date(date_to, "--to"), stage=stage, map_id=map_id)
    with Workbench.open(workspace, database_url=database) as bench:
        rows = export_rows(bench, places_filter)
    if fmt is LocationsFormat.CSV:
        emit(csv_text(rows, EXPORT_COLUMNS), output)
    else:
        emit(json.dumps(geojson(rows), ensure_ascii=False, indent=1) + "\n", output)


def geocode(
    name: Annotated[str, typer.Argument(help="A city name in any common spelling.",
                                        show_default=False)],
    workspace: WorkspaceOption,
    country: Annotated[str, typer.Option(help="Prefer (and keep only) this country: ISO code "
                                         "or English name.")] = "",
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Where a city is, from the offline gazetteer (and the online geocoder if switched on).

    Columns: name, country, lat, lon, population, source; best match first.
    """
    from dataclasses import asdict

    from journeymap.workbench import Workbench
    from journeymap.workbench.places_io import geocode as run

    with Workbench.open(workspace) as bench:
        found = run(bench, name, country)
    if not found and fmt is OutputFormat.TABLE:
        typer.echo(f"no place called {name!r} in the gazetteer")
        raise typer.Exit(1)
    emit(render_rows([asdict(c) for c in found], GEOCODE_COLUMNS, fmt))


def config(
    workspace: WorkspaceOption,
    tile_url: Annotated[str | None, typer.Option(help="Map tiles, e.g. "
                                                 "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                                 show_default=False)] = None,
    tile_attribution: Annotated[str | None, typer.Option(help="Attribution shown for the "
                                                         "tiles (HTML allowed).",
                                                         show_default=False)] = None,
    online_geocoding: Annotated[bool | None, typer.Option(
        "--online-geocoding/--offline-geocoding", help="Let the app ask Nominatim "
        "(OpenStreetMap) for places the offline gazetteer does not know.",
        show_default=False)] = None,
) -> None:
    """Show or change the map settings of the workspace (places.json); prints them."""
    from dataclasses import asdict, replace

    from journeymap.workbench.folder import read_config
    from journeymap.workbench.places_io import read_settings, write_settings

    read_config(workspace)  # a one-line error when the folder is no workspace
    settings = read_settings(workspace)
    if (tile_url, tile_attribution, online_geocoding) != (None, None, None):
        settings = replace(
            settings, tile_url=settings.tile_url if tile_url is None else tile_url,
            tile_attribution=(settings.tile_attribution if tile_attribution is None
                              else tile_attribution),
            online_geocoding=(settings.online_geocoding if online_geocoding is None
                              else online_geocoding))
        write_settings(workspace, settings)
    for key, value in asdict(settings).items():
        typer.echo(f"{key:<18} {value}")


def register(import_app: typer.Typer, export_app: typer.Typer, app: typer.Typer) -> None:
    import_app.command("locations")(import_locations)
    export_app.command("locations")(export_locations)
    places_app.command("geocode")(geocode)
    places_app.command("config")(config)
    app.add_typer(places_app, name="places")
