"""Alembic environment for the dossier tables, driven from code (no alembic.ini).

``civic.dossiers.migrate`` passes an open connection in ``config.attributes["connection"]``; when
run without one (``make_revision`` or offline ``--sql``), the URL in the config is used.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from civic.dossiers.engine import make_engine
from civic.dossiers.migrate import context_options


def _run(connection: Connection) -> None:
    context.configure(connection=connection, **context_options())
    with context.begin_transaction():
        context.run_migrations()


def _online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.begin() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


def _offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True, **context_options()
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _offline()
else:
    _online()
