"""Stores configured by SQLAlchemy URL (SQLite by default, PostgreSQL by URL)."""
