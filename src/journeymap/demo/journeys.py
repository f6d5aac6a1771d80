"""The episode templates of the demo company, with the planted problems' magnitudes.

The numbers named ``PLANTED_*`` are what ``demo_truth.json`` reports and what the tests
measure; change one and both follow.
"""

from __future__ import annotations

from journeymap.demo.templates import DAY, HOUR, MINUTE, Step, Template

#: (1) share of web checkouts that leave at the delivery-options step, and at the others
PLANTED_DELIVERY_DROP = 0.45
OTHER_CHECKOUT_DROP = 0.10
#: (2) how often a customer with a broken app account loops, and the loop's length
PLANTED_LOOP_CHANCE = 0.75
LOOP_MIN, LOOP_MAX = 3, 6
#: (3) median of the slow handover return_requested (web) -> return_label_sent (email)
PLANTED_LABEL_DELAY_DAYS = 3.5
#: (5) chance a web payment error is followed by a hotline call, and its median delay
PLANTED_ERROR_CALL_CHANCE = 0.6
ERROR_CALL_DELAY_HOURS = 3.0

PAYMENT_ERROR_CHANCE = 0.07
_PAY_OK = 1 - OTHER_CHECKOUT_DROP
_PLACE_OK = _PAY_OK / (1 - PAYMENT_ERROR_CHANCE)

AD = Template("ad", (
    Step("ad_impression", delay=1),
    Step("ad_click", 0.35, delay=20),
    Step("web_home_view", 0.9, delay=4),
    Step("web_product_view", 0.7, delay=40),
    Step("web_product_view", 0.5, delay=60),
))
SOCIAL = Template("social", (
    Step("social_post_view", delay=1),
    Step("social_click", 0.3, delay=12),
    Step("web_product_view", 0.85, delay=5),
))
NEWSLETTER = Template("newsletter", (
    Step("newsletter_open", delay=1),
    Step("newsletter_click", 0.35, delay=30),
    Step("web_product_view", 0.9, delay=5),
    Step("web_product_view", 0.4, delay=70),
))
CATALOGUE = Template("catalogue", (
    Step("catalogue_received", delay=1),
    Step("web_home_view", 0.15, delay=6 * HOUR, spread=0.8),
))
WEB_BROWSE = Template("web_browse", (
    Step("web_cookie_banner", 0.06, after=None, delay=1),
    Step("web_home_view", after=None, delay=2),
    Step("web_search", 0.6, delay=15),
    Step("web_product_view", 0.95, after=1, delay=30),
    Step("web_product_view", 0.7, delay=60),
    Step("web_product_view", 0.6, delay=60),
    Step("web_product_view", 0.5, delay=50),
    Step("web_search", 0.3, delay=20),
    Step("web_product_view", 0.9, delay=30),
    Step("web_compare_view", 0.3, after=3, delay=45),
    Step("web_page_not_found", 0.03, after=3, delay=20),
    Step("chat_advice_started", 0.06, after=3, delay=30),
    Step("chat_advice_ended", delay=6 * MINUTE, spread=0.5),
))
APP_BROWSE = Template("app_browse", (
    Step("app_push_received", 0.15, after=None, delay=1),
    Step("app_open", after=None, delay=60),
    Step("app_product_view", 0.95, delay=10),
    Step("app_product_view", 0.7, delay=40),
    Step("app_product_view", 0.6, delay=40),
    Step("app_product_view", 0.5, delay=30),
    Step("app_wishlist_add", 0.25, after=2, delay=15),
))
STORE_VISIT = Template("store_visit", (Step("store_visit", delay=1),))
WEB_BUY = Template("web_buy", (
    Step("web_home_view", 0.5, after=None, delay=1),
    Step("web_product_view", after=None, delay=20),
    Step("web_cart_view", delay=40),
    Step("web_checkout_start", 1 - OTHER_CHECKOUT_DROP, delay=25),
    Step("web_checkout_delivery", 1 - OTHER_CHECKOUT_DROP, delay=30),
    Step("web_checkout_payment", 1 - PLANTED_DELIVERY_DROP, delay=70),
    Step("web_payment_error", PAYMENT_ERROR_CHANCE, delay=25),
    Step("web_order_placed", _PLACE_OK, after=5, unless=6, delay=25),
    Step("order_confirmation_sent", delay=90),
))


