"""Alembic migrations of the workspace store (run in code by ``journeymap.store.schema``)."""
