"""Where the demo company's customers live and where its shops and service points stand.

Coordinates are the real positions of the streets in each city; street numbers, phone
numbers and links are invented (the links use the reserved ``.example`` domain).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import Location

PL_HOURS = "Mo-Sa 10:00-21:00; Su off"
BG_HOURS = "Mo-Su 10:00-21:00"
SERVICE_HOURS = "Mo-Fr 09:00-19:00; Sa 10:00-15:00"


@dataclass(frozen=True)
class City:
    name: str
    country: str
    language: str
    #: share of the country's customers living there
    weight: float
    #: the shop customers of this city visit; a service point if the city has one
    shop: str
    service: str


CITIES: tuple[City, ...] = (
    City("Warszawa", "PL", "pl", 0.30, "warszawa-centrum", "warszawa-serwis"),
    City("Kraków", "PL", "pl", 0.18, "krakow", "krakow"),
    City("Wrocław", "PL", "pl", 0.14, "wroclaw", "wroclaw"),
    City("Poznań", "PL", "pl", 0.12, "poznan", "poznan"),
    City("Gdańsk", "PL", "pl", 0.13, "gdansk", "gdansk"),
    City("Łódź", "PL", "pl", 0.13, "lodz", "lodz"),
    City("Sofia", "BG", "bg", 0.50, "sofia-vitosha", "sofia-servis"),
    City("Plovdiv", "BG", "bg", 0.22, "plovdiv", "plovdiv"),
    City("Varna", "BG", "bg", 0.17, "varna", "varna"),
    City("Burgas", "BG", "bg", 0.11, "burgas", "burgas"),
)

#: share of all customers per country
COUNTRY_WEIGHTS = {"PL": 0.65, "BG": 0.35}


def _shop(
    ident: str, name: str, address: str, city: str, country: str, phone: str,
    lat: float, lon: float, *, kind: str = "shop",
) -> Location:
    lang = "pl" if country == "PL" else "bg"
    hours = SERVICE_HOURS if kind == "service point" else (PL_HOURS if lang == "pl" else BG_HOURS)
    section = "sklepy" if lang == "pl" else "magazini"
    return Location(
        id=ident, name=name, type=kind, address=address, city=city, country=country,
        phone=phone, url=f"https://nordlys.example/{lang}/{section}/{ident}",
        opening_hours=hours, lat=lat, lon=lon,
    )


def demo_locations() -> list[Location]:
    """The twelve shops and service points, in a stable order."""
    return [
        _shop("warszawa-centrum", "Nordlys Warszawa Centrum", "ul. Marszałkowska 104, 00-017",
              "Warszawa", "PL", "+48 22 412 30 10", 52.2319, 21.0067),
        _shop("warszawa-serwis", "Nordlys Serwis Warszawa Mokotów", "ul. Puławska 12, 02-566",
              "Warszawa", "PL", "+48 22 412 30 90", 52.2093, 21.0205, kind="service point"),
        _shop("krakow", "Nordlys Kraków Galeria", "ul. Pawia 5, 31-154", "Kraków", "PL",
              "+48 12 352 44 20", 50.0677, 19.9450),
        _shop("wroclaw", "Nordlys Wrocław Świdnicka", "ul. Świdnicka 40, 50-024", "Wrocław",
              "PL", "+48 71 307 15 60", 51.1047, 17.0312),
        _shop("poznan", "Nordlys Poznań Stary Browar", "ul. Półwiejska 32, 61-888", "Poznań",
              "PL", "+48 61 415 82 30", 52.4020, 16.9270),
        _shop("gdansk", "Nordlys Gdańsk Wały", "ul. Wały Jagiellońskie 10, 80-887", "Gdańsk",
              "PL", "+48 58 320 61 40", 54.3526, 18.6462),
        _shop("lodz", "Nordlys Łódź Piotrkowska", "ul. Piotrkowska 120, 90-006", "Łódź", "PL",
              "+48 42 209 77 50", 51.7618, 19.4579),
        _shop("sofia-vitosha", "Nordlys София Витоша", "бул. „Витоша“ 50, 1000", "Sofia",
              "BG", "+359 2 491 20 30", 42.6907, 23.3190),
        _shop("sofia-servis", "Nordlys Сервиз София", "бул. „Цариградско шосе“ 115, 1784",
              "Sofia", "BG", "+359 2 491 20 90", 42.6578, 23.3867, kind="service point"),
        _shop("plovdiv", "Nordlys Пловдив Главна", "ул. „Княз Александър I“ 20, 4000",
              "Plovdiv", "BG", "+359 32 630 415", 42.1454, 24.7488),
        _shop("varna", "Nordlys Варна", "бул. „Княз Борис I“ 60, 9000", "Varna", "BG",
              "+359 52 688 210", 43.2044, 27.9136),
        _shop("burgas", "Nordlys Бургас", "ул. „Александровска“ 40, 8000", "Burgas", "BG",
              "+359 56 842 370", 42.4960, 27.4712),
    ]


LOCATION_COLUMNS = (
    "location_id", "name", "type", "address", "city", "country", "phone", "url", "lat",
    "lon", "opening_hours",
)


def location_rows() -> list[dict[str, str]]:
    """``locations.csv`` rows in the canonical column order."""
    rows = []
    for loc in demo_locations():
        rows.append({
            "location_id": loc.id, "name": loc.name, "type": loc.type, "address": loc.address,
            "city": loc.city, "country": loc.country, "phone": loc.phone, "url": loc.url,
            "lat": f"{loc.lat:.4f}", "lon": f"{loc.lon:.4f}", "opening_hours": loc.opening_hours,
        })
    return rows
