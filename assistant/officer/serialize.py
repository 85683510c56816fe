"""Dossiers as the one-stop office sees them: JSON objects and CSV rows with stable English keys.

Resume codes and idempotency keys stay internal: the office identifies a dossier by its receipt
code, and a resume code handed out would let anyone reopen the citizen's draft.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from civic.dossiers.receipt_codes import format_receipt_code
from civic.dossiers.records import DossierRecord, JsonValue, StatusChange
from civic.dossiers.status import describe_status

FIXED_COLUMNS = (
    "receipt_code",
    "procedure_code",
    "status",
    "channel",
    "consent_given_at",
    "created_at",
    "submitted_at",
    "updated_at",
)
DATA_PREFIX = "data."


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def change_to_dict(change: StatusChange) -> dict[str, Any]:
    return {
        "from_status": change.from_status.value if change.from_status is not None else None,
        "to_status": change.to_status.value,
        "at": _iso(change.at),
        "actor": change.actor,
        "note": change.note,
    }


def dossier_to_dict(record: DossierRecord, history: Sequence[StatusChange] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": record.id,
        "receipt_code": record.receipt_code,
        "receipt_code_display": format_receipt_code(record.receipt_code) if record.receipt_code else None,
        "procedure_code": record.procedure_code,
        "status": record.status.value,
        "status_text": describe_status(record.status),
        "channel": record.channel.value,
        "consent_given_at": _iso(record.consent_given_at),
        "created_at": _iso(record.created_at),
        "submitted_at": _iso(record.submitted_at),
        "updated_at": _iso(record.updated_at),
        "data": dict(record.data),
    }
    if history is not None:
        out["history"] = [change_to_dict(change) for change in history]
    return out


def to_json(records: Iterable[DossierRecord]) -> str:
    return json.dumps([dossier_to_dict(r) for r in records], ensure_ascii=False, indent=2) + "\n"


_NUMBER = re.compile(r"[+-]?[\d\s.,]+")


def _defused(text: str) -> str:
    """Free text starting like a formula (``=HYPERLINK(...)``) is quoted so a spreadsheet shows it
    instead of running it; phone numbers such as ``+84 912 345 678`` are left alone."""
    if text[:1] in ("=", "@", "\t", "\r") or (text[:1] in ("+", "-") and not _NUMBER.fullmatch(text)):
        return "'" + text
    return text


def _cell(value: JsonValue) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _defused(value)
    return json.dumps(value, ensure_ascii=False)


def to_csv(records: Sequence[DossierRecord]) -> str:
    """One row per dossier; one ``data.<field>`` column per field any exported dossier has."""
    fields = sorted({name for record in records for name in record.data})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *(DATA_PREFIX + name for name in fields)])
    for record in records:
        flat = dossier_to_dict(record)
        fixed = [flat[column] or "" for column in FIXED_COLUMNS]
        writer.writerow([*fixed, *(_cell(record.data.get(name)) for name in fields)])
    return buffer.getvalue()


__all__ = ["change_to_dict", "dossier_to_dict", "to_csv", "to_json"]
