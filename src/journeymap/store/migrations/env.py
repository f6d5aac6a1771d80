"""Alembic environment: migrates the connection handed over by ``journeymap.store.schema``."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from journeymap.store.tables import metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        # Run from the alembic command line (development): connect to sqlalchemy.url.
        engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _migrate(conn)
        engine.dispose()
    else:
        _migrate(connection)


def _migrate(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
