"""``assistant dossiers list|show|export`` against a real store, SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.stores.dossiers import URL_ENV, open_dossier_store
from civic.dossiers.idempotency import idempotency_key
from civic.dossiers.receipt_codes import format_receipt_code
from civic.dossiers.records import JsonValue
from civic.dossiers.status import Channel, DossierStatus
from civic.dossiers.store import DossierStore
from tests.support.databases import BACKENDS, empty_database

CONSENT = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
BIRTH: dict[str, JsonValue] = {
    "ho_ten_tre": "Trần Minh Khôi",
    "ngay_sinh_tre": "2026-09-30",
    "ho_ten_me": "Võ Thị Kim Oanh",
    "so_dien_thoai": "+84 905 123 456",
    "dia_chi": {"tinh": "Thành phố Huế", "xa": "Phường Phú Xuân"},
}
FUNERAL: dict[str, JsonValue] = {
    "ho_ten_nguoi_mat": "Hồ Văn Tư",
    "ghi_chu": '=HYPERLINK("http://x")',
    "so_tien_de_nghi": 7200000,
}


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DossierStore]:
    url = empty_database(request.param, request, tmp_path)
    monkeypatch.setenv(URL_ENV, url)
    opened = open_dossier_store()
    yield opened
    opened.close()


def _file(store: DossierStore, conversation: str, procedure: str, data: dict[str, JsonValue]) -> str:
    submission = store.submit(
        idempotency_key(conversation, "d1"),
        procedure_code=procedure,
        channel=Channel.KIOSK,
        consent_given_at=CONSENT,
        data=data,
    )
    assert submission.dossier.receipt_code is not None
    return submission.dossier.receipt_code


def test_list_shows_submitted_dossiers_and_filters(
    store: DossierStore, capsys: pytest.CaptureFixture[str]
) -> None:
    birth = _file(store, "c1", "1.001193", BIRTH)
    funeral = _file(store, "c2", "1.001731", FUNERAL)
    store.create_draft(
        idempotency_key("c3", "d1"), procedure_code="1.001193", channel=Channel.WEB, consent_given_at=CONSENT
    )
    store.update_status(funeral, DossierStatus.RECEIVED, actor="can-bo")

    assert main(["dossiers", "list"]) == 0
    out = capsys.readouterr().out
    assert format_receipt_code(birth) in out and format_receipt_code(funeral) in out
    assert "nháp" not in out and out.rstrip().endswith("2 hồ sơ")

    assert main(["dossiers", "list", "--status", "received"]) == 0
    out = capsys.readouterr().out
    assert format_receipt_code(funeral) in out and format_receipt_code(birth) not in out

    assert main(["dossiers", "list", "--procedure", "1.001193"]) == 0
    out = capsys.readouterr().out
    assert format_receipt_code(birth) in out and format_receipt_code(funeral) not in out

    assert main(["dossiers", "list", "--status", "draft"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("1 hồ sơ")

    assert main(["dossiers", "list", "--status", "finished"]) == 2
    assert "needs_more" in capsys.readouterr().err


def test_show_prints_data_and_history(store: DossierStore, capsys: pytest.CaptureFixture[str]) -> None:
    code = _file(store, "c1", "1.001193", BIRTH)
    store.update_status(code, DossierStatus.RECEIVED, actor="can-bo-7", note="Đủ giấy tờ")
    assert main(["dossiers", "show", format_receipt_code(code).lower()]) == 0
    out = capsys.readouterr().out
    assert "Trần Minh Khôi" in out and "Võ Thị Kim Oanh" in out and "Phường Phú Xuân" in out
    assert "submitted → received" in out and "can-bo-7" in out and "Đủ giấy tờ" in out
    assert "tiếp nhận" in out  # the status as "tra cứu" says it

    assert main(["dossiers", "show", code, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["data"] == BIRTH and [h["to_status"] for h in shown["history"]] == ["submitted", "received"]
    assert "resume_code" not in shown and "idempotency_key" not in shown

    assert main(["dossiers", "show", "C2H9-N4S7"]) == 1


def test_export_json_and_csv(store: DossierStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    birth = _file(store, "c1", "1.001193", BIRTH)
    funeral = _file(store, "c2", "1.001731", FUNERAL)

    assert main(["dossiers", "export", "--format", "json"]) == 0
    exported = {d["receipt_code"]: d for d in json.loads(capsys.readouterr().out)}
    assert exported[birth]["data"] == BIRTH and exported[funeral]["data"] == FUNERAL
    assert exported[funeral]["procedure_code"] == "1.001731" and exported[funeral]["status"] == "submitted"

    out = tmp_path / "hoso.csv"
    assert main(["dossiers", "export", "--format", "csv", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["receipt_code"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {birth, funeral}
    assert rows[birth]["data.ho_ten_me"] == "Võ Thị Kim Oanh"
    assert rows[birth]["data.so_dien_thoai"] == "+84 905 123 456"  # a phone is not a formula
    assert json.loads(rows[birth]["data.dia_chi"]) == BIRTH["dia_chi"]
    assert rows[birth]["data.ho_ten_nguoi_mat"] == ""
    assert rows[funeral]["data.so_tien_de_nghi"] == "7200000"
    assert rows[funeral]["data.ghi_chu"] == '\'=HYPERLINK("http://x")'  # not run by a spreadsheet

    assert main(["dossiers", "export", "--format", "csv", "--procedure", "1.001731"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and funeral in lines[1]


def test_store_location_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.stores.dossiers import dossier_url

    monkeypatch.delenv(URL_ENV, raising=False)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "state"))
    assert dossier_url() == f"sqlite:///{tmp_path / 'state' / 'dossiers.db'}"
    store = open_dossier_store()  # a fresh machine: the file and schema are created on first use
    store.close()
    assert (tmp_path / "state" / "dossiers.db").exists()
    monkeypatch.setenv(URL_ENV, "postgresql+psycopg2://office@db.example/dossiers")
    assert dossier_url() == "postgresql+psycopg2://office@db.example/dossiers"
