"""The activity feed a page at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import rich_document
from journeymap.errors import InputError
from journeymap.store.activity import Activity
from journeymap.workbench import init_workspace
from journeymap.workbench.activity import activity_page, object_link


def test_pages_follow_each_other_to_the_end(tmp_path: Path) -> None:
    bench = init_workspace(tmp_path / "ws", document=rich_document())
    for version in range(1, 6):
        bench.update("map/checkout/card/feel-1", {"text": f"v{version}"},
                     expected_version=version)
    first = activity_page(bench, limit=2)
    assert [i.summary for i in first.items] == ["v5", "v4"]
    second = activity_page(bench, before=first.older, limit=2)
    assert [i.summary for i in second.items] == ["v3", "v2"]
    third = activity_page(bench, before=second.older, limit=2)
    assert [i.summary for i in third.items] == ["v1", "ACME shop"]  # the workspace's creation
    assert third.older is None
    assert first.maps == [("checkout", "Online checkout"), ("checkout-next", "Checkout, to be")]
    assert activity_page(bench, map_id="checkout-next").items == []
    assert first.to_dict()["older"] == first.older
    with pytest.raises(InputError, match="limit 0"):
        activity_page(bench, limit=0)


def item(action: str, kind: str, ref: str, map_id: str) -> Activity:
    from datetime import UTC, datetime

    return Activity(1, datetime(2026, 1, 1, tzinfo=UTC), "", action, kind, ref, map_id, "", 1)


def test_links_lead_to_where_the_object_is_shown() -> None:
    assert object_link(item("update", "card", "map/m/card/c", "m")) == "/maps/m"
    assert object_link(item("delete", "map", "map/m", "m")) is None
    assert object_link(item("vote", "board_note", "board_note/n", "")) == "/board"
    assert object_link(item("update", "persona", "persona/p", "")) is None


def test_a_finished_import_is_in_the_feed(tmp_path: Path) -> None:
    from journeymap.ingest.store import ImportReport
    from journeymap.store.activity import acting_as
    from journeymap.workbench.activity import record_import

    bench = init_workspace(tmp_path / "ws", document=rich_document())
    report = ImportReport("imp-1", "events", "march.csv", read=7, accepted=5, quarantined=2,
                          duplicates=0)
    with acting_as("eva"):
        ident = record_import(bench, report)
    (newest,) = activity_page(bench, limit=1).items
    assert (newest.id, newest.actor, newest.action, newest.kind, newest.ref, newest.summary) == (
        ident, "eva", "import", "events", "import/imp-1",
        "march.csv: 5 accepted, 2 quarantined, 0 duplicates")
    assert object_link(newest) == "/data"
