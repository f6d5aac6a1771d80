"""`journeymap import/export locations` and `journeymap places geocode|config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import places_workspace, write
from cli_support import run
from journeymap.workbench.places import clear_cache

HEADER = ("location_id,name,type,address,city,country,phone,url,opening_hours,lat,lon,"
          "position,channels,visits,customers,converted,conversion,conversion_low,"
          "conversion_high,csat,csat_n,csat_low,csat_high,nps,nps_n,nps_low,nps_high")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clear_cache()
    return places_workspace(tmp_path_factory.mktemp("cli-places") / "ws")


def test_export_csv_has_the_contract_columns_and_exact_kpis(folder: Path) -> None:
    code, out, _ = run("export", "locations", "-w", folder, "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == HEADER
    assert lines[1].startswith("waw,Sklep Warszawa,shop,,Warszawa,PL,+48 22 100 200,"
                               "https://acme.example/waw,,52.2297,21.0122,given,store,4,2,1,"
                               "50.0,")
    assert ",city,store,3,2,1,50.0," in lines[2]
    code, out, _ = run("export", "locations", "-w", folder, "-f", "csv", "--persona", "ola")
    assert out.splitlines()[2].split(",")[13:16] == ["0", "0", "0"]


def test_export_geojson_to_a_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "places.geojson"
    code, _, err = run("export", "locations", "-w", folder, "-o", target, "--to", "2026-03-31")
    assert code == 0 and "wrote" in err
    data = json.loads(target.read_text(encoding="utf-8"))
    waw, sof = data["features"]
    assert waw["geometry"] == {"type": "Point", "coordinates": [21.0122, 52.2297]}
    assert sof["geometry"] is None and sof["properties"]["position"] == "city"
    assert (sof["properties"]["visits"], sof["properties"]["nps"]) == (2, 100.0)


def test_bad_input_exits_2_with_one_line(folder: Path) -> None:
    code, _, err = run("export", "locations", "-w", folder, "--stage", "nope")
    assert code == 2 and err.count("\n") == 1 and "no stage 'nope'" in err
    code, _, err = run("export", "locations", "-w", folder, "--from", "March")
    assert code == 2 and "--from" in err


def test_import_reports_counts_and_problems(tmp_path: Path) -> None:
    folder = places_workspace(tmp_path / "ws")
    path = write(tmp_path, "l.csv", "name,city,lat,lon\nKiosk Plovdiv,Пловдив,,\n"
                 "No town,Qwxzzyville,,\nBad,Sofia,x,1\n")
    code, out, err = run("import", "locations", path, "-w", folder)
    assert code == 0
    assert out == ("read 3, accepted 2, quarantined 1, duplicates 0; locations added 2, "
                   "updated 0, unchanged 0; not on the map (no coordinates, city not found): "
                   "1\n")
    assert "row 3, column 'lat'" in err and "'no-town' has no coordinates" in err


def test_geocode_and_config(folder: Path) -> None:
    code, out, _ = run("places", "geocode", "Cracow", "-w", folder, "-f", "csv")
    assert code == 0 and out.splitlines()[1].startswith("Kraków,PL,50.06143,19.93658,")
    code, out, _ = run("places", "geocode", "Sofia", "--country", "PL", "-w", folder)
    assert code == 1 and "no place called" in out
    code, out, _ = run("places", "config", "-w", folder, "--tile-url",
                       "http://tiles.example/{z}/{x}/{y}.png", "--online-geocoding")
    assert code == 0 and "http://tiles.example/{z}/{x}/{y}.png" in out
    assert json.loads((folder / "places.json").read_text())["online_geocoding"] is True
    code, _, err = run("places", "config", "-w", folder, "--tile-url", "http://x")
    assert code == 2 and "lacks {z}" in err
    (folder / "places.json").unlink()


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_an_export_imports_back_unchanged(folder: Path, tmp_path: Path, fmt: str) -> None:
    from journeymap.workbench import Workbench, init_workspace

    exported = tmp_path / f"places.{fmt}"
    assert run("export", "locations", "-w", folder, "-f", fmt, "-o", exported)[0] == 0
    init_workspace(tmp_path / "copy", name="copy").close()
    code, out, _ = run("import", "locations", exported, "-w", tmp_path / "copy")
    assert code == 0 and out.startswith("read 2, accepted 2, quarantined 0")
    with Workbench.open(folder) as source, Workbench.open(tmp_path / "copy") as copy:
        assert copy.document().locations == source.document().locations
