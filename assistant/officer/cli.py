"""``assistant dossiers list|show|export``: the one-stop office's view of filed dossiers.

Printing dossier data to the officer's own terminal or file is the purpose here; logging it is
not, and nothing in this module logs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from assistant.officer.serialize import dossier_to_dict, to_csv, to_json
from assistant.stores.dossiers import open_dossier_store
from civic.dossiers.receipt_codes import format_receipt_code
from civic.dossiers.records import DossierRecord, JsonValue, StatusChange
from civic.dossiers.status import DossierStatus, describe_status

VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving: a fixed offset is exact
EXPORT_FORMATS = ("json", "csv")


def parse_status(value: str | None) -> DossierStatus | None:
    """A status named on the command line or in a query; ``ValueError`` lists the valid ones."""
    if value is None:
        return None
    try:
        return DossierStatus(value.strip().lower())
    except ValueError:
        valid = ", ".join(s.value for s in DossierStatus)
        raise ValueError(f"unknown status {value!r}; use one of: {valid}") from None


def _local(moment: datetime | None) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") if moment is not None else "-"


def _code(record: DossierRecord) -> str:
    return format_receipt_code(record.receipt_code) if record.receipt_code else f"(nháp #{record.id})"


def format_table(records: Sequence[DossierRecord]) -> str:
    rows = [("Mã hồ sơ", "Thủ tục", "Trạng thái", "Kênh", "Ngày nộp")]
    rows += [
        (_code(r), r.procedure_code, r.status.value, r.channel.value, _local(r.submitted_at)) for r in records
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.append(f"{len(records)} hồ sơ")
    return "\n".join(lines) + "\n"


def _value(value: JsonValue) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def format_dossier(record: DossierRecord, history: Sequence[StatusChange]) -> str:
    lines = [
        f"Mã hồ sơ:   {_code(record)}",
        f"Thủ tục:    {record.procedure_code}",
        f"Trạng thái: {record.status.value} — {describe_status(record.status)}",
        f"Kênh:       {record.channel.value}",
        f"Đồng ý xử lý dữ liệu: {_local(record.consent_given_at)}",
        f"Ngày nộp:   {_local(record.submitted_at)}",
        "Thông tin:",
        *(f"  {name}: {_value(value)}" for name, value in record.data.items()),
        "Lịch sử:",
    ]
    for change in history:
        source = change.from_status.value if change.from_status else "-"
        note = f" ({change.note})" if change.note else ""
        lines.append(f"  {_local(change.at)}  {source} → {change.to_status.value}  {change.actor}{note}")
    return "\n".join(lines) + "\n"


def cli_list(status: str | None, procedure: str | None, limit: int | None) -> int:
    try:
        wanted = parse_status(status)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    store = open_dossier_store()
    try:
        records = store.list_dossiers(status=wanted, procedure_code=procedure, limit=limit)
    finally:
        store.close()
    sys.stdout.write(format_table(records))
    return 0


def cli_show(receipt: str, as_json: bool = False) -> int:
    store = open_dossier_store()
    try:
        record = store.get(receipt)
        history = store.history(receipt) if record is not None else []
    finally:
        store.close()
    if record is None:
        print(f"Không có hồ sơ mã {receipt}", file=sys.stderr)
        return 1
    if as_json:
        sys.stdout.write(json.dumps(dossier_to_dict(record, history), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_dossier(record, history))
    return 0


def cli_export(export_format: str, out: str | None, status: str | None, procedure: str | None) -> int:
    """Write every submitted dossier (or those matching the filters) as JSON or CSV."""
    if export_format not in EXPORT_FORMATS:
        print(f"unknown format {export_format!r}; use json or csv", file=sys.stderr)
        return 2
    try:
        wanted = parse_status(status)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    store = open_dossier_store()
    try:
        records = store.list_dossiers(status=wanted, procedure_code=procedure)
    finally:
        store.close()
    text = to_json(records) if export_format == "json" else to_csv(records)
    if out is None:
        sys.stdout.write(text)
    else:
        # A byte-order mark makes spreadsheet programs read the Vietnamese CSV as UTF-8.
        encoding = "utf-8-sig" if export_format == "csv" else "utf-8"
        Path(out).write_text(text, encoding=encoding)
        print(f"{len(records)} hồ sơ → {out}", file=sys.stderr)
    return 0


__all__ = ["cli_export", "cli_list", "cli_show", "format_dossier", "format_table", "parse_status"]
