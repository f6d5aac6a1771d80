"""The optional online geocoder (Nominatim, OpenStreetMap's search), off unless switched on.

It is only asked when the user turned it on (``journeymap places config --online-geocoding``)
and the offline gazetteer has no answer, e.g. for a street address. Nominatim's usage
policy asks for an identifying User-Agent and at most one request a second; both are kept
here. ``transport`` is the one place that talks to the network, so tests pass a fake one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from journeymap import __version__
from journeymap.errors import InputError

DEFAULT_URL = "https://nominatim.openstreetmap.org/search"
USER_AGENT = f"journeymap/{__version__} (customer journey mapping; offline-first)"
#: Seconds between two requests (Nominatim's policy: at most one a second).
MIN_INTERVAL = 1.0
Transport = Callable[[str, dict[str, str], dict[str, str]], Any]


@dataclass(frozen=True)
class Place:
    """One answer: a display name, its position, and who answered."""

    name: str
    lat: float
    lon: float
    source: str


def http_transport(url: str, params: dict[str, str], headers: dict[str, str]) -> Any:
    """GET ``url`` and decode the JSON answer (httpx, 10 s timeout)."""
    import httpx

    try:
        answer = httpx.get(url, params=params, headers=headers, timeout=10.0)
        answer.raise_for_status()
        return answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise InputError(f"the online geocoder did not answer: {exc}",
                         hint="check the network, or place the marker by hand") from exc


class OnlineGeocoder:
    """Nominatim search; one request a second across threads."""

    def __init__(self, url: str = DEFAULT_URL, transport: Transport | None = None) -> None:
        self.url = url
        self.transport = transport or http_transport
        self._lock = threading.Lock()
        self._last = 0.0

    def search(self, query: str, country: str = "", limit: int = 5) -> list[Place]:
        """Places for ``query`` (an address or a place name), best first."""
        params = {"q": query, "format": "jsonv2", "limit": str(limit)}
        if len(country.strip()) == 2:
            params["countrycodes"] = country.strip().lower()
        with self._lock:
            wait = self._last + MIN_INTERVAL - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                answer = self.transport(self.url, params, {"User-Agent": USER_AGENT})
            finally:
                self._last = time.monotonic()
        return _places(answer)


def _places(answer: Any) -> list[Place]:
    places = []
    for item in answer if isinstance(answer, list) else []:
        try:
            lat, lon = float(item["lat"]), float(item["lon"])
        except (KeyError, TypeError, ValueError):
            continue  # an answer without a position is no answer
        if -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0.0, 0.0):
            places.append(Place(str(item.get("display_name") or ""), lat, lon, "nominatim"))
    return places
