"""The workspace store: what people edit (maps, personas, comments, ...), versioned.

SQLAlchemy 2 Core with Alembic migrations shipped in the package; SQLite by default
(:func:`default_url`), PostgreSQL for a team server. See ``docs/adr/0004-workspace-store.md``.
"""

from journeymap.store.edits import Versioned
from journeymap.store.schema import default_url, head_revision
from journeymap.store.store import Store

__all__ = ["Store", "Versioned", "default_url", "head_revision"]
