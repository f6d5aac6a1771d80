"""One fixture builder for hand-made workspaces used across the test suite."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from journeymap.model import (
    Action,
    ActionStatus,
    ActionTarget,
    Card,
    Channel,
    Comment,
    Evidence,
    JourneyMap,
    KpiDefinition,
    KpiKind,
    Lane,
    LaneKind,
    Location,
    MapSnapshot,
    MapVariant,
    MatchOp,
    MatchRule,
    Member,
    Opportunity,
    PainPoint,
    Persona,
    PersonaSource,
    Role,
    SegmentOp,
    SegmentRule,
    Severity,
    Stage,
    Touchpoint,
    ValidationStatus,
    Workspace,
    WorkspaceDocument,
)

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


# A richer workspace used by the store tests: every lane kind, findings, a snapshot.
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def checkout_map(map_id: str = "checkout", variant: MapVariant = MapVariant.AS_IS) -> JourneyMap:
    """A map with every lane kind, cards in several lanes, findings and an action."""
    cards = {
        kind: [Card(id=f"{kind.value}-1", stage="awareness", text=f"{kind.value} one")]
        for kind in LaneKind
    }
    cards[LaneKind.EMOTIONS] = [
        Card(id="feel-1", stage="awareness", text="curious", score=1.0),
        Card(id="feel-2", stage="purchase", text="annoyed", score=-1.5, persona="anna"),
    ]
    cards[LaneKind.PAIN_POINTS] = [
        Card(id="pain-card", stage="purchase", text="form resets", pain_point="pp-form",
             touchpoint="tp-checkout"),
    ]
    return JourneyMap(
        id=map_id,
        name="Online checkout",
        scope="Web shop, first purchase",
        description="From ad to delivery",
        personas=["anna", "bob"],
        variant=variant,
        stages=[
            Stage(id="awareness", name="Awareness", goals=["find a shop"]),
            Stage(id="purchase", name="Purchase", description="pay"),
            Stage(id="service", name="Service"),
        ],
        touchpoints=[
            Touchpoint(id="tp-ad", name="Search ad", stage="awareness", channel=Channel.AD,
                       rules=[MatchRule(pattern="ad_click")]),
            Touchpoint(id="tp-checkout", name="Checkout", stage="purchase", channel=Channel.WEB,
                       owner="web team", location=None,
                       rules=[MatchRule(op=MatchOp.GLOB, pattern="checkout_*")]),
            Touchpoint(id="tp-store", name="Store pickup", stage="service",
                       channel=Channel.STORE, location="sofia-1"),
        ],
        lanes=[Lane(id=f"lane-{kind.value}", kind=kind, title=kind.value.title(),
                    cards=cards[kind]) for kind in LaneKind],
        pain_points=[
            PainPoint(id="pp-form", title="Form resets", stage="purchase",
                      touchpoint="tp-checkout", severity=Severity.HIGH,
                      status=ValidationStatus.VALIDATED_QUANTITATIVELY, affected_customers=412,
                      score=0.73, evidence=[Evidence(metric="drop_off", value=0.31,
                                                     baseline=0.12, n=1330, ci_low=0.28,
                                                     ci_high=0.34)],
                      quotes=["I typed it all twice"]),
        ],
        opportunities=[
            Opportunity(id="op-save", title="Keep form state", pain_points=["pp-form"], value=5,
                        effort=2, confidence=0.8, reach=1200),
        ],
        actions=[
            Action(id="act-1", title="Persist checkout form", owner="eva", due=date(2026, 4, 30),
                   status=ActionStatus.IN_PROGRESS, opportunities=["op-save"],
                   pain_points=["pp-form"],
                   target=ActionTarget(kpi="csat", touchpoint="tp-checkout", baseline=71.5,
                                       target=80.0),
                   implemented_on=date(2026, 4, 2)),
        ],
    )


def rich_document(workspace_id: str = "acme") -> WorkspaceDocument:
    """Every kind of object, every lane kind, threaded and resolved comments, a snapshot."""
    as_is = checkout_map()
    return WorkspaceDocument(
        workspace=Workspace(id=workspace_id, name="ACME shop", description="pilot"),
        members=[
            Member(user="eva@acme.test", name="Eva", role=Role.OWNER),
            Member(user="olek", role=Role.EDITOR),
            Member(user="viewer/1", role=Role.VIEWER),
        ],
        personas=[
            Persona(id="anna", name="Anna Nowak", quote="Fast please", goals=["speed"],
                    needs=["clear prices"], frustrations=["forms"],
                    attributes={"age": "34", "city": "Sofia"}),
            Persona(id="bob", name="Bob", source=PersonaSource.RULES,
                    segment=[SegmentRule(attribute="orders", op=SegmentOp.GE, value=3.0),
                             SegmentRule(attribute="country", op=SegmentOp.IN,
                                         value=["PL", "BG"])]),
        ],
        kpis=[
            KpiDefinition(id="csat", name="CSAT", kind=KpiKind.CSAT, question="How satisfied?",
                          scale_min=1, scale_max=5),
            KpiDefinition(id="effort", name="Effort", kind=KpiKind.CUSTOM, scale_min=0,
                          scale_max=10, unit="pts", higher_is_better=False),
        ],
        locations=[
            Location(id="sofia-1", name="Sofia Mall", city="Sofia", country="BG",
                     lat=42.6977, lon=23.3219, opening_hours="10-22"),
            Location(id="krk", name="Kraków", city="Kraków"),
        ],
        maps=[as_is, checkout_map("checkout-next", MapVariant.TO_BE).model_copy(
            update={"based_on": "checkout", "name": "Checkout, to be"})],
        snapshots=[MapSnapshot(id="snap-1", map="checkout", label="before workshop",
                               created_at=T0, created_by="eva@acme.test", content=as_is)],
        comments=[
            Comment(id="c1", target="map/checkout/card/feel-2", author="olek",
                    body="Is this from the survey?", created_at=T0),
            Comment(id="c2", target="map/checkout/card/feel-2", parent="c1", author="eva",
                    body="Yes, 2025 wave",
                    created_at=T0.astimezone(timezone(timedelta(hours=2)))),
            Comment(id="c3", target="persona/anna", author="eva", body="Check age",
                    created_at=T0, resolved=True, resolved_by="olek",
                    resolved_at=T0 + timedelta(days=1)),
            Comment(id="c4", target="workspace", body="Kick-off on Monday", created_at=T0),
        ],
    )


def small_document(workspace_id: str = "acme") -> WorkspaceDocument:
    return WorkspaceDocument(
        workspace=Workspace(id=workspace_id, name="ACME renamed"),
        personas=[Persona(id="anna", name="Anna N.")],
        maps=[JourneyMap(id="other", name="Other", stages=[Stage(id="s1", name="One")])],
    )


def write(folder: Path, name: str, text: str) -> Path:
    """A UTF-8 text file ``name`` in ``folder``, e.g. a CSV to import."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
