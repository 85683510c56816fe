"""Store throughput for ``assistant bench filing``: how many submissions per second a database takes.

Each submission is what a confirmed conversation does: one transaction that checks the draft's
idempotency key, writes the dossier with a fresh receipt code and its history row, and commits
(with SQLite's default full sync). The data is a realistic birth registration of made-up people.
It writes ``n`` dossiers into the database at ``url``: give it a scratch database.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone

from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.records import JsonValue
from civic.dossiers.status import Channel
from civic.dossiers.store import DossierStore

BENCH_PROCEDURE = "1.001193"


def sample_data(index: int) -> dict[str, JsonValue]:
    """A birth registration (đăng ký khai sinh) of invented people, about the size of a real one."""
    return {
        "ho_ten_tre": f"Nguyễn Thị Bench {index}",
        "ngay_sinh_tre": "2026-03-15",
        "gioi_tinh_tre": "nu",
        "noi_sinh": "Bệnh viện Trung ương Huế",
        "ho_ten_me": "Trần Thị Thử",
        "cccd_me": "046190000000",
        "ho_ten_cha": "Nguyễn Văn Thử",
        "cccd_cha": "046088000000",
        "dia_chi": {"tinh": "Thành phố Huế", "xa": "Phường Thuận Hóa", "chi_tiet": "12 Lê Lợi"},
        "so_dien_thoai": "0912000000",
        "quan_he_nguoi_khai": "me",
    }


def store_throughput(url: str, n: int) -> float:
    """Submissions per second over ``n`` submissions, each its own transaction, one after another."""
    if n <= 0:
        raise ValueError("n must be positive")
    upgrade_to_head(url)
    store = DossierStore(url)
    consent = datetime.now(timezone.utc)
    run = uuid.uuid4().hex
    try:
        store.count_dossiers()  # connect before timing
        start = time.perf_counter()
        for index in range(n):
            store.submit(
                f"bench-{run}-{index}",
                procedure_code=BENCH_PROCEDURE,
                channel=Channel.CHAT,
                consent_given_at=consent,
                data=sample_data(index),
            )
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    return n / elapsed


__all__ = ["sample_data", "store_throughput"]
