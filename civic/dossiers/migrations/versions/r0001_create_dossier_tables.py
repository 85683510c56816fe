"""Create the dossier and status-history tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Values of the status and channel enums are spelled out here (not imported from the models) so
this migration keeps creating the same schema when the models later change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATUSES = ("draft", "submitted", "received", "in_progress", "needs_more", "done", "rejected", "cancelled")
CHANNELS = ("kiosk", "phone", "zalo", "web", "chat")


def _status(name: str) -> sa.Enum:
    return sa.Enum(*STATUSES, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_code", sa.String(length=8), nullable=True),
        sa.Column("procedure_code", sa.String(length=32), nullable=False),
        sa.Column("status", _status("status"), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(*CHANNELS, name="channel", native_enum=False, create_constraint=True, length=8),
            nullable=False,
        ),
        sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("resume_code", sa.String(length=8), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_dossiers_idempotency_key")),
        sa.UniqueConstraint("receipt_code", name=op.f("uq_dossiers_receipt_code")),
        sa.UniqueConstraint("resume_code", name=op.f("uq_dossiers_resume_code")),
    )
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.create_index(batch_op.f("ix_dossiers_procedure_code"), ["procedure_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_status"), ["status"], unique=False)

    op.create_table(
        "dossier_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _status("from_status"), nullable=True),
        sa.Column("to_status", _status("to_status"), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_dossier_status_changes_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_status_changes")),
    )
    with op.batch_alter_table("dossier_status_changes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossier_status_changes_dossier_id"), ["dossier_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier_status_changes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_status_changes_dossier_id"))
    op.drop_table("dossier_status_changes")
    with op.batch_alter_table("dossiers") as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossiers_status"))
        batch_op.drop_index(batch_op.f("ix_dossiers_procedure_code"))
    op.drop_table("dossiers")
