"""The officer HTTP API as the one-stop office system uses it: the real server (``assistant
officer-api``) on a loopback port, over SQLite and over PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import requests

from assistant.officer.api import TOKEN_ENV
from assistant.settings import PROJECT_ROOT
from assistant.stores.dossiers import URL_ENV
from civic.dossiers.idempotency import idempotency_key, new_draft_token
from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.receipt_codes import format_receipt_code
from civic.dossiers.records import DossierRecord, JsonValue
from civic.dossiers.status import Channel, DossierStatus, describe_status
from civic.dossiers.store import DossierStore
from tests.support.databases import BACKENDS, empty_database

TOKEN = "office-secret-7f3a9c1e5b2d4f60"
CONSENT = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
PERSON: dict[str, JsonValue] = {
    "ho_ten": "Đặng Thị Xuân Mai",
    "cccd": "046185003921",
    "so_dien_thoai": "0934567812",
    "dia_chi": "14 Nguyễn Trường Tộ, Phường Vỹ Dạ, Thành phố Huế",
}
PRIVATE_NOTE = "Đã gọi bà Đặng Thị Xuân Mai số 0934567812"
STARTUP_TIMEOUT_S = 60.0


def _found(store: DossierStore, code: str) -> DossierRecord:
    record = store.get(code)
    assert record is not None
    return record


@dataclass
class Api:
    base: str
    store: DossierStore
    log: Path

    def get(self, path: str, token: str | None = TOKEN, **params: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.get(self.base + path, headers=headers, params=params, timeout=10)

    def post(self, path: str, body: Any, token: str | None = TOKEN) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.post(self.base + path, headers=headers, json=body, timeout=10)

    def file(self, procedure: str, data: dict[str, JsonValue] = PERSON) -> str:
        submission = self.store.submit(
            idempotency_key("api-test", new_draft_token()),
            procedure_code=procedure,
            channel=Channel.PHONE,
            consent_given_at=CONSENT,
            data=data,
        )
        assert submission.dossier.receipt_code is not None
        return submission.dossier.receipt_code


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"officer API exited: {log.read_text(encoding='utf-8')}")
        try:
            if requests.get(base + "/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise TimeoutError("officer API did not start")


@pytest.fixture(scope="module", params=BACKENDS)
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    folder = tmp_path_factory.mktemp("officer-api")
    url = empty_database(request.param, request, folder)
    upgrade_to_head(url)
    port = _free_port()
    log = folder / "server.log"
    env = {**os.environ, URL_ENV: url, TOKEN_ENV: TOKEN, "ASSISTANT_DATA_DIR": str(folder)}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "officer-api", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=PROJECT_ROOT,
        )
    base = f"http://127.0.0.1:{port}"
    store = DossierStore(url)
    try:
        _wait_until_up(base, process, log)
        yield Api(base, store, log)
    finally:
        store.close()
        process.terminate()
        process.wait(timeout=30)


def test_refuses_requests_without_the_right_token(api: Api) -> None:
    code = api.file("1.000001")
    wrong_tokens: list[str | None] = [None, "wrong", TOKEN[:-1], TOKEN + "x", ""]
    for token in wrong_tokens:
        response = api.get(f"/dossiers/{code}", token=token)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "Đặng" not in response.text
    basic = requests.get(f"{api.base}/dossiers", headers={"Authorization": f"Basic {TOKEN}"}, timeout=10)
    assert basic.status_code == 401
    assert api.post(f"/dossiers/{code}/status", {"status": "received"}, token="wrong").status_code == 401
    assert _found(api.store, code).status is DossierStatus.SUBMITTED  # nothing changed
    assert api.get(f"/dossiers/{code}").status_code == 200
    assert api.get("/health", token=None).json() == {"status": "ok"}


def test_lists_with_filters_and_pages(api: Api) -> None:
    codes = [api.file("1.000002") for _ in range(5)]
    api.file("1.000003")
    api.store.update_status(codes[1], DossierStatus.RECEIVED, actor="x")

    everything = api.get("/dossiers", procedure="1.000002").json()
    assert everything["total"] == 5 and {d["receipt_code"] for d in everything["items"]} == set(codes)
    assert everything["items"][0]["data"] == PERSON
    assert "resume_code" not in everything["items"][0]

    pages = [
        api.get("/dossiers", procedure="1.000002", limit=2, offset=offset).json() for offset in (0, 2, 4)
    ]
    assert [len(p["items"]) for p in pages] == [2, 2, 1] and {p["total"] for p in pages} == {5}
    assert {d["receipt_code"] for p in pages for d in p["items"]} == set(codes)

    received = api.get("/dossiers", procedure="1.000002", status="received").json()
    assert [d["receipt_code"] for d in received["items"]] == [codes[1]]
    assert api.get("/dossiers", procedure="1.000002", channel="zalo").json()["total"] == 0

    bad = api.get("/dossiers", status="finished")
    assert bad.status_code == 400 and "needs_more" in bad.json()["error"]
    assert api.get("/dossiers", limit="0").status_code == 400
    assert api.get("/dossiers", limit="1000").status_code == 400
    assert api.get("/dossiers", offset="-1").status_code == 400


def test_fetches_one_dossier_with_its_history(api: Api) -> None:
    code = api.file("1.000004")
    response = api.get(f"/dossiers/{format_receipt_code(code).lower()}")
    assert response.status_code == 200
    dossier = response.json()
    assert dossier["receipt_code"] == code and dossier["data"] == PERSON
    assert dossier["status"] == "submitted" and dossier["status_text"] == describe_status(
        DossierStatus.SUBMITTED
    )
    assert [(h["from_status"], h["to_status"]) for h in dossier["history"]] == [(None, "submitted")]
    assert api.get("/dossiers/C2H9-N4S7").status_code in (404,)
    assert api.get("/dossiers/not-a-code").status_code == 404


def test_status_changes_are_validated_recorded_and_read_by_tra_cuu(api: Api) -> None:
    code = api.file("1.000005")
    moved = api.post(f"/dossiers/{code}/status", {"status": "received", "note": "Đủ hồ sơ", "actor": "cb-12"})
    assert moved.status_code == 200
    body = moved.json()
    assert body["status"] == "received" and body["history"][-1]["note"] == "Đủ hồ sơ"
    assert body["history"][-1]["actor"] == "cb-12"
    # what "tra cứu hồ sơ" reads, from the store, in another process
    looked_up = api.store.get(code)
    assert looked_up is not None and looked_up.status is DossierStatus.RECEIVED

    api.post(f"/dossiers/{code}/status", {"status": "done"})
    refused = api.post(f"/dossiers/{code}/status", {"status": "in_progress"})
    assert refused.status_code == 409
    assert refused.json()["current"] == "done" and refused.json()["allowed"] == []
    assert _found(api.store, code).status is DossierStatus.DONE

    assert api.post(f"/dossiers/{code}/status", {"status": "finished"}).status_code == 400
    assert api.post(f"/dossiers/{code}/status", {"note": "x"}).status_code == 400
    assert api.post(f"/dossiers/{code}/status", {"status": "done", "note": "x" * 5000}).status_code == 400
    raw = requests.post(
        f"{api.base}/dossiers/{code}/status",
        headers={"Authorization": f"Bearer {TOKEN}"},
        data="{not json",
        timeout=10,
    )
    assert raw.status_code == 400
    assert api.post("/dossiers/C2H9N4S7/status", {"status": "received"}).status_code == 404


def test_server_log_holds_codes_but_no_personal_data(api: Api) -> None:
    code = api.file("1.000006")
    api.get(f"/dossiers/{code}")
    api.post(
        f"/dossiers/{code}/status", {"status": "received", "note": PRIVATE_NOTE, "actor": "Phan Văn Lực"}
    )
    api.get("/dossiers", procedure="1.000006")
    time.sleep(0.3)  # let the server flush its log lines
    log = api.log.read_text(encoding="utf-8")
    assert code in log  # the store and access logs are there ...
    leaked = [
        value
        for value in [
            *map(str, PERSON.values()),
            PRIVATE_NOTE,
            "Phan Văn Lực",
            "Xuân Mai",
            "0934567812",
            TOKEN,
        ]
        if value in log
    ]
    assert not leaked  # ... without names, ID numbers, phones, addresses, notes or the token
