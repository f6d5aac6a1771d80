"""A small hand-built map and journeys for the touchpoint, stage, drop-off and reach tests.

Labels of ``JOURNEYS`` by row (touchpoint/stage, ``-`` = unmatched), worked out by hand:
 0 tp-ad/aw   1 tp-web/co  2 tp-cart/pu  3 tp-buy/pu  4 tp-help/se   (c1)
 5 tp-mail/aw 6 tp-web/co  7 -           8 tp-cart/pu                (c2)
 9 -  (ad_click on web: tp-ad also needs channel ad)                 (c3)
10 tp-web/co 11 tp-ad/aw                                             (c3)
12 tp-web/co  (channel WEB; tp-web has no channel rule)              (c4, one event)
13 tp-mail/aw 14 tp-web/co (same time: input order decides)          (c5)
15 -  (no channel)                                                   (c6, one event)
16 -  (c1 again, channel Web)
"""

from __future__ import annotations

from typing import Any

from journeymap.model.journey import JourneyMap

JOURNEYS: list[tuple[Any, ...]] = [
    ("c1", "2024-03-01 10:00:00", "ad_click", "ad"),
    ("c1", "2024-03-01 10:05:00", "view_home", "web"),
    ("c1", "2024-03-01 10:05:00", "cart_add", "web"),
    ("c1", "2024-03-01 10:10:00", "buy", "web"),
    ("c1", "2024-03-01 11:00:00", "call", "phone"),
    ("c2", "2024-03-01 09:00:00", "newsletter_open", "email"),
    ("c2", "2024-03-01 09:30:00", "view_product", "web"),
    ("c2", "2024-03-01 09:40:00", "cookie", "web"),
    ("c2", "2024-03-01 09:45:00", "cart_add", "web"),
    ("c3", "2024-03-01 08:00:00", "ad_click", "web"),
    ("c3", "2024-03-01 08:01:00", "search", "web"),
    ("c3", "2024-03-01 08:02:00", "ad_view", "ad"),
    ("c4", "2024-03-01 12:00:00", "view_home", "WEB"),
    ("c5", "2024-03-01 07:00:00", "news_open", "email"),
    ("c5", "2024-03-01 07:00:00", "search", "web"),
    ("c6", "2024-03-01 13:00:00", "cookie", None),
    ("c1", "2024-03-01 11:30:00", "cookie", "Web"),
]

LABELS = [
    ("tp-ad", "aw"), ("tp-web", "co"), ("tp-cart", "pu"), ("tp-buy", "pu"), ("tp-help", "se"),
    ("tp-mail", "aw"), ("tp-web", "co"), (None, None), ("tp-cart", "pu"),
    (None, None), ("tp-web", "co"), ("tp-ad", "aw"),
    ("tp-web", "co"),
    ("tp-mail", "aw"), ("tp-web", "co"),
    (None, None),
    (None, None),
]


def rule(pattern: str, op: str = "exact", field: str = "event") -> dict[str, str]:
    return {"field": field, "op": op, "pattern": pattern}


def small_map(touchpoints: list[dict[str, Any]] | None = None) -> JourneyMap:
    """Stages aw, co, pu, se; touchpoints in this order (first match wins)."""
    stages = [{"id": s, "name": s.upper()} for s in ("aw", "co", "pu", "se")]
    if touchpoints is None:
        touchpoints = [
            {"id": "tp-ad", "stage": "aw", "channel": "ad",
             "rules": [rule("ad_*", "glob"), rule("ad", field="channel")]},
            {"id": "tp-mail", "stage": "aw", "channel": "email",
             "rules": [rule("news(letter)?_open", "regex")]},
            {"id": "tp-web", "stage": "co", "channel": "web",
             "rules": [rule("view_(home|product)", "regex"), rule("search")]},
            {"id": "tp-none", "stage": "co", "channel": "app", "rules": []},
            {"id": "tp-cart", "stage": "pu", "channel": "web", "rules": [rule("cart_*", "glob")]},
            {"id": "tp-buy", "stage": "pu", "channel": "web", "rules": [rule("buy")]},
            {"id": "tp-help", "stage": "se", "channel": "phone",
             "rules": [rule("phone", field="channel")]},
        ]
    for touchpoint in touchpoints:
        touchpoint.setdefault("name", touchpoint["id"])
    return JourneyMap.model_validate(
        {"id": "small", "name": "Small", "stages": stages, "touchpoints": touchpoints})
