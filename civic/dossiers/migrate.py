"""Bring a database's dossier tables to the current schema with Alembic, given only a URL.

The app calls ``upgrade_to_head`` at start-up, so a fresh SQLite file or an empty PostgreSQL
database is usable at once and an older one is migrated in place. Alembic's version is kept in its
own table (``dossier_schema_version``) and only the dossier tables are compared, so the dossier
store can share a database with Rasa's tracker store.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from civic.dossiers.engine import make_engine
from civic.dossiers.models import DOSSIER_TABLES, metadata

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "dossier_schema_version"
MIGRATION_LOCK_KEY = 0x646F7373  # "doss": any constant shared by every process migrating the store


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Only the dossier tables are ours to compare and migrate."""
    return type_ != "table" or name in DOSSIER_TABLES


def context_options() -> dict[str, Any]:
    """Options shared by env.py and the schema check, so both see the same schema."""
    return {
        "target_metadata": metadata,
        "version_table": VERSION_TABLE,
        "include_name": include_name,
        "compare_type": True,
        "render_as_batch": True,  # SQLite can only alter tables by copying them
    }


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")  # importable module names
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _serialize_migrations(connection: Connection) -> None:
    """Hold a lock for the transaction, so services starting together migrate one after another.

    SQLite's ``BEGIN IMMEDIATE`` already serializes; PostgreSQL gets a transaction advisory lock.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def upgrade_to_head(url: str) -> None:
    """Apply every migration the database lacks (a no-op when it is current)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _serialize_migrations(connection)
            command.upgrade(alembic_config(url, connection), "head")
    finally:
        engine.dispose()


def downgrade_to(url: str, revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _serialize_migrations(connection)
            command.downgrade(alembic_config(url, connection), revision)
    finally:
        engine.dispose()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            revision: str | None = context.get_current_revision()
            return revision
    finally:
        engine.dispose()


def schema_differences(url: str) -> Sequence[Any]:
    """What autogenerate would change to make the database match the models (empty when in sync)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            options = context_options()
            target = options.pop("target_metadata")
            context = MigrationContext.configure(connection, opts=options)
            differences: Sequence[Any] = compare_metadata(context, target)
            return differences
    finally:
        engine.dispose()


def make_revision(url: str, message: str) -> None:
    """For developers: write a new migration from the difference between ``url`` (at head) and the models."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


__all__ = [
    "MIGRATIONS_DIR",
    "VERSION_TABLE",
    "current_revision",
    "downgrade_to",
    "head_revision",
    "make_revision",
    "schema_differences",
    "upgrade_to_head",
]
