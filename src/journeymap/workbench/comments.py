"""Comments and threads on any object: read a thread, comment, reply, resolve, reopen.

A thread is a comment without a parent and its replies; resolving is done on the thread's
first comment and closes the whole thread. Comments live in the workspace document
(``WorkspaceDocument.comments``), so they travel with map-as-code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from journeymap.errors import InputError, NotFoundError
from journeymap.model import Comment, WorkspaceDocument, new_id
from journeymap.store import Versioned
from journeymap.workbench.session import Workbench


@dataclass(frozen=True)
class Thread:
    """A first comment, its version (to resolve it) and its replies, oldest first."""

    comment: Comment
    version: int
    replies: list[Comment] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.comment.resolved

    def to_dict(self) -> dict[str, Any]:
        return self.comment.model_dump(mode="json") | {
            "version": self.version,
            "replies": [reply.model_dump(mode="json") for reply in self.replies],
        }


def threads_in(document: WorkspaceDocument, versions: dict[str, int],
               target: str) -> list[Thread]:
    """The threads on ``target``: open ones first, each group oldest first."""
    on_target = sorted((c for c in document.comments if c.target == target),
                       key=lambda c: c.created_at)
    roots = {c.id: Thread(c, versions.get(c.id, 0)) for c in on_target if c.parent is None}
    for comment in on_target:
        root = _root_of(comment, document)
        if comment.parent is not None and root in roots:
            roots[root].replies.append(comment)
    return sorted(roots.values(), key=lambda t: (t.resolved, t.comment.created_at))


def _root_of(comment: Comment, document: WorkspaceDocument) -> str:
    by_id = {c.id: c for c in document.comments}
    while comment.parent is not None and comment.parent in by_id:
        comment = by_id[comment.parent]
    return comment.id


def threads(bench: Workbench, target: str) -> list[Thread]:
    document, versions = bench.store.document_with_versions(bench.workspace_id)
    comment_versions = {ident: v for (kind, _, ident), v in versions.items() if kind == "comment"}
    return threads_in(document, comment_versions, target)


def open_counts(document: WorkspaceDocument, map_id: str, kind: str = "card") -> dict[str, int]:
    """Comments in unresolved threads per object of one kind (card, touchpoint, stage) of
    the map, by id (objects with none are left out)."""
    prefix = f"map/{map_id}/{kind}/"
    resolved = {c.id for c in document.comments if c.resolved}
    counts: Counter[str] = Counter()
    for comment in document.comments:
        if comment.target.startswith(prefix) and _root_of(comment, document) not in resolved:
            counts[comment.target.removeprefix(prefix)] += 1
    return dict(counts)


def add_comment(bench: Workbench, target: str, body: str, author: str,
                parent: str | None = None) -> Versioned:
    """Comment on ``target`` (any object reference), or reply to comment ``parent``."""
    text = body.strip()
    if not text:
        raise InputError("a comment needs some text", path="body")
    try:
        comment = Comment(id=new_id("comment"), target=target, parent=parent or None,
                          author=author, body=text, created_at=datetime.now(UTC))
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        raise InputError(f"comment {path}: {first['msg']}", path=path) from None
    return bench.store.add(bench.workspace_id, f"comment/{comment.id}", comment)


def set_resolved(bench: Workbench, comment_id: str, resolved: bool, who: str, *,
                 expected_version: int) -> Versioned:
    """Resolve (or reopen) the thread that starts with ``comment_id``."""
    current = bench.get(f"comment/{comment_id}")
    assert isinstance(current.obj, Comment)
    if current.obj.parent is not None:
        raise InputError("only the first comment of a thread is resolved or reopened",
                         hint=f"resolve comment {current.obj.parent!r} instead")
    changes: dict[str, Any] = {"resolved": resolved, "resolved_by": who if resolved else None,
                               "resolved_at": datetime.now(UTC) if resolved else None}
    return bench.update(f"comment/{comment_id}", changes, expected_version=expected_version)


def comment(bench: Workbench, comment_id: str) -> Versioned:
    found = bench.get(f"comment/{comment_id}")
    if not isinstance(found.obj, Comment):
        raise NotFoundError("comment", comment_id)
    return found
