"""Plain, immutable views of stored dossiers, handed out by the store instead of ORM rows.

Callers (actions, the officer API, the CLI) never hold a database session, so nothing they do can
lazily load, half-write or keep a transaction open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from civic.dossiers.status import Channel, DossierStatus

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
DossierData = Mapping[str, JsonValue]


@dataclass(frozen=True)
class StatusChange:
    from_status: DossierStatus | None
    to_status: DossierStatus
    at: datetime
    actor: str
    note: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DossierRecord:
    id: int
    receipt_code: str | None
    procedure_code: str
    status: DossierStatus
    channel: Channel
    consent_given_at: datetime
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    data: DossierData = field(repr=False)  # personal data: kept out of reprs, hence out of logs
    resume_code: str | None
    idempotency_key: str = field(repr=False)


@dataclass(frozen=True)
class Submission:
    """The result of submitting: ``duplicate`` when this draft had already been submitted before
    (a double confirmation or a retry), in which case ``dossier`` is the one stored the first time."""

    dossier: DossierRecord
    duplicate: bool


__all__ = ["DossierData", "DossierRecord", "JsonValue", "StatusChange", "Submission"]
