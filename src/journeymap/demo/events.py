"""The demo company's event vocabulary: every event name, its channel and its source system."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    name: str
    channel: str
    source: str


def _kinds(channel: str, source: str, *names: str) -> list[EventKind]:
    return [EventKind(name, channel, source) for name in names]


#: Order matters only for the integer codes used while generating.
EVENT_KINDS: tuple[EventKind, ...] = tuple(
    _kinds("ad", "ads_platform", "ad_impression", "ad_click")
    + _kinds("social", "ads_platform", "social_post_view", "social_click")
    + _kinds("email", "crm", "newsletter_open", "newsletter_click")
    + _kinds("mail", "crm", "catalogue_received")
    + _kinds("web", "web_analytics", "web_home_view", "web_search", "web_product_view",
             "web_compare_view", "web_cart_view", "web_checkout_start",
             "web_checkout_delivery", "web_checkout_payment", "web_payment_error",
             "web_order_placed", "return_requested", "review_written",
             "web_cookie_banner", "web_page_not_found")
    + _kinds("app", "app_analytics", "app_open", "app_product_view", "app_wishlist_add",
             "app_login", "app_login_failed", "app_password_reset", "app_cart_view",
             "app_order_placed", "loyalty_signup", "loyalty_points_redeemed",
             "app_push_received")
    + _kinds("chat", "chat", "chat_advice_started", "chat_advice_ended",
             "chat_support_started", "chat_support_ended")
    + _kinds("store", "store_systems", "store_visit", "store_purchase",
             "store_service_visit", "store_return_dropoff")
    + _kinds("email", "crm", "order_confirmation_sent", "delivery_dispatched",
             "delivery_delivered", "return_label_sent", "refund_issued", "survey_completed")
    + _kinds("phone", "contact_center", "phone_call_started", "phone_call_transferred",
             "phone_call_ended")
)

EVENT_NAMES: tuple[str, ...] = tuple(kind.name for kind in EVENT_KINDS)
CODE: dict[str, int] = {name: code for code, name in enumerate(EVENT_NAMES)}

#: Events no touchpoint claims on purpose, so the "unmatched events" list has content.
UNMAPPED_EVENTS: tuple[str, ...] = ("web_cookie_banner", "web_page_not_found", "app_push_received")

#: Events that happen at a shop or service point and so carry a ``location_id``.
LOCATED_EVENTS: tuple[str, ...] = (
    "store_visit", "store_purchase", "store_service_visit", "store_return_dropoff",
)

#: Events that carry revenue in ``value`` (refunds carry it negative).
ORDER_EVENTS: tuple[str, ...] = ("web_order_placed", "app_order_placed", "store_purchase")

#: Channels whose events belong to a browsing session and so carry a ``session_id``.
SESSION_CHANNELS: tuple[str, ...] = ("web", "app", "chat")
