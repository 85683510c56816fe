"""A throw-away PostgreSQL server for tests: the one ``assistant bench filing`` uses too."""

from __future__ import annotations

from assistant.bench.postgres import postgres_server

__all__ = ["postgres_server"]
