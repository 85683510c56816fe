"""The dossier tables, as SQLAlchemy models; the Alembic migrations must produce exactly these.

Timestamps are set by the application in UTC (not by the server) so SQLite and PostgreSQL store the
same values. Statuses and channels are stored as their string values with a CHECK constraint, so
the one-stop office can read the tables directly and a bad write is refused by the database too.
The constraint naming convention keeps names identical across dialects and migrations.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, DateTime, Enum, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import declarative_base

from civic.dossiers.status import Channel, DossierStatus

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)
Base: Any = declarative_base(metadata=metadata)

DOSSIER_TABLES = frozenset({"dossiers", "dossier_status_changes"})
STATUS_LENGTH = 16
CHANNEL_LENGTH = 8


def _values(enum: type[DossierStatus] | type[Channel]) -> list[str]:
    return [member.value for member in enum]


def status_type(name: str) -> Enum:
    """Status column type; ``name`` names its CHECK constraint (unique per table)."""
    return Enum(
        DossierStatus,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=STATUS_LENGTH,
        values_callable=_values,
    )


def channel_type() -> Enum:
    return Enum(
        Channel,
        name="channel",
        native_enum=False,
        create_constraint=True,
        length=CHANNEL_LENGTH,
        values_callable=_values,
    )


class DossierRow(Base):  # type: ignore[misc]
    """One dossier, from the first saved draft to its final status."""

    __tablename__ = "dossiers"

    id = Column(Integer, primary_key=True)
    receipt_code = Column(String(8), unique=True, nullable=True)
    procedure_code = Column(String(32), nullable=False, index=True)
    status = Column(status_type("status"), nullable=False, index=True)
    channel = Column(channel_type(), nullable=False)
    consent_given_at = Column(DateTime(timezone=True), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)
    submitted_at = Column(DateTime(timezone=True), nullable=True)
    data = Column(JSON, nullable=False)  # field name → normalized value
    resume_code = Column(String(8), unique=True, nullable=True)  # drafts only; cleared on submission
    idempotency_key = Column(String(64), unique=True, nullable=False)


class StatusChangeRow(Base):  # type: ignore[misc]
    """One move of a dossier's status: what "tra cứu" and the office's audit read."""

    __tablename__ = "dossier_status_changes"

    id = Column(Integer, primary_key=True)
    dossier_id = Column(Integer, ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False, index=True)
    from_status = Column(status_type("from_status"), nullable=True)  # None: the dossier was created
    to_status = Column(status_type("to_status"), nullable=False)
    note = Column(Text, nullable=True)
    actor = Column(String(64), nullable=False)
    at = Column(DateTime(timezone=True), nullable=False)


__all__ = ["DOSSIER_TABLES", "NAMING_CONVENTION", "DossierRow", "StatusChangeRow", "metadata"]
