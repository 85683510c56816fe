"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from civic.dossiers.engine import make_engine
from civic.dossiers.migrate import (
    VERSION_TABLE,
    current_revision,
    downgrade_to,
    head_revision,
    schema_differences,
    upgrade_to_head,
)
from civic.dossiers.models import DOSSIER_TABLES
from tests.support.databases import BACKENDS, empty_database


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty_database_upgrades_to_the_models_schema(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = empty_database(backend, request, tmp_path)
    assert current_revision(url) is None
    upgrade_to_head(url)
    assert current_revision(url) == head_revision() is not None
    assert _tables(url) == {*DOSSIER_TABLES, VERSION_TABLE}
    assert list(schema_differences(url)) == []
    upgrade_to_head(url)  # start-up on a current database changes nothing
    assert current_revision(url) == head_revision()


@pytest.mark.parametrize("backend", BACKENDS)
def test_services_starting_together_both_migrate_safely(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The action server and the officer API may start at the same moment on an empty database."""
    url = empty_database(backend, request, tmp_path)
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            upgrade_to_head(url)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert current_revision(url) == head_revision()
    assert list(schema_differences(url)) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_downgrade_removes_the_tables_and_upgrade_restores_them(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = empty_database(backend, request, tmp_path)
    upgrade_to_head(url)
    downgrade_to(url, "base")
    assert _tables(url) & DOSSIER_TABLES == set()
    upgrade_to_head(url)
    assert list(schema_differences(url)) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_shares_a_database_with_other_tables(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Rasa's tracker store may live in the same database: its tables are neither touched nor
    reported as differences, and Alembic's version row is our own."""
    url = empty_database(backend, request, tmp_path)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255))"))
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('someone_else')"))
    upgrade_to_head(url)
    assert list(schema_differences(url)) == []
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "someone_else"
        )
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 0
    engine.dispose()
    assert "events" in _tables(url)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_schema_that_drifted_from_the_models_is_reported(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = empty_database(backend, request, tmp_path)
    upgrade_to_head(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_dossiers_status"))
    engine.dispose()
    differences = list(schema_differences(url))
    assert [d[0] for d in differences] == ["add_index"]
    assert differences[0][1].name == "ix_dossiers_status"
