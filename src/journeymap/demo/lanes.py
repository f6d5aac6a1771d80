"""The demo map's lanes (every lane kind), pain point hypotheses, an opportunity, an action."""

from __future__ import annotations

from datetime import date

from journeymap.model import (
    Action,
    ActionStatus,
    ActionTarget,
    Card,
    Evidence,
    Lane,
    LaneKind,
    Opportunity,
    PainPoint,
    Severity,
    Touchpoint,
    ValidationStatus,
)

STAGES = ("awareness", "consideration", "purchase", "service", "loyalty")

_GOALS = (
    "Discover what is new and on offer",
    "Choose the right product at the right price",
    "Pay and pick a delivery that fits",
    "Get it delivered, fixed or returned without effort",
    "Feel valued and rewarded for coming back",
)
_ACTIONS = (
    "Sees an ad or post, opens the newsletter, flips through the catalogue",
    "Searches, reads reviews, compares, asks in chat or visits a shop",
    "Adds to cart, chooses delivery, pays; or buys at the till",
    "Tracks the parcel, calls the hotline, requests a return",
    "Collects points, writes a review, answers a survey",
)
_CHANNELS = (
    "Ads · social · e-mail · printed catalogue",
    "Web · app · advice chat · shop",
    "Web · app · shop till",
    "E-mail · phone · chat · service point",
    "App · web · e-mail",
)
_THOUGHTS = (
    "“Do they have a better price than the marketplace?”",
    "“Which one of these three is really better?”",
    "“Why are there five delivery options and what do they cost?”",
    "“Twenty minutes on hold, and now they transfer me again…”",
    "“Points are nice, but a painless return matters more.”",
)
_BACKSTAGE = (
    "Campaign planning, audience lists from the CRM, catalogue print run",
    "Product data feed, stock sync between shops and warehouse",
    "Payment gateway, fraud checks, carrier selection rules",
    "Carrier hand-over, return label issued by the logistics team in batches",
    "Loyalty points engine, survey dispatch after each contact",
)
_METRICS = (
    "Reach, ad click-through, newsletter open rate",
    "Product views per visit, chat conversion, shop footfall",
    "Checkout conversion by step, payment error rate (KPI: conversion)",
    "CSAT per contact channel, CES for returns, time to return label",
    "NPS, repeat purchase rate, churn rate",
)
_NOTES = (
    "Black Friday week triples traffic; campaigns start in early November.",
    "Radek compares for days; Ivanka decides in the shop.",
    "Polish shops are closed on Sundays; web and app orders peak in the evening.",
    "The hotline is shared by Poland and Bulgaria, with one queue per language.",
    "Nordlys Club has silver and gold tiers by yearly spend.",
)
#: per persona, emotion from -2 to +2 at each stage
_EMOTIONS = {
    "maja": (1.0, 1.0, -1.5, 0.0, 0.5),
    "radek": (0.5, 1.5, -1.0, 0.0, 0.5),
    "ivanka": (0.5, 1.0, 1.0, -2.0, 0.0),
    "georgi": (1.0, 0.5, 1.0, -1.0, 1.5),
}


def _per_stage(lane: str, kind: LaneKind, title: str, texts: tuple[str, ...]) -> Lane:
    cards = [Card(id=f"{lane}-{stage}", stage=stage, text=text)
             for stage, text in zip(STAGES, texts, strict=True)]
    return Lane(id=lane, kind=kind, title=title, cards=cards)


def _mood(score: float) -> str:
    return "pleased" if score > 0 else "neutral" if score == 0 else "annoyed"


def _emotions() -> Lane:
    cards = [
        Card(id=f"emotion-{persona}-{stage}", stage=stage, persona=persona, score=score,
             text=f"{persona.title()}: {_mood(score)}")
        for persona, scores in _EMOTIONS.items()
        for stage, score in zip(STAGES, scores, strict=True)
    ]
    return Lane(id="emotions", kind=LaneKind.EMOTIONS, title="Emotions", cards=cards)


