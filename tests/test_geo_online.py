"""The optional online geocoder, with a fake transport: never the network in tests."""

from __future__ import annotations

from typing import Any

from journeymap.geo import online
from journeymap.geo.online import OnlineGeocoder


def test_search_sends_the_policy_headers_and_reads_places(monkeypatch: Any) -> None:
    monkeypatch.setattr(online, "MIN_INTERVAL", 0.0)
    sent: list[tuple[str, dict[str, str], dict[str, str]]] = []

    def fake(url: str, params: dict[str, str], headers: dict[str, str]) -> Any:
        sent.append((url, params, headers))
        return [{"display_name": "Sofia", "lat": "42.69", "lon": "23.32"},
                {"display_name": "null island", "lat": "0", "lon": "0"},
                {"display_name": "broken", "lat": "x"}]

    places = OnlineGeocoder("https://geo.example/search", fake).search("Sofia", "BG", 3)
    assert [(p.name, p.lat, p.lon, p.source) for p in places] == [
        ("Sofia", 42.69, 23.32, "nominatim")]
    url, params, headers = sent[0]
    assert url == "https://geo.example/search"
    assert params == {"q": "Sofia", "format": "jsonv2", "limit": "3", "countrycodes": "bg"}
    assert headers["User-Agent"].startswith("journeymap/")


def test_an_answer_that_is_not_a_list_gives_no_places() -> None:
    geocoder = OnlineGeocoder(transport=lambda url, params, headers: {"error": "busy"})
    assert geocoder.search("x") == []
