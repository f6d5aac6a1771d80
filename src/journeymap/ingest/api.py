"""The ingest layer's public API, one import for the workbench, the CLI and scripts."""

from journeymap.ingest.events import CANONICAL, read_events
from journeymap.ingest.importer import import_customers, import_events, import_transactions
from journeymap.ingest.mapping import Mapping, TimestampSpec, load_mapping, ready_mapping_names
from journeymap.ingest.store import ImportReport, Problem, QuarantinedRow, quarantined_rows

__all__ = [
    "CANONICAL",
    "ImportReport",
    "Mapping",
    "Problem",
    "QuarantinedRow",
    "TimestampSpec",
    "import_customers",
    "import_events",
    "import_transactions",
    "load_mapping",
    "quarantined_rows",
    "read_events",
    "ready_mapping_names",
]
