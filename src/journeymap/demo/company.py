"""The demo company's starting workspace: stages, touchpoints, personas, KPIs, locations."""

from __future__ import annotations

from datetime import UTC, datetime

from journeymap.demo.lanes import demo_actions, demo_lanes, demo_opportunities, demo_pain_points
from journeymap.demo.places import demo_locations
from journeymap.model import (
    Channel,
    Comment,
    JourneyMap,
    KpiDefinition,
    KpiKind,
    Language,
    MatchField,
    MatchOp,
    MatchRule,
    Member,
    Persona,
    PersonaSource,
    Role,
    SegmentOp,
    SegmentRule,
    Stage,
    Touchpoint,
    Workspace,
    WorkspaceDocument,
)

MAP_ID = "retail"
COMPANY = "Nordlys Home & Electronics"


def demo_stages() -> list[Stage]:
    def stage(ident: str, name: str, description: str, *goals: str) -> Stage:
        return Stage(id=ident, name=name, description=description, goals=list(goals))

    return [
        stage("awareness", "Awareness", "The customer first notices Nordlys.",
              "Find out which brands sell what I need", "Spot a good deal without searching"),
        stage("consideration", "Consideration", "Comparing products, prices and shops.",
              "Compare models and prices quickly", "Get honest advice before spending",
              "Check that it is in stock nearby"),
        stage("purchase", "Purchase", "Ordering online, in the app or at the till.",
              "Pay quickly and safely", "Choose a delivery that fits my day",
              "Know exactly when it arrives"),
        stage("service", "Service", "Delivery, returns, repairs and questions.",
              "Get help from a person when something goes wrong",
              "Return or repair without hassle"),
        stage("loyalty", "Loyalty", "Coming back, collecting points, recommending.",
              "Be rewarded for coming back", "Feel that my opinion counts"),
    ]


def _rules(*events: str, regex: str | None = None, channel: str | None = None) -> list[MatchRule]:
    rules = [MatchRule(field=MatchField.EVENT, op=MatchOp.EXACT, pattern=e) for e in events
             if "*" not in e]
    rules += [MatchRule(field=MatchField.EVENT, op=MatchOp.GLOB, pattern=e) for e in events
              if "*" in e]
    if regex is not None:
        rules.append(MatchRule(field=MatchField.EVENT, op=MatchOp.REGEX, pattern=regex))
    if channel is not None:
        rules.append(MatchRule(field=MatchField.CHANNEL, op=MatchOp.EXACT, pattern=channel))
    return rules


