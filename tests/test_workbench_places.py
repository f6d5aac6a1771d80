"""Places KPIs on hand-built data: exact numbers for every filter; import upserts by id."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builders import places_workspace, write
from journeymap.errors import InputError
from journeymap.ingest.api import quarantined_rows
from journeymap.workbench import Workbench
from journeymap.workbench.place_detail import place_detail
from journeymap.workbench.places import PlaceRow, PlacesFilter, clear_cache, places_data
from journeymap.workbench.places_io import geocode, import_locations


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clear_cache()
    return places_workspace(tmp_path_factory.mktemp("places") / "ws")


def rows(folder: Path, **chosen: object) -> dict[str, PlaceRow]:
    with Workbench.open(folder) as bench:
        return {row.location.id: row for row in places_data(bench, PlacesFilter(**chosen))}


def summary(row: PlaceRow) -> tuple[object, ...]:
    return (row.visits, row.customers, row.converted, row.conversion.value, row.conversion.n,
            row.csat.value, row.csat.n, row.nps.value, row.nps.n)


def test_kpis_without_filter_are_exact(folder: Path) -> None:
    found = rows(folder)
    assert summary(found["waw"]) == (4, 2, 1, 50.0, 2, 50.0, 2, None, 0)
    assert summary(found["sof"]) == (3, 2, 1, 50.0, 2, None, 0, 0.0, 2)
    assert found["waw"].channels == ("store",)


def test_positions_are_given_or_the_city_centre_never_zero(folder: Path) -> None:
    found = rows(folder)
    assert (found["waw"].lat, found["waw"].lon, found["waw"].position) == (
        52.2297, 21.0122, "given")
    sof = found["sof"]
    assert sof.position == "city" and round(sof.lat or 0, 2) == 42.70
    assert round(sof.lon or 0, 2) == 23.32
    assert sof.as_dict()["given_lat"] is None


def test_persona_filter_keeps_its_customers_only(folder: Path) -> None:
    found = rows(folder, persona="ola")  # city in Warszawa, Kraków: c1 and c2
    assert summary(found["waw"]) == (4, 2, 1, 50.0, 2, 50.0, 2, None, 0)
    assert summary(found["sof"]) == (0, 0, 0, None, 0, None, 0, None, 0)


def test_date_filter_is_inclusive_and_covers_answers(folder: Path) -> None:
    found = rows(folder, date_to=date(2026, 3, 31))
    assert summary(found["sof"]) == (2, 1, 1, 100.0, 1, None, 0, 100.0, 1)
    found = rows(folder, date_from=date(2026, 3, 2), date_to=date(2026, 3, 2))
    assert summary(found["waw"]) == (1, 1, 0, 0.0, 1, 0.0, 1, None, 0)


def test_stage_filter_counts_that_stage_and_keeps_buying_as_is(folder: Path) -> None:
    found = rows(folder, stage="purchase")  # only store_visit matches a purchase touchpoint
    assert summary(found["waw"])[:4] == (3, 2, 1, 50.0)
    assert summary(found["sof"])[:4] == (2, 2, 1, 50.0)
    assert rows(folder, stage="awareness")["waw"].visits == 0


def test_conversion_events_replace_the_value_rule(folder: Path) -> None:
    found = rows(folder, conversion_events=("store_visit",))
    assert (found["waw"].converted, found["waw"].conversion.value) == (2, 100.0)


def test_bad_filters_say_what_to_pick(folder: Path) -> None:
    with pytest.raises(InputError, match="no stage 'nope'"):
        rows(folder, stage="nope")
    with pytest.raises(InputError, match="no persona 'ghost'"):
        rows(folder, persona="ghost")


def test_detail_lists_the_location_events_by_touchpoint(folder: Path) -> None:
    with Workbench.open(folder) as bench:
        detail = place_detail(bench, "waw")
    assert [(s["touchpoint"], s["event"], s["events"], s["customers"]) for s in detail.steps] == [
        ("shop", "store_visit", 3, 2), (None, "store_purchase", 1, 1)]


def test_import_upserts_by_id_and_quarantines_bad_rows(tmp_path: Path) -> None:
    folder = places_workspace(tmp_path / "ws")
    csv = write(tmp_path, "locs.csv", "location_id,name,city,country,lat,lon\n"
                "waw,Sklep Warszawa Centrum,Warszawa,PL,52.2,21.0\n"
                "krk,Sklep Kraków,Cracow,PL,,\n"
                "bad,Bad,Kraków,PL,north,19\n")
    with Workbench.open(folder) as bench:
        first = import_locations(bench, csv)
        again = import_locations(bench, csv)
        locations = {loc.id: loc for loc in bench.document().locations}
    assert (first.report.read, first.report.accepted, first.report.quarantined) == (3, 2, 1)
    assert (first.added, first.updated, first.unchanged) == (1, 1, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert locations["waw"].name == "Sklep Warszawa Centrum" and locations["waw"].lat == 52.2
    assert list(locations) == ["waw", "sof", "krk"]
    quarantined = quarantined_rows(folder)
    assert [(q.row, q.column) for q in quarantined] == [(3, "lat")]  # not repeated on re-import


def test_geocode_offline_and_online_only_when_switched_on(folder: Path) -> None:
    calls: list[dict[str, str]] = []

    def fake(url: str, params: dict[str, str], headers: dict[str, str]) -> object:
        calls.append(params)
        return [{"display_name": "Marszałkowska 1, Warszawa", "lat": "52.23", "lon": "21.01"}]

    with Workbench.open(folder) as bench:
        found = geocode(bench, "Варшава", transport=fake)
        assert [(c.name, c.country, c.source) for c in found] == [("Warsaw", "PL", "gazetteer")]
        assert geocode(bench, "Marszałkowska 1", transport=fake) == []
        assert calls == []
        (folder / "places.json").write_text('{"online_geocoding": true}', encoding="utf-8")
        found = geocode(bench, "Marszałkowska 1", "PL", transport=fake)
    (folder / "places.json").unlink()
    assert [(c.lat, c.lon, c.source) for c in found] == [(52.23, 21.01, "nominatim")]
    assert calls[0]["countrycodes"] == "pl"
