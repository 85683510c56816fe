"""The dossier store on SQLite and on a real PostgreSQL server: drafts, idempotent submission under
double confirmation, concurrency and crashes, lookup, and officer status changes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from civic.dossiers.idempotency import idempotency_key, new_draft_token
from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.models import DossierRow, StatusChangeRow
from civic.dossiers.receipt_codes import format_receipt_code, is_valid_receipt_code
from civic.dossiers.records import DossierRecord, JsonValue
from civic.dossiers.resume_codes import is_valid_resume_code
from civic.dossiers.status import Channel, DossierStatus, TransitionError
from civic.dossiers.store import DossierNotFound, DossierStateError, DossierStore
from tests.support.databases import BACKENDS, empty_database

PROCEDURE = "1.001193"
CONSENT = datetime(2026, 11, 20, 8, 30, tzinfo=timezone.utc)
BIRTH: dict[str, JsonValue] = {
    "ho_ten_tre": "Lê Hoàng Bảo Ngọc",
    "ngay_sinh_tre": "2026-10-02",
    "gioi_tinh_tre": "nu",
    "ho_ten_me": "Phạm Thị Thu Hằng",
    "cccd_me": "046193004512",
    "ho_ten_cha": "Lê Văn Quyết",
    "cccd_cha": "046090007733",
    "so_dien_thoai": "0905123456",
    "dia_chi": {"tinh": "Thành phố Huế", "xa": "Phường Thuận Hóa", "chi_tiet": "27 kiệt 5 Lê Lợi"},
}


def _found(store: DossierStore, code: str) -> DossierRecord:
    record = store.get(code)
    assert record is not None
    return record


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    target = empty_database(request.param, request, tmp_path)
    upgrade_to_head(target)
    return target


@pytest.fixture
def store(url: str) -> Iterator[DossierStore]:
    opened = DossierStore(url)
    yield opened
    opened.close()


def _key() -> str:
    return idempotency_key("conversation-1", new_draft_token())


def _submit(store: DossierStore, key: str, data: dict[str, JsonValue] | None = None) -> Any:
    return store.submit(
        key, procedure_code=PROCEDURE, channel=Channel.PHONE, consent_given_at=CONSENT, data=data or BIRTH
    )


def _rows(store: DossierStore) -> tuple[int, int]:
    with store.engine.connect() as connection:
        dossiers = connection.execute(select(func.count()).select_from(DossierRow.__table__)).scalar_one()
        changes = connection.execute(select(func.count()).select_from(StatusChangeRow.__table__)).scalar_one()
    return int(dossiers), int(changes)


# --- drafts --------------------------------------------------------------------------------------------


def test_draft_is_saved_resumed_and_submitted(store: DossierStore) -> None:
    key = _key()
    draft = store.create_draft(key, procedure_code=PROCEDURE, channel=Channel.KIOSK, consent_given_at=CONSENT)
    assert draft.status is DossierStatus.DRAFT and draft.receipt_code is None
    assert draft.resume_code is not None and is_valid_resume_code(draft.resume_code)
    assert (
        store.create_draft(
            key, procedure_code=PROCEDURE, channel=Channel.KIOSK, consent_given_at=CONSENT
        ).resume_code
        == draft.resume_code
    )

    half = {name: BIRTH[name] for name in ("ho_ten_tre", "ngay_sinh_tre")}
    store.save_draft(key, half)
    resumed = store.resume(draft.resume_code)
    assert resumed is not None and resumed.data == half and resumed.idempotency_key == key
    assert resumed.consent_given_at == CONSENT

    submission = _submit(store, resumed.idempotency_key)
    dossier = submission.dossier
    assert not submission.duplicate
    assert dossier.id == draft.id and dossier.status is DossierStatus.SUBMITTED
    assert dossier.receipt_code is not None and is_valid_receipt_code(dossier.receipt_code)
    assert dossier.data == BIRTH and dossier.resume_code is None and dossier.submitted_at is not None
    assert store.resume(draft.resume_code) is None  # a submitted draft cannot be reopened
    assert store.get(format_receipt_code(dossier.receipt_code).lower()) == dossier
    assert [(c.from_status, c.to_status) for c in store.history(dossier.receipt_code)] == [
        (None, DossierStatus.DRAFT),
        (DossierStatus.DRAFT, DossierStatus.SUBMITTED),
    ]


def test_a_submitted_dossier_is_no_longer_a_draft(store: DossierStore) -> None:
    key = _key()
    dossier = _submit(store, key).dossier
    with pytest.raises(DossierStateError):
        store.save_draft(key, {"ho_ten_tre": "Người Khác"})
    with pytest.raises(DossierNotFound):
        store.save_draft(_key(), {})
    assert _found(store, dossier.receipt_code).data == BIRTH


def test_discarded_draft_cannot_be_resumed_or_submitted(store: DossierStore) -> None:
    key = _key()
    draft = store.create_draft(key, procedure_code=PROCEDURE, channel=Channel.ZALO, consent_given_at=CONSENT)
    discarded = store.discard_draft(key)
    assert discarded is not None and discarded.status is DossierStatus.CANCELLED
    assert store.resume(draft.resume_code or "") is None
    with pytest.raises(DossierStateError):
        _submit(store, key)
    assert store.count_dossiers() == 0


def test_old_drafts_and_wrong_codes_do_not_resume(url: str) -> None:
    forty_days_ago = datetime.now(timezone.utc) - timedelta(days=40)
    old_store = DossierStore(url, clock=lambda: forty_days_ago)
    draft = old_store.create_draft(
        _key(), procedure_code=PROCEDURE, channel=Channel.WEB, consent_given_at=forty_days_ago
    )
    old_store.close()
    store = DossierStore(url)
    try:
        assert draft.resume_code is not None
        assert store.resume(draft.resume_code) is None
        assert store.resume(draft.resume_code, max_age=timedelta(days=60)) is not None
        assert store.resume("12345678") is None  # fails its check digit
    finally:
        store.close()


# --- idempotent submission -----------------------------------------------------------------------------


def test_confirming_twice_keeps_one_dossier(store: DossierStore) -> None:
    key = _key()
    first = _submit(store, key)
    again = _submit(store, key, {**BIRTH, "ho_ten_tre": "Tên Khác"})
    assert again.duplicate and not first.duplicate
    assert again.dossier.receipt_code == first.dossier.receipt_code
    assert again.dossier.data == BIRTH  # the first confirmation's answers stand
    assert _rows(store) == (1, 1)
    assert store.count_dossiers() == 1


def _run_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_confirmations_of_one_draft_make_one_dossier(store: DossierStore) -> None:
    key = _key()
    results = _run_together(8, lambda _: _submit(store, key))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.dossier.receipt_code for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert _rows(store) == (1, 1)


def test_concurrent_confirmations_of_a_saved_draft_make_one_dossier(store: DossierStore) -> None:
    key = _key()
    store.create_draft(key, procedure_code=PROCEDURE, channel=Channel.PHONE, consent_given_at=CONSENT)
    results = _run_together(6, lambda _: _submit(store, key))
    assert len({r.dossier.receipt_code for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert _rows(store) == (1, 2)  # draft created, submitted once


def test_concurrent_different_dossiers_all_get_their_own_code(store: DossierStore) -> None:
    results = _run_together(6, lambda _: [_submit(store, _key()).dossier.receipt_code for _ in range(4)])
    codes = [code for batch in results for code in batch]
    assert len(set(codes)) == 24
    assert store.count_dossiers() == 24


def test_crash_after_insert_before_commit_loses_nothing_on_retry(store: DossierStore) -> None:
    key = _key()
    store.create_draft(key, procedure_code=PROCEDURE, channel=Channel.CHAT, consent_given_at=CONSENT)
    crashes = {"left": 1}

    def crash_before_commit(_connection: Any) -> None:
        if crashes["left"]:
            crashes["left"] -= 1
            raise ConnectionError("simulated crash between insert and commit")

    event.listen(store.engine, "commit", crash_before_commit)
    try:
        with pytest.raises(ConnectionError):
            _submit(store, key)
        still = store.get_by_key(key)
        assert still is not None and still.status is DossierStatus.DRAFT and still.receipt_code is None
        retried = _submit(store, key)
    finally:
        event.remove(store.engine, "commit", crash_before_commit)
    assert not retried.duplicate and retried.dossier.status is DossierStatus.SUBMITTED
    assert _submit(store, key).dossier.receipt_code == retried.dossier.receipt_code
    assert _rows(store) == (1, 2)


_CRASHING_SUBMIT = """
import os, sys
from datetime import datetime, timezone
from sqlalchemy import event
from sqlalchemy.orm import Session
from civic.dossiers.status import Channel
from civic.dossiers.store import DossierStore

