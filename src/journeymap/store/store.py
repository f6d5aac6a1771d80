"""The workspace store: whole documents and versioned single objects in one database."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from journeymap.errors import InputError, NotFoundError, StoreError
from journeymap.model import (
    Comment,
    MapSnapshot,
    MapVariant,
    Model,
    Workspace,
    WorkspaceDocument,
)
from journeymap.model.diff import MapDiff
from journeymap.store import activity, board, documents, edits, lists, snapshots
from journeymap.store.activity import Activity, summary_of
from journeymap.store.edits import Row, Versioned
from journeymap.store.refs import parse_ref
from journeymap.store.schema import WRITE, create_engine, current_revision, prepare, safe_url
from journeymap.store.tables import WORKSPACE, decode


def _first_line(exc: sa.exc.DBAPIError) -> str:
    return (str(exc.orig) or type(exc.orig).__name__).strip().splitlines()[0]


#: Called after a change is committed, with the workspace id and the activity id.
Listener = Callable[[str, int], None]


def _comment_target(obj: object) -> str | None:
    """Where a comment is: the object it is on (other kinds' ``target``, e.g. an action's
    KPI target, is no place)."""
    return obj.target if isinstance(obj, Comment) else None


@dataclass
class _Log:
    """The activity rows one write transaction records (announced once it commits)."""

    conn: sa.Connection
    workspace: Row
    ids: list[int] = field(default_factory=list)

    def __call__(self, action: str, item: Versioned | None, ref: str = "", summary: str = "",
                 kind: str = "", where: str | None = None) -> None:
        if item is not None:
            ref, kind = ref or item.ref, kind or item.kind
            summary = summary or summary_of(item.obj)
            where = _comment_target(item.obj)
        version = None if item is None else item.version
        self.ids.append(activity.record(self.conn, self.workspace, action, kind, ref, summary,
                                        version, where))


class Store:
    """One open workspace store (SQLite file or PostgreSQL database, many workspaces).

    Thread-safe: each call takes its own connection from the engine's pool. Every change
    is logged in the activity table (``activity``) and announced to ``listeners``.
    """

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.listeners: list[Listener] = []

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

    @contextmanager
    def _change(self, workspace_id: str) -> Iterator[tuple[sa.Connection, Row, _Log]]:
        """A write transaction whose activity rows are announced after it commits."""
        with self._workspace(workspace_id, write=True) as (conn, row):
            log = _Log(conn, row)
            yield conn, row, log
        for ident in log.ids:
            for listener in list(self.listeners):
                listener(workspace_id, ident)

    # -- whole documents -----------------------------------------------------------
    def save_document(self, doc: WorkspaceDocument) -> None:
        """Create the workspace or replace all its content, all or nothing."""
        ids: list[int] = []
        try:
            with self._transaction(write=True) as conn:
                existed = documents.workspace_row(conn, doc.workspace.id, lock=True) is not None
                documents.save(conn, doc)
                row = documents.workspace_row(conn, doc.workspace.id, lock=False)
                assert row is not None
                ids.append(activity.record(conn, row, "replace" if existed else "create",
                                           "workspace", "workspace", doc.workspace.name))
        except sa.exc.IntegrityError as exc:
            raise StoreError(
                f"workspace {doc.workspace.id!r} was not saved: the database refused it "
                f"({_first_line(exc)})",
                hint="validate the document (journeymap import checks it); nothing was changed",
            ) from exc
        for ident in ids:
            for listener in list(self.listeners):
                listener(doc.workspace.id, ident)

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
        with self._change(workspace_id) as (conn, row, log):
            item = lists.add(conn, row, parsed, obj, parent, position)
            log(_added(item), item)
            return item

    def update(
        self, workspace_id: str, ref: str, changes: dict[str, Any], *, expected_version: int
    ) -> Versioned:
        parsed = parse_ref(ref)
        with self._change(workspace_id) as (conn, row, log):
            item = edits.update(conn, row, parsed, changes, expected_version)
            log(_updated(item, changes), item)
            return item

    def upsert(self, workspace_id: str, items: Sequence[tuple[str, Model]]) -> list[Versioned]:
        """Add each object, or overwrite the one with its ref: all in one transaction (an
        import of a file that says what the objects are now; nothing else is touched)."""
        changed: list[Versioned] = []
        with self._change(workspace_id) as (conn, row, log):
            for ref, obj in items:
                parsed = parse_ref(ref)
                if edits.row_of(conn, row, parsed) is None:
                    item = lists.add(conn, row, parsed, obj, None, None)
                    log(_added(item), item)
                else:
                    current = edits.get(conn, row, parsed)
                    if current.obj == obj:
                        continue
                    changes = obj.model_dump(mode="json", exclude={"id"})
                    item = edits.update(conn, row, parsed, changes, current.version)
                    log(_updated(item, changes), item)
                changed.append(item)
        return changed

    def move(
        self,
        workspace_id: str,
        ref: str,
        position: int,
        *,
        expected_version: int,
        parent: str | None = None,
        stage: str | None = None,
    ) -> Versioned:
        """Reorder an object in its list, or move a card to ``parent`` (another lane) and
        ``stage``: one change, one version step, all or nothing."""
        parsed = parse_ref(ref)
        with self._change(workspace_id) as (conn, row, log):
            item = lists.move(conn, row, parsed, position, expected_version, parent, stage)
            log("move", item)
            return item

    def delete(self, workspace_id: str, ref: str, *, expected_version: int) -> None:
        """Delete an object (with its children and the comments on them)."""
        parsed = parse_ref(ref)
        with self._change(workspace_id) as (conn, row, log):
            gone = edits.get(conn, row, parsed) if edits.row_of(conn, row, parsed) else None
            lists.delete(conn, row, parsed, expected_version)
            log("delete", None, ref=parsed.text, kind=parsed.word,
                summary=summary_of(gone.obj) if gone else "",
                where=_comment_target(gone.obj) if gone else None)

    # -- map versions --------------------------------------------------------------
    def snapshot_map(
        self, workspace_id: str, map_id: str, label: str, *, created_by: str = ""
    ) -> MapSnapshot:
        with self._change(workspace_id) as (conn, row, log):
            kept = snapshots.snapshot_map(conn, row, map_id, label, created_by)
            log("snapshot", None, ref=f"map/{map_id}", kind="map", summary=label)
            return kept

    def list_snapshots(self, workspace_id: str, map_id: str) -> list[MapSnapshot]:
        """Kept versions of the map, newest first."""
        with self._workspace(workspace_id, write=False) as (conn, row):
            return snapshots.list_snapshots(conn, row, map_id)

    def restore_snapshot(
        self, workspace_id: str, snapshot_id: str, *, expected_version: int
    ) -> Versioned:
        """Replace the live map's content with the snapshot's; guarded by the map's version."""
        with self._change(workspace_id) as (conn, row, log):
            item = snapshots.restore_snapshot(conn, row, snapshot_id, expected_version)
            log("restore", item)
            return item

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
        with self._change(workspace_id) as (conn, row, log):
            item = snapshots.derive_map(conn, row, map_id, new_id, variant, name)
            log("create", item)
            return item

    def compare(self, workspace_id: str, before: str, after: str) -> MapDiff:
        """Compare two maps; each is a map id or ``snapshot/<id>``."""
        with self._workspace(workspace_id, write=False) as (conn, row):
            return snapshots.compare(conn, row, before, after)

    # -- activity and the workshop board ---------------------------------------------
    def record(self, workspace_id: str, action: str, kind: str, ref: str,
               summary: str = "") -> int:
        """Log a change made outside the store (e.g. a data import); returns its id."""
        with self._change(workspace_id) as (_, _row, log):
            log(action, None, ref=ref, kind=kind, summary=summary)
        return log.ids[0]

    def activity(self, workspace_id: str, *, map_id: str | None = None,
                 ref: str | None = None, after: int | None = None, before: int | None = None,
                 limit: int = 50) -> list[Activity]:
        """The workspace's changes: newest first below ``before``, or oldest first after
        ``after`` (what a reconnecting live stream missed)."""
        with self._workspace(workspace_id, write=False) as (conn, row):
            return activity.listing(conn, row["pk"], map_id=map_id, ref=ref, after=after,
                                    before=before, limit=limit)

    def latest_activity(self) -> int:
        with self._transaction(write=False) as conn:
            return activity.latest_id(conn)

    def vote(self, workspace_id: str, note_id: str, user: str, *, on: bool) -> Versioned:
        """Give (``on``) or take back ``user``'s one vote on a note; no version needed:
        votes of several people at once never conflict."""
        with self._change(workspace_id) as (conn, row, log):
            item = board.vote(conn, row, note_id, user, on)
            log("vote" if on else "unvote", item)
            return item

    def promote(self, workspace_id: str, note_id: str, target: str, obj: Model | None,
                *, expected_version: int) -> Versioned:
        """Make the note into ``obj`` at ``target`` (a pain point or opportunity), or add it
        as a goal of stage ``target`` (``obj`` None), and link the note to it: one change."""
        with self._change(workspace_id) as (conn, row, log):
            made, note = board.promote(conn, row, note_id, target, obj, expected_version)
            log("create" if obj is not None else "update", made)
            log("promote", note, summary=f"{summary_of(note.obj)} → {made.ref}")
            return note


def _added(item: Versioned) -> str:
    if item.kind == "comment":
        return "reply" if getattr(item.obj, "parent", None) else "comment"
    return "create"


def _updated(item: Versioned, changes: dict[str, Any]) -> str:
    if item.kind == "comment" and "resolved" in changes:
        return "resolve" if changes["resolved"] else "reopen"
    return "update"
