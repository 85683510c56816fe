"""Where the dossier store lives, computed from the environment alone.

The action server imports only ``rasa_sdk`` and ``civic``, yet must write to the same store as the
officer CLI and API: ``ASSISTANT_DOSSIER_URL`` if set, else ``dossiers.db`` in ``ASSISTANT_DATA_DIR``,
else in ``./data`` (the same rule as ``assistant.stores.dossiers``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.store import DossierStore

URL_ENV = "ASSISTANT_DOSSIER_URL"
DATA_DIR_ENV = "ASSISTANT_DATA_DIR"
DEFAULT_DATA_DIR = Path("data")
SQLITE_NAME = "dossiers.db"


def dossier_store_url(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if url := env.get(URL_ENV):
        return url
    directory = Path(env.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory.resolve() / SQLITE_NAME}"


@lru_cache(maxsize=4)
def _open(url: str) -> DossierStore:
    upgrade_to_head(url)
    return DossierStore(url)


def environment_store() -> DossierStore:
    """The store for the current environment, migrated to head once per process and URL."""
    return _open(dossier_store_url())


__all__ = ["DATA_DIR_ENV", "URL_ENV", "dossier_store_url", "environment_store"]
