"""The offline gazetteer: any common spelling finds the city; ties go by country, then size."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.geo import gazetteer as geo
from journeymap.geo.gazetteer import Gazetteer, gazetteer, normalise


@pytest.mark.parametrize(("name", "city", "country"), [
    ("Warszawa", "Warsaw", "PL"), ("Warsaw", "Warsaw", "PL"), ("Варшава", "Warsaw", "PL"),
    ("София", "Sofia", "BG"), ("Sofia", "Sofia", "BG"), ("Kraków", "Kraków", "PL"),
    ("Krakow", "Kraków", "PL"), ("Cracow", "Kraków", "PL"), ("ŁÓDŹ", "Łódź", "PL"),
    ("  gdansk ", "Gdańsk", "PL"), ("Пловдив", "Plovdiv", "BG"),
])
def test_every_common_spelling_finds_the_city(name: str, city: str, country: str) -> None:
    found = gazetteer().locate(name)
    assert found is not None and (found.name, found.country) == (city, country)


def test_normalise_strips_latin_marks_but_keeps_cyrillic_letters() -> None:
    assert normalise("Łódź") == "lodz"
    assert normalise("Bielsko-Biała") == "bielsko biala"
    assert normalise("Йорк") == "йорк"  # not "иорк": й is a letter of its own


def test_country_decides_between_cities_of_one_name() -> None:
    index = gazetteer()
    assert index.country_code("Poland") == "PL" and index.country_code("bgr") == "BG"
    assert index.locate("Sofia", "PL") is None  # a known country never falls back elsewhere
    moscow = index.lookup("Moscow")
    assert moscow[0].country == "RU"  # the most populous first
    us = index.locate("Moscow", "US")
    assert us is not None and us.country == "US"


def test_unknown_names_are_not_placed() -> None:
    assert gazetteer().locate("Qwxzzyville") is None
    assert gazetteer().locate("") is None


def test_the_index_is_cached_on_disk_and_read_back(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = geo.build()
    assert built.info.source == "package" and geo.cache_path().is_file()
    assert built.info.cities > 60_000
    loaded = geo.build()
    assert loaded.info.source == "cache"
    assert loaded.locate("Cracow") == built.locate("Cracow")
    geo.cache_path().write_bytes(b"not a pickle")
    assert geo.build().info.source == "package"  # a broken cache is rebuilt, not an error
    assert isinstance(loaded, Gazetteer)
