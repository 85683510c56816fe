"""Build the shipped administrative-units table from the dvhcvn/20250701 flat CSVs.

The source tables (``../shared/data/admin_units_2025``) are 3.5 MB of CSV and JSON; the assistant needs
only names, codes and the old→new links, so this script keeps exactly that in one compact gzip JSON
(``civic/admin_units/data/admin_units.json.gz``). It checks the official counts (34 provinces, 3,321
communes, 63 old provinces, 10,047 old communes) so a wrong or partial source never ships, and it writes
byte-identical output for identical input (sorted rows, fixed gzip header).
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path
from typing import Any

from civic.admin_units.store import FORMAT_VERSION, SHIPPED_TABLE
from civic.gzjson import write_gzip_json

EXPECTED_PROVINCES = 34
EXPECTED_COMMUNES = 3321
EXPECTED_OLD_PROVINCES = 63
EXPECTED_OLD_COMMUNES = 10047

# Unit kinds as they prefix official names, longest first so "Thị trấn" wins over a bare split.
_COMMUNE_KINDS = ("Đặc khu", "Thị trấn", "Phường", "Xã")
_PROVINCE_KINDS = ("Thành phố", "Tỉnh")


def _split_kind(name: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """``Phường Ba Đình`` → (``Phường``, ``Ba Đình``); the kind is stored once, not in every name.

    The source has stray double spaces (``Xã  Mỹ Lộc``) and a capitalised ``Thị Trấn`` in 12 rows;
    both are normalised here so every later comparison sees one spelling.
    """
    tidy = " ".join(unicodedata.normalize("NFC", name).split())
    for kind in kinds:
        if tidy.lower().startswith(kind.lower() + " "):
            return kind, tidy[len(kind) + 1 :]
    raise ValueError(f"unit name without a known kind prefix: {name!r}")


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_table(source: Path) -> dict[str, Any]:
    """Read the three flat CSVs and return the compact document (raises ``ValueError`` on bad data)."""
    province_rows = _read_rows(source / "provinces_2025.csv")
    ward_rows = _read_rows(source / "wards_2025.csv")
    old_ward_rows = _read_rows(source / "old_wards_to_new.csv")

    provinces: list[list[Any]] = []
    old_provinces: dict[str, list[str]] = {}
    for row in province_rows:
        kind, short = _split_kind(row["province_name"], _PROVINCE_KINDS)
        old_codes = row["merged_from_old_province_codes"].split("|")
        old_names = row["merged_from_old_province_names"].split("|")
        if len(old_codes) != len(old_names):
            raise ValueError(f"province {row['province_code']}: old codes and names differ in length")
        provinces.append([row["province_code"], kind, short])
        for old_code, old_name in zip(old_codes, old_names, strict=True):
            old_kind, old_short = _split_kind(old_name, _PROVINCE_KINDS)
            old_provinces[old_code] = [old_code, old_kind, old_short, row["province_code"]]

    province_codes = {p[0] for p in provinces}
    communes: list[list[Any]] = []
    for row in ward_rows:
        kind, short = _split_kind(row["ward_name"], _COMMUNE_KINDS)
        if kind != row["unit_type"]:
            raise ValueError(f"commune {row['ward_code']}: kind {kind!r} != unit_type {row['unit_type']!r}")
        if row["province_code"] not in province_codes:
            raise ValueError(f"commune {row['ward_code']}: unknown province {row['province_code']}")
        communes.append([row["ward_code"], kind, short, row["province_code"]])

    commune_codes = {c[0] for c in communes}
    old_communes: list[list[Any]] = []
    for row in old_ward_rows:
        kind, short = _split_kind(row["old_ward_name"], _COMMUNE_KINDS)
        new_codes = sorted(row["new_ward_codes"].split("|"))
        missing = [code for code in new_codes if code not in commune_codes]
        if missing:
            raise ValueError(f"old commune {row['old_ward_code']}: unknown new communes {missing}")
        if row["old_province_code"] not in old_provinces:
            raise ValueError(f"old commune {row['old_ward_code']}: unknown old province")
        old_communes.append([row["old_ward_code"], kind, short, row["old_province_code"], new_codes])

    counts = {
        "provinces": (len(provinces), EXPECTED_PROVINCES),
        "communes": (len(communes), EXPECTED_COMMUNES),
        "old_provinces": (len(old_provinces), EXPECTED_OLD_PROVINCES),
        "old_communes": (len(old_communes), EXPECTED_OLD_COMMUNES),
    }
    wrong = {name: got for name, (got, expected) in counts.items() if got != expected}
    if wrong:
        raise ValueError(f"unexpected counts {wrong} (expected { ({k: v[1] for k, v in counts.items()}) })")

    return {
        "format": FORMAT_VERSION,
        "source": "dvhcvn/20250701 (MIT); codes from 915/CTK-CSCL and 1027/CTK-CSCL",
        "provinces": sorted(provinces),
        "old_provinces": sorted(old_provinces.values()),
        "communes": sorted(communes),
        "old_communes": sorted(old_communes),
    }


def write_table(document: dict[str, Any], output: Path) -> int:
    """Write the table reproducibly; returns the number of bytes written."""
    return write_gzip_json(document, output)


def cli_build_admin_units(source: Path, output: Path | None) -> int:
    """CLI entry: ``source`` is the ``admin_units_2025`` folder; returns a process exit code."""
    target = output or SHIPPED_TABLE
    try:
        document = build_table(source)
    except (OSError, ValueError, KeyError) as error:
        print(f"admin units build failed: {error}", file=sys.stderr)
        return 1
    size = write_table(document, target)
    print(
        f"wrote {target} ({size:,} bytes): {len(document['provinces'])} provinces, "
        f"{len(document['communes'])} communes, {len(document['old_provinces'])} old provinces, "
        f"{len(document['old_communes'])} old communes"
    )
    return 0
