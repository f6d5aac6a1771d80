"""Comment threads on any object: order, replies, open counts per card, resolve/reopen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from builders import T0, rich_document
from journeymap.errors import InputError
from journeymap.model import Comment
from journeymap.workbench import Workbench, init_workspace
from journeymap.workbench.comments import (
    add_comment,
    open_counts,
    set_resolved,
    threads,
    threads_in,
)


@pytest.fixture
def bench(tmp_path: Path) -> Workbench:
    return init_workspace(tmp_path / "ws", document=rich_document())


def test_a_thread_holds_its_replies_oldest_first(bench: Workbench) -> None:
    (thread,) = threads(bench, "map/checkout/card/feel-2")
    assert (thread.comment.id, [r.id for r in thread.replies]) == ("c1", ["c2"])
    assert thread.to_dict()["version"] == 1
    assert threads(bench, "map/checkout/card/feel-1") == []


def test_open_threads_come_before_resolved_ones() -> None:
    doc = rich_document()
    later = [Comment(id="c5", target="persona/anna", body="Open one",
                     created_at=T0 + timedelta(days=3)),
             Comment(id="c6", target="persona/anna", parent="c3", body="deep reply",
                     created_at=T0 + timedelta(days=4)),
             Comment(id="c7", target="persona/anna", parent="c6", body="deeper",
                     created_at=T0 + timedelta(days=5))]
    doc = doc.model_copy(update={"comments": [*doc.comments, *later]})
    found = threads_in(doc, {}, "persona/anna")
    assert [(t.comment.id, t.resolved, [r.id for r in t.replies]) for t in found] == [
        ("c5", False, []), ("c3", True, ["c6", "c7"])]


def test_open_counts_leave_out_resolved_threads(bench: Workbench) -> None:
    assert open_counts(bench.document(), "checkout") == {"feel-2": 2}
    add_comment(bench, "map/checkout/card/feel-1", "Why +1?", "eva")
    first = threads(bench, "map/checkout/card/feel-2")[0]
    set_resolved(bench, "c1", True, "olek", expected_version=first.version)
    assert open_counts(bench.document(), "checkout") == {"feel-1": 1}
    assert open_counts(bench.document(), "checkout-next") == {}


def test_comment_reply_resolve_and_reopen(bench: Workbench) -> None:
    made = add_comment(bench, "map/checkout/stage/purchase", "  Too slow?  ", "eva")
    reply = add_comment(bench, "map/checkout/stage/purchase", "Yes", "olek",
                        parent=made.obj.id)  # type: ignore[attr-defined]
    closed = set_resolved(bench, made.obj.id, True, "olek",  # type: ignore[attr-defined]
                          expected_version=made.version)
    (thread,) = threads(bench, "map/checkout/stage/purchase")
    assert (thread.comment.body, thread.comment.resolved_by, thread.resolved) == (
        "Too slow?", "olek", True)
    assert thread.replies[0].id == reply.obj.id  # type: ignore[attr-defined]
    set_resolved(bench, made.obj.id, False, "eva",  # type: ignore[attr-defined]
                 expected_version=closed.version)
    (thread,) = threads(bench, "map/checkout/stage/purchase")
    assert (thread.resolved, thread.comment.resolved_by, thread.comment.resolved_at) == (
        False, None, None)


def test_refused_comments_say_why(bench: Workbench) -> None:
    with pytest.raises(InputError, match="needs some text"):
        add_comment(bench, "workspace", "   ", "eva")
    with pytest.raises(InputError, match="no object 'map/checkout/card/nope'"):
        add_comment(bench, "map/checkout/card/nope", "hi", "eva")
    with pytest.raises(InputError, match="same object"):
        add_comment(bench, "workspace", "hi", "eva", parent="c1")
    with pytest.raises(InputError, match="first comment of a thread"):
        set_resolved(bench, "c2", True, "eva", expected_version=1)


def test_a_malformed_parent_is_an_input_error(bench: Workbench) -> None:
    with pytest.raises(InputError, match="parent"):
        add_comment(bench, "workspace", "hi", "eva", parent="no spaces allowed")