_TOUCHPOINTS: tuple[tuple[str, str, str, Channel, str, str, list[MatchRule]], ...] = (
    ("tp-ads", "Online ads", "awareness", Channel.AD, "Kasia Nowak", "Marketing",
     _rules("ad_*", channel="ad")),
    ("tp-social", "Social media", "awareness", Channel.SOCIAL, "Kasia Nowak", "Marketing",
     _rules("social_*")),
    ("tp-newsletter", "Newsletter", "awareness", Channel.EMAIL, "Elena Petrova", "CRM",
     _rules(regex="newsletter_(open|click)")),
    ("tp-catalogue", "Printed catalogue", "awareness", Channel.MAIL, "Elena Petrova", "CRM",
     _rules("catalogue_received", channel="mail")),
    ("tp-website", "Website product pages", "consideration", Channel.WEB, "Piotr Zieliński",
     "E-commerce", _rules(regex="web_(home_view|search|product_view|compare_view)",
                          channel="web")),
    ("tp-app-browse", "App catalogue", "consideration", Channel.APP, "Ivan Dimitrov",
     "Mobile", _rules(regex="app_(open|product_view|wishlist_add)")),
    ("tp-advice-chat", "Product advice chat", "consideration", Channel.CHAT, "Marta Wójcik",
     "Customer service", _rules("chat_advice_*")),
    ("tp-shop-floor", "Shop visit", "consideration", Channel.STORE, "Stoyan Georgiev",
     "Retail operations", _rules("store_visit")),
    ("tp-web-checkout", "Web checkout", "purchase", Channel.WEB, "Piotr Zieliński",
     "E-commerce", _rules(regex="web_(cart_view|checkout_.+|payment_error|order_placed)")),
    ("tp-app-login", "App login", "purchase", Channel.APP, "Ivan Dimitrov", "Mobile",
     _rules("app_login", "app_login_failed", "app_password_reset")),
    ("tp-app-checkout", "App checkout", "purchase", Channel.APP, "Ivan Dimitrov", "Mobile",
     _rules("app_cart_view", "app_order_placed")),
    ("tp-store-till", "Shop till", "purchase", Channel.STORE, "Stoyan Georgiev",
     "Retail operations", _rules("store_purchase")),
    ("tp-order-confirmation", "Order confirmation e-mail", "purchase", Channel.EMAIL,
     "Elena Petrova", "CRM", _rules("order_confirmation_sent")),
    ("tp-delivery", "Delivery updates", "service", Channel.EMAIL, "Tomasz Lewandowski",
     "Logistics", _rules("delivery_*", channel="email")),
    ("tp-returns", "Returns portal", "service", Channel.WEB, "Tomasz Lewandowski",
     "Logistics", _rules("return_requested")),
    ("tp-return-label", "Return label and refund e-mails", "service", Channel.EMAIL,
     "Tomasz Lewandowski", "Logistics", _rules(regex="return_label_sent|refund_issued")),
    ("tp-hotline", "Customer hotline", "service", Channel.PHONE, "Marta Wójcik",
     "Customer service", _rules("phone_call_*", channel="phone")),
    ("tp-support-chat", "Support chat", "service", Channel.CHAT, "Marta Wójcik",
     "Customer service", _rules("chat_support_*")),
    ("tp-service-point", "Service points", "service", Channel.STORE, "Stoyan Georgiev",
     "Retail operations", _rules("store_service_visit", "store_return_dropoff")),
    ("tp-loyalty", "Nordlys Club", "loyalty", Channel.APP, "Elena Petrova", "CRM",
     _rules("loyalty_*")),
    ("tp-reviews", "Product reviews", "loyalty", Channel.WEB, "Piotr Zieliński",
     "E-commerce", _rules("review_written")),
    ("tp-survey", "Satisfaction surveys", "loyalty", Channel.EMAIL, "Elena Petrova", "CRM",
     _rules("survey_completed")),
)


def demo_touchpoints() -> list[Touchpoint]:
    return [
        Touchpoint(id=ident, name=name, stage=stage, channel=channel, owner=owner,
                   department=department, rules=rules)
        for ident, name, stage, channel, owner, department, rules in _TOUCHPOINTS
    ]


def _rule(attribute: str, op: SegmentOp, value: str | float | list[str | float]) -> SegmentRule:
    return SegmentRule(attribute=attribute, op=op, value=value)


def _rule_personas() -> list[Persona]:
    return [
        Persona(
            id="maja", name="Maja, the mobile-first shopper", source=PersonaSource.RULES,
            description="Young professional in Warszawa who shops from her phone.",
            quote="If it takes more than three taps, I'll buy it somewhere else.",
            goals=["Buy in a few minutes on the tram", "Track the parcel in the app"],
            needs=["A login that just works", "Saved cards and addresses"],
            frustrations=["Being logged out and asked to reset the password again"],
            attributes={"age": "18-34", "channel": "app", "city": "Warszawa"},
            segment=[_rule("preferred_channel", SegmentOp.EQ, "app"),
                     _rule("age", SegmentOp.LT, 35)],
        ),
        Persona(
            id="radek", name="Radek, the online researcher", source=PersonaSource.RULES,
            description="Compares specifications and prices for days before buying online.",
            quote="I read every review, then I want the checkout to be boring.",
            goals=["Find the best model for the money", "Choose the delivery slot"],
            needs=["Comparisons, stock by shop", "Clear delivery costs up front"],
            frustrations=["Surprise delivery fees at the end", "Payment errors"],
            attributes={"age": "30-50", "channel": "web", "city": "Kraków"},
            segment=[_rule("preferred_channel", SegmentOp.EQ, "web")],
        ),
    ]


