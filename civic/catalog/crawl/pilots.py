"""The hand-transcribed pilot records and verification flags (``data/pilots.yml``).

Three of the four pilot procedures belong to Bộ Y tế, which the crawl does not cover, so their facts
come from ``pilot_and_common_facts.md``; the YAML keeps that transcription reviewable and separate
from the parser. It also flags crawl records whose portal facts are known to be outdated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from civic.catalog.models import Procedure
from civic.text.vietnamese import nfc

PILOTS_FILE = Path(__file__).parent.parent / "data" / "pilots.yml"


def _nfc_all(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_all(v) for k, v in value.items()}
    return value


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def pilot_procedures(path: Path = PILOTS_FILE) -> list[Procedure]:
    """The pilot records; each must name its source and the fields still to verify."""
    procedures = []
    for entry in _load(path)["procedures"]:
        record = _nfc_all(entry)
        for channel in record.get("channels", ()):
            if channel.get("time_value") is not None:
                channel["time_value"] = float(channel["time_value"])
        procedure = Procedure.from_dict(record)
        if not procedure.source or not procedure.needs_verification:
            raise ValueError(f"pilot {procedure.code} must give its source and needs_verification")
        procedures.append(procedure)
    return procedures


def verification_flags(path: Path = PILOTS_FILE) -> dict[str, tuple[str, ...]]:
    """Crawl codes → fields to flag for verification (facts unchanged)."""
    flags = _load(path).get("verification_flags") or {}
    return {str(code): tuple(fields) for code, fields in flags.items()}