def die(session, context):
    if any(getattr(o, "receipt_code", None) for o in session.new | session.dirty):
        os._exit(17)  # the process dies with the dossier written but not committed

event.listen(Session, "after_flush", die)
DossierStore(sys.argv[1]).submit(
    sys.argv[2], procedure_code="1.001193", channel=Channel.PHONE,
    consent_given_at=datetime.now(timezone.utc), data={"ho_ten_tre": "Lê Hoàng Bảo Ngọc"},
)
"""


def test_process_killed_mid_submission_then_retry_stores_exactly_one(store: DossierStore, url: str) -> None:
    key = _key()
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_SUBMIT, url, key],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert crashed.returncode == 17, crashed.stderr.decode()
    assert _rows(store) == (0, 0)
    first = _submit(store, key)
    second = _submit(store, key)
    assert not first.duplicate and second.duplicate
    assert first.dossier.receipt_code == second.dossier.receipt_code
    assert _rows(store) == (1, 1)


# --- lookup and the office's side ----------------------------------------------------------------------


def test_status_moves_follow_the_procedure_and_are_recorded(store: DossierStore) -> None:
    code = _submit(store, _key()).dossier.receipt_code
    path = [
        (DossierStatus.RECEIVED, None),
        (DossierStatus.NEEDS_MORE, "Thiếu giấy chứng sinh"),
        (DossierStatus.IN_PROGRESS, None),
        (DossierStatus.DONE, "Đã có giấy khai sinh"),
    ]
    for status, note in path:
        assert store.update_status(code, status, actor="can-bo-1", note=note).status is status
    with pytest.raises(TransitionError):
        store.update_status(code, DossierStatus.IN_PROGRESS, actor="can-bo-1")
    with pytest.raises(DossierNotFound):
        store.update_status("C2H9N4S7", DossierStatus.RECEIVED, actor="can-bo-1")
    history = store.history(code)
    assert [c.to_status for c in history[-4:]] == [status for status, _ in path]
    assert [c.note for c in history[-4:]] == [note for _, note in path]
    assert {c.actor for c in history[-4:]} == {"can-bo-1"}
    assert _found(store, code).status is DossierStatus.DONE


def test_two_officers_cannot_both_decide(store: DossierStore) -> None:
    code = _submit(store, _key()).dossier.receipt_code
    store.update_status(code, DossierStatus.RECEIVED, actor="a")
    decisions = [DossierStatus.DONE, DossierStatus.REJECTED] * 3
    results = _run_together(len(decisions), lambda i: store.update_status(code, decisions[i], actor=f"o{i}"))
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1
    assert all(isinstance(r, TransitionError) for r in results if r not in winners)
    assert _found(store, code).status is winners[0].status
    assert len(store.history(code)) == 3  # submitted, received, one decision


def test_listing_filters_and_pages(store: DossierStore) -> None:
    codes = [_submit(store, _key()).dossier.receipt_code for _ in range(5)]
    store.create_draft(_key(), procedure_code="1.001731", channel=Channel.WEB, consent_given_at=CONSENT)
    store.submit(
        _key(), procedure_code="1.001731", channel=Channel.WEB, consent_given_at=CONSENT, data={"x": 1}
    )
    store.update_status(codes[0], DossierStatus.RECEIVED, actor="a")
    assert store.count_dossiers() == 6
    assert store.count_dossiers(include_drafts=True) == 7
    assert store.count_dossiers(status=DossierStatus.DRAFT) == 1
    assert [d.receipt_code for d in store.list_dossiers(status=DossierStatus.RECEIVED)] == [codes[0]]
    assert {d.procedure_code for d in store.list_dossiers(procedure_code="1.001731")} == {"1.001731"}
    assert store.count_dossiers(channel=Channel.WEB) == 1
    pages = [store.list_dossiers(limit=4, offset=0), store.list_dossiers(limit=4, offset=4)]
    assert [len(p) for p in pages] == [4, 2]
    listed = [d.receipt_code for page in pages for d in page]
    assert len(set(listed)) == 6 and set(codes) <= set(listed)
    assert listed.index(codes[-1]) < listed.index(codes[0])  # newest first


def test_personal_data_never_reaches_the_logs(store: DossierStore, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # even with SQL logging switched on
    key = _key()
    draft = store.create_draft(key, procedure_code=PROCEDURE, channel=Channel.PHONE, consent_given_at=CONSENT)
    store.save_draft(key, {"ho_ten_me": BIRTH["ho_ten_me"]})
    store.resume(draft.resume_code or "")
    results = _run_together(3, lambda _: _submit(store, key))
    code = results[0].dossier.receipt_code
    store.update_status(code, DossierStatus.RECEIVED, actor="Nguyễn Văn Cán Bộ", note="Gọi 0905123456")
    with pytest.raises(TransitionError):
        store.update_status(code, DossierStatus.SUBMITTED, actor="x")
    store.list_dossiers()
    text = caplog.text
    assert "INSERT INTO dossiers" in text  # SQL was logged ...
    assert code in text and PROCEDURE in text  # ... and so were the codes
    secrets = [v for v in BIRTH.values() if isinstance(v, str) and len(v) >= 6]
    secrets += ["Thuận Hóa", "27 kiệt 5", "Nguyễn Văn Cán Bộ", "0905123456", key, draft.resume_code or "?"]
    leaked = [s for s in secrets if s in text]
    assert not leaked
