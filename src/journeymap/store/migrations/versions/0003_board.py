"""The workshop board's notes, and the activity log (who changed what when) that also
numbers the live-update events (see docs/adr/0011).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 15:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

#: Lists and nested objects; JSONB on PostgreSQL.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "board_note",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("colour", sa.String(length=40), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("votes", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promoted_to", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_board_note_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_board_note")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_board_note_workspace_pk_id")),
    )
    op.create_table(
        "activity",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.Text(), nullable=False),
        sa.Column("map_id", sa.String(length=254), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_activity_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_activity")),
    )
    op.create_index(
        op.f("ix_activity_workspace_pk_map_id_pk"),
        "activity",
        ["workspace_pk", "map_id", "pk"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_activity_workspace_pk_map_id_pk"), table_name="activity")
    op.drop_table("activity")
    op.drop_table("board_note")
