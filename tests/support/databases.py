"""Empty databases for store tests: a SQLite file, or a new database on the test PostgreSQL server.

Each test gets its own database so counts and migrations start from nothing, on both backends.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def fresh_postgres_database(server_url: str) -> str:
    """URL of a newly created, empty database on the server at ``server_url``."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    engine = create_engine(server_url, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    url: str = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    return url


def empty_database(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """URL of an empty database of ``backend`` ("sqlite" or "postgres")."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'dossiers.db'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_url"))
