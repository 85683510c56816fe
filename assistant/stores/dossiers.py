"""Where the dossier store lives: ``ASSISTANT_DOSSIER_URL``, else a SQLite file in the data dir.

Like the tracker store, one URL switches it to PostgreSQL. Opening the store migrates the schema
to head first, so every entry point (actions, officer CLI and API, benchmarks) starts on a current
schema without a separate set-up step.
"""

from __future__ import annotations

import os

from assistant.settings import data_dir
from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.store import DossierStore

URL_ENV = "ASSISTANT_DOSSIER_URL"


def default_dossier_url() -> str:
    return f"sqlite:///{data_dir() / 'dossiers.db'}"


def dossier_url() -> str:
    return os.environ.get(URL_ENV) or default_dossier_url()


def open_dossier_store(url: str | None = None) -> DossierStore:
    """The store at ``url`` (default: ``dossier_url()``), its schema upgraded to head."""
    target = url or dossier_url()
    upgrade_to_head(target)
    return DossierStore(target)


__all__ = ["URL_ENV", "default_dossier_url", "dossier_url", "open_dossier_store"]