def demo_personas() -> list[Persona]:
    """Three personas defined by rules on customer attributes, one written by hand."""
    return [
        *_rule_personas(),
        Persona(
            id="ivanka", name="Ivanka, the in-store regular", source=PersonaSource.RULES,
            description="Prefers to see and touch products and to talk to staff in Sofia.",
            quote="I want a person who knows the product, not a chatbot.",
            goals=["Get advice from staff", "Take it home the same day"],
            needs=["Friendly, knowledgeable staff", "A hotline that answers"],
            frustrations=["Waiting on the hotline and being transferred"],
            attributes={"age": "45+", "channel": "store", "city": "Sofia"},
            segment=[_rule("preferred_channel", SegmentOp.EQ, "store")],
        ),
        Persona(
            id="georgi", name="Georgi, the loyal family buyer",
            description="Equips a family home over years; a Nordlys Club gold member.",
            quote="I keep coming back as long as returns are painless.",
            goals=["Collect and use points", "Return what does not fit without a fight"],
            needs=["Fast return labels and refunds", "Recognition as a regular"],
            frustrations=["Waiting days for a return label"],
            attributes={"tier": "gold", "household": "family", "city": "Plovdiv"},
        ),
    ]


def demo_kpis() -> list[KpiDefinition]:
    return [
        KpiDefinition(id="csat", name="CSAT", kind=KpiKind.CSAT, scale_min=1, scale_max=5,
                      question="How satisfied were you with this contact?", unit="%"),
        KpiDefinition(id="nps", name="NPS", kind=KpiKind.NPS, scale_min=0, scale_max=10,
                      question="How likely are you to recommend Nordlys to a friend?"),
        KpiDefinition(id="ces", name="CES", kind=KpiKind.CES, scale_min=1, scale_max=7,
                      question="How easy was it to get what you needed? (7 = very easy)"),
        KpiDefinition(id="churn", name="Churn rate", kind=KpiKind.CHURN_RATE, unit="%",
                      higher_is_better=False,
                      description="Share of active customers with no activity in 90 days."),
        KpiDefinition(id="conversion", name="Checkout conversion", kind=KpiKind.CONVERSION,
                      unit="%", description="Share of started checkouts that end in an order."),
    ]


def demo_map() -> JourneyMap:
    touchpoints = demo_touchpoints()
    return JourneyMap(
        id=MAP_ID, name="Omnichannel shopping journey (as-is)",
        scope="Private customers in Poland and Bulgaria, all channels, 2025-11 to 2026-10",
        description="Starting map from the discovery workshop; pain points are hypotheses "
                    "until the data confirms them.",
        personas=["maja", "radek", "ivanka", "georgi"],
        stages=demo_stages(), touchpoints=touchpoints, lanes=demo_lanes(touchpoints),
        pain_points=demo_pain_points(), opportunities=demo_opportunities(),
        actions=demo_actions(),
    )


def demo_document() -> WorkspaceDocument:
    """The demo company's starting workspace; it validates against the model."""
    return WorkspaceDocument(
        workspace=Workspace(id="demo", name=COMPANY, language=Language.EN,
                            description="Omnichannel retailer of home goods and electronics "
                                        "with shops in Poland and Bulgaria (demo data)."),
        members=[Member(user="anna.kowalska@nordlys.example", name="Anna Kowalska",
                        role=Role.OWNER),
                 Member(user="dimitar.ivanov@nordlys.example", name="Dimitar Ivanov",
                        role=Role.EDITOR)],
        personas=demo_personas(), kpis=demo_kpis(), locations=demo_locations(),
        maps=[demo_map()],
        comments=[Comment(
            id="c-delivery-step", target=f"map/{MAP_ID}/pain_point/pp-delivery-options",
            author="Anna Kowalska", created_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
            body="Shop staff hear this weekly. Can we check the checkout funnel by step?",
        )],
    )
