"""Dossiers filed through the assistant: statuses, receipt and resume codes, and the SQL store.

Modules are imported directly (``civic.dossiers.status``, ``civic.dossiers.store`` ...) so that
code needing only statuses or codes does not load SQLAlchemy. The store takes a SQLAlchemy URL and
never reads the environment: the wiring in ``assistant`` decides where the database lives.
"""
