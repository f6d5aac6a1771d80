"""Workspace store: schema, opening, whole documents (save, load, replace, atomicity)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, assume, given, settings

from journeymap.errors import InputError, NotFoundError, StoreError
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
from journeymap.store import Store, default_url, head_revision
from journeymap.store.tables import KINDS, metadata
from strategies import workspace_documents

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


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


def row_counts(store: Store, workspace_id: str) -> dict[str, int]:
    """Rows per table belonging to one workspace."""
    counts: dict[str, int] = {}
    with store.engine.connect() as conn:
        pk = conn.execute(sa.text("select pk from workspace where id = :id"),
                          {"id": workspace_id}).scalar_one()
        for kind in KINDS[1:]:
            table = kind.table
            query = sa.select(sa.func.count()).where(table.c.workspace_pk == pk)
            counts[kind.name] = conn.execute(query).scalar_one()
    return counts


def small_document(workspace_id: str = "acme") -> WorkspaceDocument:
    return WorkspaceDocument(
        workspace=Workspace(id=workspace_id, name="ACME renamed"),
        personas=[Persona(id="anna", name="Anna N.")],
        maps=[JourneyMap(id="other", name="Other", stages=[Stage(id="s1", name="One")])],
    )


def test_round_trip_of_a_rich_document(store: Store) -> None:
    doc = rich_document()
    store.save_document(doc)
    loaded = store.load_document("acme")
    assert loaded == doc
    # Timestamps come back as the same instants, in UTC.
    assert loaded.comments[1].created_at.utcoffset() == timedelta(0)
    assert [c.created_at for c in loaded.comments] == [c.created_at for c in doc.comments]
    assert row_counts(store, "acme") == {
        "member": 3, "persona": 2, "kpi": 2, "location": 2, "journey_map": 2, "stage": 6,
        "touchpoint": 6, "lane": 22, "card": 24, "pain_point": 2, "opportunity": 2,
        "action": 2, "comment": 4, "map_snapshot": 1,
    }


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=workspace_documents())
def test_round_trip_of_generated_documents(store: Store, doc: WorkspaceDocument) -> None:
    # PostgreSQL text cannot hold NUL characters; that refusal is tested separately.
    assume(store.engine.dialect.name == "sqlite" or "\\u0000" not in doc.model_dump_json())
    store.save_document(doc)
    assert store.load_document(doc.workspace.id) == doc


def test_replacing_a_document_leaves_no_trace_of_the_old_one(store: Store) -> None:
    store.save_document(rich_document())
    before = store.get("acme", "persona/anna")
    store.save_document(small_document())
    assert store.load_document("acme") == small_document()
    counts = row_counts(store, "acme")
    assert counts == dict.fromkeys(counts, 0) | {"persona": 1, "journey_map": 1, "stage": 1}
    # A replaced object continues its version, so an editor holding version 1 conflicts.
    assert (before.version, store.get("acme", "persona/anna").version) == (1, 2)
    assert store.get("acme", "map/other/stage/s1").version == 1


def test_save_refused_by_the_database_changes_nothing(store: Store) -> None:
    store.save_document(rich_document())
    broken = WorkspaceDocument.model_construct(
        workspace=Workspace(id="acme", name="Broken"), members=[], kpis=[], locations=[],
        personas=[Persona(id="p", name="P"), Persona(id="p", name="P again")],
        maps=[], snapshots=[], comments=[],
    )
    with pytest.raises(StoreError, match="'acme' was not saved"):
        store.save_document(broken)
    assert store.load_document("acme") == rich_document()


def test_save_failing_midway_changes_nothing(store: Store) -> None:
    store.save_document(rich_document())

    def fail_on_cards(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CARD"):
            raise RuntimeError("connection lost")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_cards)
    try:
        with pytest.raises(RuntimeError, match="connection lost"):
            store.save_document(small_document().model_copy(update={"maps": [checkout_map()]}))
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_cards)
    assert store.load_document("acme") == rich_document()


def test_text_the_database_cannot_hold_is_an_input_error(store: Store) -> None:
    doc = small_document().model_copy(update={"workspace": Workspace(id="acme", name="A\x00B")})
    if store.engine.dialect.name == "sqlite":
        store.save_document(doc)
        assert store.load_document("acme") == doc
    else:
        with pytest.raises(InputError, match="cannot store"):
            store.save_document(doc)


def test_tables_edited_by_hand_into_nonsense_are_reported(store: Store) -> None:
    store.save_document(rich_document())
    with store.engine.begin() as conn:
        conn.execute(sa.text("update card set stage = 'gone' where id = 'feel-2'"))
    with pytest.raises(StoreError, match="'acme' in the store is not a valid document"):
        store.load_document("acme")


def test_one_database_holds_several_workspaces(store: Store) -> None:
    store.save_document(rich_document("acme"))
    store.save_document(small_document("beta"))
    assert [w.id for w in store.list_workspaces()] == ["acme", "beta"]
    assert store.load_document("acme") == rich_document("acme")
    assert store.load_document("beta") == small_document("beta")


def test_unknown_workspace_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="workspace 'nope' not found"):
        store.load_document("nope")


def test_fresh_database_is_migrated_to_head(store_url: str) -> None:
    with Store.open(store_url) as store:
        assert store.schema_revision() == head_revision() == "0001"
        names = set(sa.inspect(store.engine).get_table_names())
    assert names == {kind.table.name for kind in KINDS} | {"alembic_version", "tombstone"}


def test_migrations_match_the_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_open_twice_is_idempotent(store_url: str) -> None:
    with Store.open(store_url) as first:
        first.save_document(rich_document())
    with Store.open(store_url) as second, Store.open(store_url) as third:
        assert second.schema_revision() == third.schema_revision() == head_revision()
        assert second.load_document("acme") == rich_document()


def test_servers_starting_at_once_migrate_once(store_url: str) -> None:
    opened: list[Store] = []

    def start() -> None:
        opened.append(Store.open(store_url))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert [s.schema_revision() for s in opened] == [head_revision()] * 4
    finally:
        for store in opened:
            store.close()


def test_a_store_from_a_newer_journeymap_is_refused(store_url: str) -> None:
    with Store.open(store_url) as store, store.engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = '9999'"))
    with pytest.raises(StoreError, match="revision '9999'.*newer") as info:
        Store.open(store_url)
    assert info.value.hint == "upgrade journeymap to the version that wrote this store"


def test_open_without_migrate_refuses_an_empty_database(store_url: str) -> None:
    with pytest.raises(StoreError, match="revision None, not '0001'"):
        Store.open(store_url, migrate=False)
    with Store.open(store_url):
        pass
    with Store.open(store_url, migrate=False) as store:
        assert store.schema_revision() == "0001"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+psycopg://nobody:secret@127.0.0.1:9/test", "cannot reach"),
        ("sqlite:////nonexistent-dir/sub/workspace.db", "cannot reach"),
        ("nosuchdb://x", "cannot use the workspace store URL"),
    ],
)
def test_unreachable_store_says_what_to_do(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        Store.open(url)
    assert "secret" not in str(info.value)
    assert info.value.hint


def test_default_url_points_into_the_workspace_folder(tmp_path: Path) -> None:
    assert default_url(tmp_path) == f"sqlite:///{tmp_path.resolve()}/workspace.db"
    with Store.open(default_url(tmp_path)) as store:
        store.save_document(small_document())
    assert (tmp_path / "workspace.db").is_file()
