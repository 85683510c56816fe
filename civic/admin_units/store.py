"""Reading the shipped administrative-units table (gzip JSON built by ``build.py``).

The table ships inside the package so a fresh machine without ``../shared`` works; it is read once,
on first use, never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from civic.admin_units.models import Commune, OldCommune, OldProvince, Province
from civic.gzjson import read_gzip_json

SHIPPED_TABLE = Path(__file__).with_name("data") / "admin_units.json.gz"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class AdminUnitsData:
    """The raw records, in code order."""

    provinces: tuple[Province, ...]
    old_provinces: tuple[OldProvince, ...]
    communes: tuple[Commune, ...]
    old_communes: tuple[OldCommune, ...]


def load_table(path: Path | None = None) -> AdminUnitsData:
    document = read_gzip_json(path or SHIPPED_TABLE)
    if document.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported admin units format {document.get('format')!r}")
    return AdminUnitsData(
        provinces=tuple(Province(code, kind, name) for code, kind, name in document["provinces"]),
        old_provinces=tuple(
            OldProvince(code, kind, name, new_code)
            for code, kind, name, new_code in document["old_provinces"]
        ),
        communes=tuple(
            Commune(code, kind, name, province) for code, kind, name, province in document["communes"]
        ),
        old_communes=tuple(
            OldCommune(code, kind, name, old_province, tuple(new_codes))
            for code, kind, name, old_province, new_codes in document["old_communes"]
        ),
    )
