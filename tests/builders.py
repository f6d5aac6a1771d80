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


# -- the action plan (H4): opportunities in every quadrant, actions with measurable targets --
def action_plan_document(workspace_id: str = "acme") -> WorkspaceDocument:
    """Map ``shop`` (browse > buy > done; home, cart, pay, order) with pain points,
    opportunities in all four quadrants and five actions, each target KPI a different kind."""
    def tp(ident: str, stage: str, event: str) -> Touchpoint:
        return Touchpoint(id=ident, name=ident.removeprefix("tp-").title(), stage=stage,
                          channel=Channel.WEB, rules=[MatchRule(pattern=event)])

    def action(ident: str, owner: str, due: date | None, status: ActionStatus, kpi: str,
               touchpoint: str | None, **more: Any) -> Action:
        return Action(id=ident, title=ident.replace("-", " ").title(), owner=owner, due=due,
                      status=status, target=ActionTarget(kpi=kpi, touchpoint=touchpoint),
                      **more)

    at = date(2024, 3, 1)
    shop = JourneyMap(
        id="shop", name="Shop",
        stages=[Stage(id="browse", name="Browse", goals=["find it"]),
                Stage(id="buy", name="Buy"), Stage(id="done", name="Done")],
        touchpoints=[tp("tp-home", "browse", "home"), tp("tp-cart", "buy", "cart"),
                     tp("tp-pay", "buy", "pay"), tp("tp-order", "done", "order")],
        lanes=[Lane(id="tps", kind=LaneKind.TOUCHPOINTS, cards=[
                   Card(id="card-cart", stage="buy", text="Cart", touchpoint="tp-cart"),
                   Card(id="card-home", stage="browse", text="Home", touchpoint="tp-home")]),
               Lane(id="opps", kind=LaneKind.OPPORTUNITIES, cards=[
                   Card(id="card-fast", stage="buy", text="Fast", opportunity="opp-fast")])],
        pain_points=[
            PainPoint(id="pp-cart", title="Cart loses items", touchpoint="tp-cart",
                      affected_customers=300, status=ValidationStatus.VALIDATED_QUANTITATIVELY),
            PainPoint(id="pp-slow", title="Slow payment", touchpoint="tp-pay",
                      affected_customers=120, quotes=["so slow"]),
            PainPoint(id="pp-none", title="Unknown reach", stage="browse")],
        opportunities=[
            Opportunity(id="opp-fast", title="Fast cart", pain_points=["pp-cart", "pp-slow"],
                        value=4, effort=2, confidence=0.5),
            Opportunity(id="opp-big", title="New shop", value=5, effort=5, confidence=0.8,
                        reach=1000, pain_points=["pp-cart"]),
            Opportunity(id="opp-small", title="Nicer font", value=2, effort=1),
            Opportunity(id="opp-pit", title="Blockchain", value=1, effort=4, confidence=1.0,
                        reach=50)],
        actions=[
            action("act-conv", "eva", date(2024, 2, 15), ActionStatus.DONE, "conversion",
                   "tp-cart", implemented_on=at, opportunities=["opp-fast"],
                   pain_points=["pp-cart"]),
            action("act-pay", "olek", date(2024, 3, 20), ActionStatus.IN_PROGRESS, "dropoff",
                   "tp-pay", implemented_on=at, pain_points=["pp-slow"]),
            action("act-csat", "eva", date(2024, 4, 30), ActionStatus.PLANNED, "csat",
                   "tp-cart", implemented_on=at, opportunities=["opp-fast"]),
            action("act-rev", "", None, ActionStatus.BLOCKED, "revenue", None,
                   implemented_on=at),
            action("act-old", "olek", date(2024, 1, 10), ActionStatus.CANCELLED, "csat",
                   None)])
    return WorkspaceDocument(
        workspace=Workspace(id=workspace_id, name="ACME plan"),
        kpis=[KpiDefinition(id="csat", name="CSAT", kind=KpiKind.CSAT, scale_min=1,
                            scale_max=5),
              KpiDefinition(id="conversion", name="Cart conversion", kind=KpiKind.CONVERSION),
              KpiDefinition(id="dropoff", name="Payment drop-off", kind=KpiKind.DROP_OFF,
                            higher_is_better=False),
              KpiDefinition(id="revenue", name="Revenue", kind=KpiKind.REVENUE)],
        maps=[shop])


