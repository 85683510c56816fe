"""Rasa's SQL tracker store, configured by one SQLAlchemy URL.

Rasa's own ``type: SQL`` wants dialect, host, port and database as separate keys; every store in
this project takes a single URL instead, so switching the embedded SQLite default to PostgreSQL is
one environment variable (``ASSISTANT_TRACKER_URL``) and no file edit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from assistant.settings import data_dir

URL_ENV = "ASSISTANT_TRACKER_URL"


def default_tracker_url() -> str:
    return f"sqlite:///{data_dir() / 'tracker.db'}"


def resolve_url(configured: str | None) -> str:
    """Environment first, then the endpoint file, then the embedded SQLite file."""
    return os.environ.get(URL_ENV) or configured or default_tracker_url()


class UrlSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(resolve_url(host or kwargs.pop("url", None)))
        if url.drivername.startswith("sqlite") and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database or "rasa.db",
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query),
            **{k: v for k, v in kwargs.items() if k in {"login_db"}},
        )
