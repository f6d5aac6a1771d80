"""The ingest facade exports exactly the functions the layers above call."""

from __future__ import annotations

from journeymap.ingest import api, events, importer, mapping, store


def test_the_facade_is_the_implementation() -> None:
    assert api.read_events is events.read_events
    assert api.import_events is importer.import_events
    assert api.import_customers is importer.import_customers
    assert api.import_transactions is importer.import_transactions
    assert api.quarantined_rows is store.quarantined_rows
    assert api.Mapping is mapping.Mapping
    assert sorted(api.__all__) == sorted(n for n in dir(api) if not n.startswith("_")
                                         and n not in {"events", "importer", "mapping", "store"})
