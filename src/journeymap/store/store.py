"""The workspace store: whole documents and versioned single objects in one database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from journeymap.errors import InputError, NotFoundError, StoreError
from journeymap.model import MapSnapshot, MapVariant, Model, Workspace, WorkspaceDocument
from journeymap.model.diff import MapDiff
from journeymap.store import documents, edits, lists, snapshots
from journeymap.store.edits import Row, Versioned
from journeymap.store.refs import parse_ref
from journeymap.store.schema import WRITE, create_engine, current_revision, prepare, safe_url
from journeymap.store.tables import WORKSPACE, decode


def _first_line(exc: sa.exc.DBAPIError) -> str:
    return (str(exc.orig) or type(exc.orig).__name__).strip().splitlines()[0]


class Store:
    """One open workspace store (SQLite file or PostgreSQL database, many workspaces).

    Thread-safe: each call takes its own connection from the engine's pool.
    """

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Connect and bring the schema to head (or, without ``migrate``, check it is there)."""
        engine = create_engine(url)
        try:
            prepare(engine, url, migrate=migrate)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({safe_url(self.url)!r})"

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return current_revision(conn)

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as conn:
                if write:
                    conn.execution_options(**{WRITE: True})
                with conn.begin():
                    yield conn
        except sa.exc.DataError as exc:
            raise InputError(
                f"the workspace store cannot store this value: {_first_line(exc)}",
                hint="nothing was changed; text cannot hold NUL characters and whole numbers "
                "must fit in 64 bits",
            ) from exc
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise StoreError(
                f"the workspace store at {safe_url(self.url)} failed: {_first_line(exc)}",
                hint="check that the database is reachable and retry; nothing was changed",
            ) from exc

    @contextmanager
    def _workspace(self, workspace_id: str, *, write: bool) -> Iterator[tuple[sa.Connection, Row]]:
        with self._transaction(write=write) as conn:
            row = documents.workspace_row(conn, workspace_id, lock=write)
            if row is None:
                raise NotFoundError("workspace", workspace_id)
            yield conn, row

    # -- whole documents -----------------------------------------------------------
    def save_document(self, doc: WorkspaceDocument) -> None:
        """Create the workspace or replace all its content, all or nothing."""
        try:
            with self._transaction(write=True) as conn:
                documents.save(conn, doc)
        except sa.exc.IntegrityError as exc:
            raise StoreError(
                f"workspace {doc.workspace.id!r} was not saved: the database refused it "
                f"({_first_line(exc)})",
                hint="validate the document (journeymap import checks it); nothing was changed",
            ) from exc

    def load_document(self, workspace_id: str) -> WorkspaceDocument:
        with self._workspace(workspace_id, write=False) as (conn, row):
            return documents.load(conn, row)

    def document_with_versions(
        self, workspace_id: str
    ) -> tuple[WorkspaceDocument, dict[tuple[str, str, str], int]]:
        """The document and every object's version, read in one transaction, so the
        versions a page posts back belong to the content it showed. Keys are
        (kind, map id or "", id)."""
        with self._workspace(workspace_id, write=False) as (conn, row):
            document = documents.load(conn, row)
            previous = documents.previous_versions(conn, row["pk"])
        return document, {key: version for key, (version, _) in previous.items()}

    def list_workspaces(self) -> list[Workspace]:
        table = WORKSPACE.table
        with self._transaction(write=False) as conn:
            rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings()
            return [Workspace.model_validate(decode(WORKSPACE, row)) for row in rows]

    # -- versioned objects ---------------------------------------------------------
    def get(self, workspace_id: str, ref: str) -> Versioned:
        parsed = parse_ref(ref)
        with self._workspace(workspace_id, write=False) as (conn, row):
            return edits.get(conn, row, parsed)

    def add(
        self,
        workspace_id: str,
        ref: str,
        obj: Model,
        *,
        parent: str | None = None,
        position: int | None = None,
    ) -> Versioned:
        """Add a new object at ``position`` (None appends); a card's ``parent`` is its lane."""
        parsed = parse_ref(ref)
        with self._workspace(workspace_id, write=True) as (conn, row):
            return lists.add(conn, row, parsed, obj, parent, position)

    def update(
        self, workspace_id: str, ref: str, changes: dict[str, Any], *, expected_version: int
    ) -> Versioned:
        parsed = parse_ref(ref)
        with self._workspace(workspace_id, write=True) as (conn, row):
            return edits.update(conn, row, parsed, changes, expected_version)

    def move(
        self,
        workspace_id: str,
        ref: str,
        position: int,
        *,
        expected_version: int,
        parent: str | None = None,
    ) -> Versioned:
        """Reorder an object in its list, or move a card to ``parent`` (another lane)."""
        parsed = parse_ref(ref)
        with self._workspace(workspace_id, write=True) as (conn, row):
            return lists.move(conn, row, parsed, position, expected_version, parent)

    def delete(self, workspace_id: str, ref: str, *, expected_version: int) -> None:
        """Delete an object (with its children and the comments on them)."""
        parsed = parse_ref(ref)
        with self._workspace(workspace_id, write=True) as (conn, row):
            lists.delete(conn, row, parsed, expected_version)

    # -- map versions --------------------------------------------------------------
    def snapshot_map(
        self, workspace_id: str, map_id: str, label: str, *, created_by: str = ""
    ) -> MapSnapshot:
        with self._workspace(workspace_id, write=True) as (conn, row):
            return snapshots.snapshot_map(conn, row, map_id, label, created_by)

    def list_snapshots(self, workspace_id: str, map_id: str) -> list[MapSnapshot]:
        """Kept versions of the map, newest first."""
        with self._workspace(workspace_id, write=False) as (conn, row):
            return snapshots.list_snapshots(conn, row, map_id)

    def restore_snapshot(
        self, workspace_id: str, snapshot_id: str, *, expected_version: int
    ) -> Versioned:
        """Replace the live map's content with the snapshot's; guarded by the map's version."""
        with self._workspace(workspace_id, write=True) as (conn, row):
            return snapshots.restore_snapshot(conn, row, snapshot_id, expected_version)

    def derive_map(
        self,
        workspace_id: str,
        map_id: str,
        new_id: str,
        *,
        variant: MapVariant = MapVariant.TO_BE,
        name: str | None = None,
    ) -> Versioned:
        """Start a new map (e.g. the to-be map) as a copy of ``map_id`` with the same ids."""
        with self._workspace(workspace_id, write=True) as (conn, row):
            return snapshots.derive_map(conn, row, map_id, new_id, variant, name)

    def compare(self, workspace_id: str, before: str, after: str) -> MapDiff:
        """Compare two maps; each is a map id or ``snapshot/<id>``."""
        with self._workspace(workspace_id, write=False) as (conn, row):
            return snapshots.compare(conn, row, before, after)