# Places (H7): two locations of ``document()`` with types, and events, customers and survey
# answers at them. waw: visits 4, customers 2 (c1 bought), CSAT 5 and 2; sof (no
# coordinates, city София): visits 3, customers 2 (c3 bought), NPS 10 and 3.
PLACES_EVENTS = """customer_id,timestamp,event,channel,location_id,value
c1,2026-03-01T10:00:00,store_visit,store,waw,
c1,2026-03-01T10:30:00,store_purchase,store,waw,120
c2,2026-03-02T10:00:00,store_visit,store,waw,
c2,2026-03-05T10:00:00,store_visit,store,waw,
c3,2026-03-03T11:00:00,store_visit,store,sof,
c3,2026-03-03T11:20:00,store_purchase,store,sof,50
c4,2026-04-01T09:00:00,checkout_start,web,,
c4,2026-04-02T09:00:00,store_visit,store,sof,
"""
PLACES_CUSTOMERS = "customer_id,city\nc1,Warszawa\nc2,Warszawa\nc3,Sofia\nc4,Sofia\n"
PLACES_SURVEYS = """response_id,customer_id,timestamp,touchpoint,stage,location_id,metric,score
r1,c1,2026-03-01T11:00:00,shop,purchase,waw,csat,5
r2,c2,2026-03-02T11:00:00,shop,purchase,waw,csat,2
r3,c3,2026-03-03T12:00:00,shop,purchase,sof,nps,10
r4,c4,2026-04-02T10:00:00,shop,purchase,sof,nps,3
"""


def places_document() -> WorkspaceDocument:
    doc = document()
    typed = [doc.locations[0].model_copy(update={"type": "shop", "phone": "+48 22 100 200",
                                                 "url": "https://acme.example/waw"}),
             doc.locations[1].model_copy(update={"type": "kiosk"})]
    return doc.model_copy(update={"locations": typed})


def places_workspace(folder: Path) -> Path:
    """A workspace of ``places_document()`` with the places data above imported."""
    from journeymap.ingest.api import import_customers, import_events
    from journeymap.ingest.surveys import import_surveys
    from journeymap.workbench import init_workspace

    init_workspace(folder, document=places_document()).close()
    import_events(folder, write(folder, "events.csv", PLACES_EVENTS))
    import_customers(folder, write(folder, "customers.csv", PLACES_CUSTOMERS))
    import_surveys(folder, write(folder, "surveys.csv", PLACES_SURVEYS))
    return folder


# -- final report (H8) ----------------------------------------------------------------------
XSS = '<script>alert("x")</script>'
#: c1 goes awareness > purchase > service, c2 awareness > purchase, c3 stays in awareness;
#: c4's only event matches no touchpoint and is older than 90 days before the last event.
REPORT_EVENTS = """customer_id,timestamp,event,channel
c1,2026-03-01T10:00:00Z,ad_click,ad
c1,2026-03-01T10:05:00Z,checkout_pay,web
c1,2026-03-02T09:00:00Z,pickup,store
c2,2026-03-01T11:00:00Z,ad_click,ad
c2,2026-03-01T11:30:00Z,checkout_pay,web
c3,2026-03-01T12:00:00Z,ad_click,ad
c4,2025-11-01T12:00:00Z,browse,web
"""
#: CSAT at the checkout: 5 and 2 before 2026-04-02 (act-1's date), 5 and 4 after; one NPS.
REPORT_SURVEYS = f"""response_id,customer_id,timestamp,touchpoint,stage,location_id,metric,\
score,comment,language
r1,c1,2026-03-10T10:00:00Z,tp-checkout,purchase,,csat,5,"{XSS.replace('"', '""')} great",en
r2,c2,2026-03-12T10:00:00Z,tp-checkout,purchase,,csat,2,,
r3,c3,2026-03-15T10:00:00Z,,,,nps,10,,
r4,c1,2026-04-10T10:00:00Z,tp-checkout,purchase,,csat,5,,
r5,c2,2026-04-11T10:00:00Z,tp-checkout,purchase,,csat,4,,
"""


def report_document() -> WorkspaceDocument:
    """rich_document() with store pickups matched (the last stage can be reached) and user
    text carrying markup in a card, a persona quote and the workspace name."""
    doc = rich_document()
    as_is = doc.maps[0]
    touchpoints = [tp.model_copy(update={"rules": [MatchRule(pattern="pickup")]})
                   if tp.id == "tp-store" else tp for tp in as_is.touchpoints]
    lanes = [lane.model_copy(update={"cards": [*lane.cards, Card(
        id="xss-card", stage="service", text=XSS)]}) if lane.kind is LaneKind.THOUGHTS
             else lane for lane in as_is.lanes]
    as_is = as_is.model_copy(update={"touchpoints": touchpoints, "lanes": lanes})
    personas = [doc.personas[0].model_copy(update={"quote": XSS}), doc.personas[1]]
    return doc.model_copy(update={
        "workspace": doc.workspace.model_copy(update={"name": f"ACME {XSS}"}),
        "maps": [as_is, doc.maps[1]], "personas": personas, "snapshots": []})


def report_workspace(folder: Path) -> Path:
    """A workspace of ``report_document()`` with REPORT_EVENTS and REPORT_SURVEYS imported."""
    from journeymap.ingest.api import import_events
    from journeymap.ingest.surveys import import_surveys
    from journeymap.workbench import init_workspace

    init_workspace(folder, document=report_document()).close()
    import_events(folder, write(folder, "events.csv", REPORT_EVENTS))
    import_surveys(folder, write(folder, "surveys.csv", REPORT_SURVEYS))
    return folder
