"""The workspace store: one table per kind of object (see docs/adr/0004).

Revision ID: 0001
Revises:
Create Date: 2026-11-24 07:14:05.618941
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

#: Lists and nested objects; JSONB on PostgreSQL.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_workspace")),
        sa.UniqueConstraint("id", name=op.f("uq_workspace_id")),
    )
    op.create_table(
        "comment",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("parent", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_comment_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_comment")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_comment_workspace_pk_id")),
    )
    op.create_index(
        op.f("ix_comment_workspace_pk_target"), "comment", ["workspace_pk", "target"], unique=False
    )

    op.create_table(
        "journey_map",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("personas", JSON, nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("based_on", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_journey_map_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_journey_map")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_journey_map_workspace_pk_id")),
    )
    op.create_table(
        "kpi",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("scale_min", sa.Float(), nullable=True),
        sa.Column("scale_max", sa.Float(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_kpi_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_kpi")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_kpi_workspace_pk_id")),
    )
    op.create_table(
        "location",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=False),
        sa.Column("country", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("opening_hours", sa.Text(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_location_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_location")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_location_workspace_pk_id")),
    )
    op.create_table(
        "member",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_member_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_member")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_member_workspace_pk_id")),
    )
    op.create_table(
        "persona",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("goals", JSON, nullable=False),
        sa.Column("needs", JSON, nullable=False),
        sa.Column("frustrations", JSON, nullable=False),
        sa.Column("attributes", JSON, nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("segment", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_persona_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_persona")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_persona_workspace_pk_id")),
    )
    op.create_table(
        "tombstone",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("map_id", sa.String(length=254), nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_tombstone_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_tombstone")),
        sa.UniqueConstraint(
            "workspace_pk",
            "kind",
            "map_id",
            "id",
            name=op.f("uq_tombstone_workspace_pk_kind_map_id_id"),
        ),
    )
    op.create_table(
        "action",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("opportunities", JSON, nullable=False),
        sa.Column("pain_points", JSON, nullable=False),
        sa.Column("target", JSON, nullable=True),
        sa.Column("implemented_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_action_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_action_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_action")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_action_map_pk_id")),
    )
    op.create_index(
        op.f("ix_action_workspace_pk_due"), "action", ["workspace_pk", "due"], unique=False
    )
    op.create_index(
        op.f("ix_action_workspace_pk_status"), "action", ["workspace_pk", "status"], unique=False
    )

    op.create_table(
        "lane",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_lane_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_lane_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_lane")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_lane_map_pk_id")),
    )
    op.create_table(
        "map_snapshot",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_map_snapshot_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_map_snapshot_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_map_snapshot")),
        sa.UniqueConstraint("workspace_pk", "id", name=op.f("uq_map_snapshot_workspace_pk_id")),
    )
    op.create_index(op.f("ix_map_snapshot_map_pk"), "map_snapshot", ["map_pk"], unique=False)

    op.create_table(
        "opportunity",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("pain_points", JSON, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("effort", sa.BigInteger(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_opportunity_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_opportunity_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_opportunity")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_opportunity_map_pk_id")),
    )
    op.create_table(
        "pain_point",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("touchpoint", sa.Text(), nullable=True),
        sa.Column("severity", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("affected_customers", sa.BigInteger(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("quotes", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_pain_point_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_pain_point_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_pain_point")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_pain_point_map_pk_id")),
    )
    op.create_table(
        "stage",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("goals", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_stage_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_stage_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_stage")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_stage_map_pk_id")),
    )
    op.create_table(
        "touchpoint",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("rules", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_touchpoint_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_touchpoint_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_touchpoint")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_touchpoint_map_pk_id")),
    )
    op.create_index(op.f("ix_touchpoint_stage"), "touchpoint", ["stage"], unique=False)

    op.create_table(
        "card",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=254), nullable=False),
        sa.Column("workspace_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("map_pk", sa.Integer(), nullable=False),
        sa.Column("lane_pk", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("persona", sa.Text(), nullable=True),
        sa.Column("touchpoint", sa.Text(), nullable=True),
        sa.Column("pain_point", sa.Text(), nullable=True),
        sa.Column("opportunity", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lane_pk"], ["lane.pk"], name=op.f("fk_card_lane_pk_lane"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["map_pk"],
            ["journey_map.pk"],
            name=op.f("fk_card_map_pk_journey_map"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_pk"],
            ["workspace.pk"],
            name=op.f("fk_card_workspace_pk_workspace"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_card")),
        sa.UniqueConstraint("map_pk", "id", name=op.f("uq_card_map_pk_id")),
    )
    op.create_index(op.f("ix_card_lane_pk_position"), "card", ["lane_pk", "position"], unique=False)
    op.create_index(op.f("ix_card_map_pk_stage"), "card", ["map_pk", "stage"], unique=False)


def downgrade() -> None:
    # Indexes and constraints go with their tables; children before their parents.
    for table in (
        "card",
        "touchpoint",
        "stage",
        "pain_point",
        "opportunity",
        "map_snapshot",
        "lane",
        "action",
        "tombstone",
        "persona",
        "member",
        "location",
        "kpi",
        "journey_map",
        "comment",
        "workspace",
    ):
        op.drop_table(table)
