"""The store-throughput benchmark that ``assistant bench filing`` records, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from civic.dossiers.bench import BENCH_PROCEDURE, store_throughput
from civic.dossiers.store import DossierStore
from tests.support.databases import BACKENDS, empty_database


@pytest.mark.parametrize("backend", BACKENDS)
def test_throughput_counts_real_committed_submissions(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = empty_database(backend, request, tmp_path)
    rate = store_throughput(url, 20)
    assert rate > 0
    store = DossierStore(url)
    try:
        stored = store.list_dossiers(procedure_code=BENCH_PROCEDURE)
        assert len(stored) == 20 and len({d.receipt_code for d in stored}) == 20
    finally:
        store.close()
    with pytest.raises(ValueError):
        store_throughput(url, 0)
