"""Runtime locations and ports, overridable by environment variables, with embedded defaults."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Where SQLite files and other runtime state live (``ASSISTANT_DATA_DIR``, default ``./data``)."""
    path = Path(os.environ.get("ASSISTANT_DATA_DIR") or PROJECT_ROOT / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def models_dir() -> Path:
    return Path(os.environ.get("ASSISTANT_MODELS_DIR") or PROJECT_ROOT / "models")