def _login_loop() -> tuple[Step, ...]:
    """app_open, then LOOP_MIN..LOOP_MAX rounds of login -> failed -> reset, then maybe in."""
    steps = [Step("app_open", delay=1)]
    stay = (1.0, 1.0, 1.0, 0.6, 0.5, 0.4)
    for round_ in range(LOOP_MAX):
        steps += [
            Step("app_login", stay[round_], delay=12),
            Step("app_login_failed", delay=4),
            Step("app_password_reset", delay=35, spread=0.8),
        ]
    return (*steps, Step("app_login", 0.5, after=0, delay=90))


_LOOP = _login_loop()
APP_BUY = Template("app_buy", (
    Step("app_open", delay=1),
    Step("app_login", delay=6),
    Step("app_login_failed", 0.05, delay=4),
    Step("app_password_reset", delay=40),
    Step("app_login", delay=60),
    Step("app_product_view", after=1, delay=20),
    Step("app_cart_view", 0.85, delay=40),
    Step("app_order_placed", 0.85, delay=60),
    Step("order_confirmation_sent", delay=90),
))
APP_BUY_LOOPING = Template("app_buy_looping", (
    *_LOOP,
    Step("app_product_view", after=len(_LOOP) - 1, delay=20),
    Step("app_cart_view", 0.85, delay=40),
    Step("app_order_placed", 0.85, delay=60),
    Step("order_confirmation_sent", delay=90),
))
STORE_BUY = Template("store_buy", (
    Step("store_visit", delay=1),
    Step("store_purchase", delay=15 * MINUTE, spread=0.5),
))
PHONE = Template("phone", (
    Step("phone_call_started", delay=1),
    Step("phone_call_transferred", 0.35, delay=4 * MINUTE),
    Step("phone_call_ended", after=0, delay=6 * MINUTE, spread=0.5),
))
SUPPORT_CHAT = Template("support_chat", (
    Step("chat_support_started", delay=1),
    Step("chat_support_ended", delay=8 * MINUTE, spread=0.5),
))
SERVICE_VISIT = Template("service_visit", (Step("store_service_visit", delay=1),))
LOYALTY = Template("loyalty", (
    Step("app_open", 0.7, after=None, delay=1),
    Step("loyalty_points_redeemed", 0.7, after=None, delay=40),
    Step("newsletter_open", 0.3, after=None, delay=2 * HOUR),
))

#: Episode kinds customers choose themselves, in the order of the choice tables.
EPISODES: tuple[Template, ...] = (
    AD, SOCIAL, NEWSLETTER, CATALOGUE,
    WEB_BROWSE, APP_BROWSE, STORE_VISIT,
    WEB_BUY, APP_BUY, STORE_BUY,
    PHONE, SUPPORT_CHAT, SERVICE_VISIT,
    LOYALTY,
)

# Follow-ups: started from a moment of an earlier episode.
DELIVERY = Template("delivery", (
    Step("delivery_dispatched", delay=7 * HOUR, spread=0.5),
    Step("delivery_delivered", delay=1.3 * DAY, spread=0.4),
))
RETURN = Template("return", (
    Step("return_requested", delay=3 * DAY, spread=0.6),
    Step("return_label_sent", delay=PLANTED_LABEL_DELAY_DAYS * DAY, spread=0.35),
    Step("store_return_dropoff", delay=20 * HOUR, spread=0.5),
    Step("refund_issued", delay=6 * HOUR, spread=0.5),
))
REVIEW = Template("review", (Step("review_written", delay=5 * DAY, spread=0.6),))
LOYALTY_SIGNUP = Template("loyalty_signup", (Step("loyalty_signup", delay=20 * MINUTE),))
ERROR_CALL = Template("error_call", (
    Step("phone_call_started", delay=ERROR_CALL_DELAY_HOURS * HOUR, spread=0.8),
    Step("phone_call_transferred", 0.5, delay=4 * MINUTE),
    Step("phone_call_ended", after=0, delay=9 * MINUTE, spread=0.5),
))
SURVEY = Template("survey", (Step("survey_completed", delay=1),))
