"""Workspace store: schema, opening, whole documents (save, load, replace, atomicity)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, assume, given, settings

from builders import checkout_map, rich_document, small_document
from journeymap.errors import InputError, NotFoundError, StoreError
from journeymap.model import (
    Persona,
    Workspace,
    WorkspaceDocument,
)
from journeymap.store import Store, default_url, head_revision
from journeymap.store.tables import KINDS, metadata
from strategies import workspace_documents


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
        "action": 2, "comment": 4, "map_snapshot": 1, "board_note": 0,
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
        assert store.schema_revision() == head_revision()
        names = set(sa.inspect(store.engine).get_table_names())
    assert {kind.table.name for kind in KINDS} | {"alembic_version", "tombstone"} <= names
    assert names == set(metadata.tables) | {"alembic_version"}


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
    with pytest.raises(StoreError, match=f"revision None, not '{head_revision()}'"):
        Store.open(store_url, migrate=False)
    with Store.open(store_url):
        pass
    with Store.open(store_url, migrate=False) as store:
        assert store.schema_revision() == head_revision()


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