def _touchpoint_cards(touchpoints: list[Touchpoint]) -> Lane:
    cards = [Card(id=f"card-{tp.id}", stage=tp.stage, text=tp.name, touchpoint=tp.id)
             for tp in touchpoints]
    return Lane(id="touchpoints", kind=LaneKind.TOUCHPOINTS, title="Touchpoints", cards=cards)


def demo_lanes(touchpoints: list[Touchpoint]) -> list[Lane]:
    pains = [Card(id=f"card-{pain.id}", stage=pain.stage or "purchase", text=pain.title,
                  touchpoint=pain.touchpoint, pain_point=pain.id)
             for pain in demo_pain_points()]
    return [
        _per_stage("goals", LaneKind.GOALS, "Customer goals", _GOALS),
        _per_stage("actions", LaneKind.ACTIONS, "What the customer does", _ACTIONS),
        _touchpoint_cards(touchpoints),
        _per_stage("channels", LaneKind.CHANNELS, "Channels", _CHANNELS),
        _per_stage("thoughts", LaneKind.THOUGHTS, "Thoughts", _THOUGHTS),
        _emotions(),
        Lane(id="pain-points", kind=LaneKind.PAIN_POINTS, title="Pain points", cards=pains),
        Lane(id="opportunities", kind=LaneKind.OPPORTUNITIES, title="Opportunities", cards=[
            Card(id="card-opp-delivery-choice", stage="purchase",
                 text="One clear delivery choice with prices shown early",
                 opportunity="opp-delivery-choice"),
        ]),
        _per_stage("backstage", LaneKind.BACKSTAGE, "Backstage processes", _BACKSTAGE),
        _per_stage("metrics", LaneKind.METRICS, "Metrics", _METRICS),
        _per_stage("notes", LaneKind.TEXT, "Notes from the discovery meeting", _NOTES),
    ]


def demo_pain_points() -> list[PainPoint]:
    return [
        PainPoint(
            id="pp-delivery-options", title="Delivery options step confuses online buyers",
            stage="purchase", touchpoint="tp-web-checkout", severity=Severity.HIGH,
            status=ValidationStatus.HYPOTHESIS, kind="drop_off",
            description="Shop staff hear that the delivery step lists too many options with "
                        "prices shown only at the end.",
            quotes=["I gave up when the courier price appeared at the last step."],
        ),
        PainPoint(
            id="pp-hotline-waits", title="Long waits and transfers on the hotline",
            stage="service", touchpoint="tp-hotline", severity=Severity.MEDIUM,
            status=ValidationStatus.HYPOTHESIS, kind="low_satisfaction",
            evidence=[Evidence(metric="complaints per month", value=40, note="from the "
                               "customer service team lead, not yet measured")],
        ),
        PainPoint(
            id="pp-store-queues", title="Queues at the till on Saturdays",
            stage="purchase", touchpoint="tp-store-till", severity=Severity.LOW,
            status=ValidationStatus.HYPOTHESIS, kind="wait",
            description="Raised by one shop manager; unclear whether customers mind.",
        ),
    ]


def demo_opportunities() -> list[Opportunity]:
    return [Opportunity(
        id="opp-delivery-choice", title="One clear delivery choice with prices shown early",
        description="Show delivery prices on the product page and offer three options, "
                    "with the cheapest preselected.",
        pain_points=["pp-delivery-options"], value=5, effort=2, confidence=0.6, reach=8000,
    )]


def demo_actions() -> list[Action]:
    return [Action(
        id="act-delivery-redesign", title="Redesign the delivery step of the web checkout",
        owner="Piotr Zieliński", due=date(2027, 1, 31), status=ActionStatus.PLANNED,
        opportunities=["opp-delivery-choice"], pain_points=["pp-delivery-options"],
        description="A/B test the new delivery step, then roll out in both countries.",
        target=ActionTarget(kpi="conversion", touchpoint="tp-web-checkout", stage="purchase",
                            baseline=0.55, target=0.8),
    )]
