"""One SQLAlchemy engine per URL, set up so SQLite and PostgreSQL behave the same for the store.

- SQL parameters are never logged nor put in exception messages (``hide_parameters``), and result
  rows are never logged (SQLAlchemy does so at DEBUG): both hold names, ID numbers and addresses.
  The engine logs under its own logger, whose filter drops DEBUG records, so turning on DEBUG
  logging for ``sqlalchemy.engine`` still shows the SQL statements but no data.
- SQLite: write transactions start with ``BEGIN IMMEDIATE`` so a read-then-write (submit, status
  change) cannot interleave with another writer; WAL lets readers run alongside; foreign keys on.
  PostgreSQL gets the same guarantee from ``SELECT ... FOR UPDATE`` and unique constraints.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

SQLITE_BUSY_TIMEOUT_S = 30.0
LOGGING_NAME = "dossiers"


def _drop_rows(record: logging.LogRecord) -> bool:
    """SQLAlchemy logs result rows at DEBUG; statements (with parameters hidden) at INFO."""
    return record.levelno >= logging.INFO


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """A 2.0-style (``future=True``) engine for ``url``; creates the SQLite file's folder."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    options: dict[str, Any] = {
        "future": True,
        "hide_parameters": True,
        "json_serializer": _json_dumps,
        "logging_name": LOGGING_NAME,
    }
    if sqlite:
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
    else:
        options["pool_pre_ping"] = True
    engine: Engine = create_engine(url, **options)
    engine_logger = logging.getLogger(f"sqlalchemy.engine.Engine.{LOGGING_NAME}")
    if _drop_rows not in engine_logger.filters:
        engine_logger.addFilter(_drop_rows)
    if sqlite:
        _sqlite_setup(engine)
    return engine


__all__ = ["make_engine"]
