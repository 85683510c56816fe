"""Saving and loading the catalog file: what is written is what is read back, byte for byte."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import pytest

from civic.catalog.crawl.pilots import pilot_procedures
from civic.catalog.models import ChannelKind, Procedure, TimeUnit
from civic.catalog.store import SHIPPED_CATALOG, Catalog, load_catalog, save_catalog

pytestmark = pytest.mark.skipif(not SHIPPED_CATALOG.exists(), reason="shipped catalog not built yet")


def _get(catalog: Catalog, code: str) -> Procedure:
    procedure = catalog.get(code)
    assert procedure is not None, code
    return procedure


@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


def test_shipped_catalog_loads_with_crawl_and_pilots(shipped):
    assert len(shipped) == 2645
    assert [p.code for p in shipped] == sorted(p.code for p in shipped)
    for code in ("1.001193", "3.000347", "1.001699", "1.001731", "1.001776"):
        assert shipped.get(code) is not None, code
    assert shipped.get("9.999999") is None


def test_round_trip_keeps_every_field(shipped, tmp_path):
    sample = [shipped.get(c) for c in ("1.001193", "1.004222", "2.000986", "2.000815", "1.001699")]
    procedures = [p for p in sample if p is not None]
    path = tmp_path / "catalog.json.gz"
    save_catalog(procedures, path)
    reloaded = load_catalog(path)
    # Dataclass equality covers enums, None fees and tuples.
    assert list(reloaded) == sorted(procedures, key=lambda p: p.code)
    online = _get(reloaded, "1.001193").channel(ChannelKind.ONLINE)
    assert online is not None and online.time_unit is TimeUnit.WORKING_DAYS
    assert _get(reloaded, "2.000986").decision is None


def test_saving_is_byte_reproducible_and_order_independent(shipped, tmp_path):
    procedures = list(shipped)[:200]
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    save_catalog(procedures, first)
    save_catalog(list(reversed(procedures)), second)
    assert first.read_bytes() == second.read_bytes()
    save_catalog(procedures, second)
    assert first.read_bytes() == second.read_bytes()


def test_a_changed_fact_changes_the_file(shipped, tmp_path):
    procedure = _get(shipped, "1.004222")
    changed = replace(procedure, conditions=procedure.conditions + " (sửa)")
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    save_catalog([procedure], first)
    save_catalog([changed], second)
    assert first.read_bytes() != second.read_bytes()
    assert _get(load_catalog(second), "1.004222").conditions.endswith("(sửa)")


def test_unknown_format_is_refused(tmp_path):
    path = tmp_path / "future.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"format": 999, "procedures": []}, handle)
    with pytest.raises(ValueError, match="format"):
        load_catalog(path)


def test_pilot_records_survive_the_round_trip(tmp_path):
    pilots = pilot_procedures()
    path = tmp_path / "pilots.json.gz"
    save_catalog(pilots, path)
    reloaded = {p.code: p for p in load_catalog(path)}
    for pilot in pilots:
        assert reloaded[pilot.code] == pilot
        assert reloaded[pilot.code].needs_verification
    assert Procedure.from_dict(pilots[0].to_dict()) == pilots[0]
