"""One fixture builder for hand-made workspaces used across the test suite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from journeymap.model import WorkspaceDocument

AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def map_data(map_id: str = "retail", *, variant: str = "as_is") -> dict[str, Any]:
    return {
        "id": map_id, "name": "Retail journey", "scope": "Online and store buyers",
        "personas": ["ola"], "variant": variant,
        "stages": [
            {"id": "awareness", "name": "Awareness", "goals": ["Find a good offer"]},
            {"id": "purchase", "name": "Purchase", "goals": ["Pay quickly", "Know delivery"]},
            {"id": "service", "name": "Service"},
        ],
        "touchpoints": [
            {"id": "ad", "name": "Social ad", "stage": "awareness", "channel": "social",
             "owner": "Marketing", "rules": [{"op": "glob", "pattern": "ad_*"}]},
            {"id": "checkout", "name": "Web checkout", "stage": "purchase", "channel": "web",
             "department": "E-commerce", "rules": [
                 {"op": "regex", "pattern": "checkout_(start|pay)"},
                 {"field": "channel", "pattern": "web"}]},
            {"id": "shop", "name": "Shop visit", "stage": "purchase", "channel": "store",
             "location": "waw", "rules": [{"pattern": "store_visit"}]},
            {"id": "hotline", "name": "Hotline", "stage": "service", "channel": "phone",
             "rules": [{"pattern": "call"}]},
        ],
        "lanes": [
            {"id": "thoughts", "kind": "thoughts", "title": "Thinks", "cards": [
                {"id": "t1", "stage": "awareness", "text": "Is it cheaper than elsewhere?"},
                {"id": "t2", "stage": "purchase", "text": "Why so many steps?"}]},
            {"id": "feel", "kind": "emotions", "cards": [
                {"id": "e1", "stage": "awareness", "score": 1, "persona": "ola"},
                {"id": "e2", "stage": "purchase", "score": -1.5, "persona": "ola"},
                {"id": "e3", "stage": "service", "score": -2, "persona": "ola"}]},
            {"id": "tps", "kind": "touchpoints", "cards": [
                {"id": "k1", "stage": "purchase", "touchpoint": "checkout"}]},
            {"id": "pains", "kind": "pain_points", "cards": [
                {"id": "k2", "stage": "purchase", "pain_point": "slow-pay"}]},
            {"id": "back", "kind": "backstage", "cards": []},
        ],
        "pain_points": [
            {"id": "slow-pay", "title": "Payment takes too long", "stage": "purchase",
             "touchpoint": "checkout", "severity": "high",
             "evidence": [{"metric": "drop_off", "value": 0.45, "baseline": 0.1, "n": 812}]},
        ],
        "opportunities": [
            {"id": "one-click", "title": "One-click payment", "pain_points": ["slow-pay"],
             "value": 4, "effort": 2, "confidence": 0.7, "reach": 5000},
        ],
        "actions": [
            {"id": "ship-blik", "title": "Add BLIK payment", "owner": "Anna", "due":
             date(2026, 12, 15).isoformat(), "status": "in_progress",
             "opportunities": ["one-click"], "target": {
                 "kpi": "conv", "touchpoint": "checkout", "baseline": 0.55, "target": 0.7}},
        ],
    }


def document_data(*, maps: int = 1) -> dict[str, Any]:
    """A small but complete workspace: every kind of object, Polish and Bulgarian text."""
    data: dict[str, Any] = {
        "workspace": {"id": "acme", "name": "Acme Sklep", "language": "pl"},
        "members": [{"user": "anna@example.com", "name": "Anna", "role": "owner"},
                    {"user": "ivan@example.com", "name": "Иван", "role": "editor"}],
        "personas": [{"id": "ola", "name": "Oszczędna Ola", "quote": "Porównuję ceny.",
                      "goals": ["Kupić taniej"], "source": "rules",
                      "segment": [{"attribute": "city", "op": "in",
                                   "value": ["Warszawa", "Kraków"]}]}],
        "kpis": [{"id": "csat", "name": "CSAT", "kind": "csat", "scale_min": 1, "scale_max": 5},
                 {"id": "conv", "name": "Conversion", "kind": "conversion", "unit": "%"}],
        "locations": [{"id": "waw", "name": "Sklep Warszawa", "city": "Warszawa",
                       "country": "PL", "lat": 52.2297, "lon": 21.0122},
                      {"id": "sof", "name": "Магазин София", "city": "София", "country": "BG"}],
        "maps": [map_data()],
        "comments": [
            {"id": "c1", "target": "map/retail/touchpoint/checkout", "author": "anna@example.com",
             "body": "Czy to BLIK?", "created_at": AT.isoformat()},
            {"id": "c2", "target": "map/retail/touchpoint/checkout", "parent": "c1",
             "author": "ivan@example.com", "body": "Да.", "created_at": AT.isoformat(),
             "resolved": True, "resolved_by": "anna@example.com",
             "resolved_at": AT.isoformat()},
        ],
    }
    if maps > 1:
        data["maps"].append({**map_data("retail-to-be", variant="to_be"), "based_on": "retail"})
    return data


def document(*, maps: int = 1) -> WorkspaceDocument:
    return WorkspaceDocument.model_validate(document_data(maps=maps))
