"""Filing dossiers through the running assistant (Rasa server + action server, REST channel).

Every procedure with a form is filed end to end from its script (``tests/test_forms.py``) and the
stored dossier is read back from the servers' own database and compared exactly. Corrections,
invalid answers, a lookup question mid-form, stop-and-resume, a double confirmation, a crash of the
action server, and the logs (no personal data) are checked on real conversations too.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.receipt_codes import speak_receipt_code
from civic.dossiers.resume_codes import speak_resume_code
from civic.dossiers.status import DossierStatus, describe_status
from civic.dossiers.store import DossierStore
from civic.forms.loader import get_spec
from civic.forms.spec import FieldType
from tests.support.filing import FilingCitizen, expected_for_today, file_dossier, steps_for_today
from tests.test_forms import CODES, SCRIPTS

pytestmark = pytest.mark.slow

TWO = ("1.001193", "1.000894")  # khai sinh (gated father questions) and kết hôn (short)


def store_of(data_dir: Path) -> DossierStore:
    url = f"sqlite:///{data_dir / 'dossiers.db'}"
    upgrade_to_head(url)
    return DossierStore(url)


@pytest.fixture(scope="module")
def store(assistant_servers: Any) -> Iterator[DossierStore]:
    opened = store_of(assistant_servers.log_dir.parent)
    yield opened
    opened.close()


@pytest.fixture
def citizen(assistant_servers: Any) -> FilingCitizen:
    return FilingCitizen(assistant_servers.webhook)


def kinds(messages: list[dict[str, Any]]) -> list[str]:
    return [m["custom"]["kind"] for m in messages]


def said(messages: list[dict[str, Any]]) -> str:
    return " ".join(m["text"] for m in messages)


@pytest.mark.parametrize("code", CODES)
def test_happy_path_stores_the_exact_dossier(code: str, assistant_servers: Any, store: DossierStore) -> None:
    script = SCRIPTS[code]
    run = file_dossier(assistant_servers.webhook, code, steps_for_today(code, script.steps))
    record = store.get(run.receipt_code)
    assert record is not None
    assert record.procedure_code == code and record.status is DossierStatus.SUBMITTED
    assert dict(record.data) == expected_for_today(code, script.steps, script.expected)


def test_the_receipt_is_followed_by_papers_fee_and_time(citizen: FilingCitizen) -> None:
    citizen.start("1.001193")
    citizen.fill(SCRIPTS["1.001193"].steps)
    citizen.confirm()
    closing = [m for m in citizen.last if m["custom"]["kind"] == "closing"]
    assert closing and "lệ phí" in said(closing).lower() and "thời hạn" in said(closing).lower()


@pytest.mark.parametrize("code", TWO)
def test_a_correction_from_the_summary(code: str, citizen: FilingCitizen, store: DossierStore) -> None:
    command, new_answer, field_name, new_value = SCRIPTS[code].correction
    citizen.start(code)
    citizen.fill(SCRIPTS[code].steps)
    citizen.say(command)
    citizen.answer(field_name, new_answer)
    assert citizen.last_payload["kind"] == "summary"
    record = store.get(citizen.confirm())
    assert record is not None
    assert dict(record.data) == {**SCRIPTS[code].expected, field_name: new_value}


@pytest.mark.parametrize("code", TWO)
def test_an_invalid_answer_is_explained_and_asked_again(
    code: str, citizen: FilingCitizen, store: DossierStore
) -> None:
    steps = SCRIPTS[code].steps
    citizen.start(code)
    citizen.say("đồng ý")
    first_field = steps[0][0]
    assert get_spec(code).field(first_field).type is FieldType.FULL_NAME
    citizen.say("12345")
    assert citizen.last_payload["kind"] == "invalid_answer" and citizen.last_payload["field"] == first_field
    for field_name, text in steps:
        citizen.answer(field_name, text)
    record = store.get(citizen.confirm())
    assert record is not None and dict(record.data) == SCRIPTS[code].expected


@pytest.mark.parametrize("code", TWO)
def test_a_fee_question_mid_form_returns_to_the_question(
    code: str, citizen: FilingCitizen, store: DossierStore
) -> None:
    steps = SCRIPTS[code].steps
    citizen.start(code)
    citizen.say("đồng ý")
    for field_name, text in steps[:3]:
        citizen.answer(field_name, text)
    citizen.say("lệ phí bao nhiêu?")
    answer = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "answer"]
    assert (
        answer
        and {p["aspect"] for p in answer} == {"fee"}
        and {p["procedure_code"] for p in answer} == {code}
    )
    assert citizen.asked_field() == steps[3][0]
    for field_name, text in steps[3:]:
        citizen.answer(field_name, text)
    record = store.get(citizen.confirm())
    assert record is not None and dict(record.data) == SCRIPTS[code].expected


@pytest.mark.parametrize("code", TWO)
def test_stop_and_resume_in_another_conversation(
    code: str, assistant_servers: Any, citizen: FilingCitizen, store: DossierStore
) -> None:
    steps = SCRIPTS[code].steps
    citizen.start(code)
    citizen.say("đồng ý")
    for field_name, text in steps[:4]:
        citizen.answer(field_name, text)
    before = store.count_dossiers(include_drafts=True)
    citizen.say("dừng lại")
    saved = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "draft_saved"]
    assert saved and saved[0]["saved"] is True
    resume_code = saved[0]["resume_code"]
    assert store.count_dossiers(include_drafts=True) == before + 1
    later = FilingCitizen(assistant_servers.webhook)
    later.say(f"tiếp tục hồ sơ {speak_resume_code(resume_code)}")
    assert kinds(later.last)[0] == "resumed"
    for field_name, text in steps[4:]:
        later.answer(field_name, text)
    record = store.get(later.confirm())
    assert record is not None and dict(record.data) == SCRIPTS[code].expected
    assert store.count_dossiers(include_drafts=True) == before + 1  # the draft became the dossier
    assert store.resume(resume_code) is None


@pytest.mark.parametrize("code", TWO)
def test_confirming_twice_keeps_one_dossier(code: str, citizen: FilingCitizen, store: DossierStore) -> None:
    citizen.start(code)
    citizen.fill(SCRIPTS[code].steps)
    receipt = citizen.confirm()
    count = store.count_dossiers()
    citizen.say("đúng rồi")
    again = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "submitted"]
    assert again and again[0]["receipt_code"] == receipt and again[0]["duplicate"] is True
    assert store.count_dossiers() == count


def test_refused_consent_stores_nothing(citizen: FilingCitizen, store: DossierStore) -> None:
    before = store.count_dossiers(include_drafts=True)
    citizen.start("1.000894")
    citizen.say("không đồng ý")
    assert kinds(citizen.last) == ["consent_refused"]
    assert store.count_dossiers(include_drafts=True) == before


def test_status_lookup_reads_the_status(citizen: FilingCitizen, assistant_servers: Any) -> None:
    run = file_dossier(assistant_servers.webhook, "1.000894", SCRIPTS["1.000894"].steps)
    citizen.say(f"tra cứu hồ sơ {speak_receipt_code(run.receipt_code.replace('-', ''))}")
    assert citizen.last[-1]["text"] == describe_status(DossierStatus.SUBMITTED)
    citizen.say("tra cứu hồ sơ xê hai hát chín en bốn ét ét")
    assert kinds(citizen.last)[0] in ("code_unclear", "code_unknown")


def personal_values(code: str) -> set[str]:
    """What the citizen typed that identifies a person: names, ID numbers, phones, streets."""
    spec = get_spec(code)
    personal = {FieldType.FULL_NAME, FieldType.CCCD, FieldType.PHONE, FieldType.ADDRESS}
    return {text for name, text in SCRIPTS[code].steps if spec.field(name).type in personal}


def test_logs_hold_no_personal_data(assistant_servers: Any) -> None:
    for code in TWO:
        file_dossier(assistant_servers.webhook, code, SCRIPTS[code].steps)
    logs = sorted(assistant_servers.log_dir.glob("*.log"))
    assert logs
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in logs)
    for code in TWO:
        values = personal_values(code)
        assert len(values) >= 5
        for value in values:
            assert value not in text, value


def test_action_server_crash_mid_form_loses_and_duplicates_nothing(
    trained_model: Path, tmp_path: Path
) -> None:
    from assistant.bench.nlu import free_port
    from assistant.servers import running_assistant, start_action_server, wait_until_up

    code = "1.000894"
    steps = SCRIPTS[code].steps
    port = free_port()
    env = {"ASSISTANT_DATA_DIR": str(tmp_path)}
    with running_assistant(
        trained_model, rasa_port=free_port(), actions_port=port, env=env, log_dir=tmp_path / "logs"
    ) as servers:
        citizen = FilingCitizen(servers.webhook)
        citizen.start(code)
        citizen.say("đồng ý")
        for field_name, text in steps[:4]:
            citizen.answer(field_name, text)
        os.kill(servers.actions.pid, signal.SIGKILL)
        servers.actions.wait()
        log = tmp_path / "logs" / "actions-restarted.log"
        with open(log, "ab") as output:
            restarted = start_action_server(port, {**os.environ, **env}, output)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", restarted, "action server", log)
            for field_name, text in steps[4:]:
                citizen.answer(field_name, text)
            receipt = citizen.confirm()
            citizen.say("đúng")
        finally:
            restarted.send_signal(signal.SIGINT)
            restarted.wait(timeout=15)
    store = store_of(tmp_path)
    (record,) = store.list_dossiers(include_drafts=True)
    assert record.receipt_code is not None and receipt.replace("-", "") == record.receipt_code
    assert dict(record.data) == SCRIPTS[code].expected
    store.close()


def test_mid_form_commands_go_to_the_engine(citizen: FilingCitizen, store: DossierStore) -> None:
    """ "sửa tên mẹ" jumps back and returns, "quay lại" reopens the answer given last (kept with
    "đúng"), "làm lại từ đầu" drops every answer; the dossier is still exactly the script's."""
    code = "1.001193"
    steps = SCRIPTS[code].steps
    citizen.start(code)
    citizen.say("đồng ý")
    for field_name, text in steps[:7]:
        citizen.answer(field_name, text)
    citizen.say("sửa tên mẹ")
    assert citizen.asked_field() == "mother_full_name"
    citizen.answer("mother_full_name", "Trần Thị Bích")
    assert citizen.asked_field() == steps[7][0]
    citizen.say("quay lại")  # the answer given last: the corrected name
    assert citizen.asked_field() == "mother_full_name"
    citizen.say("đúng")
    assert citizen.asked_field() == steps[7][0]
    citizen.say("làm lại từ đầu")
    assert citizen.asked_field() == steps[0][0]
    for field_name, text in steps:
        citizen.answer(field_name, text)
    record = store.get(citizen.confirm())
    assert record is not None and dict(record.data) == SCRIPTS[code].expected


def test_asking_for_staff_mid_form_keeps_a_draft_and_hands_off(
    citizen: FilingCitizen, store: DossierStore
) -> None:
    code = "1.000894"
    citizen.start(code)
    citizen.say("đồng ý")
    for field_name, text in SCRIPTS[code].steps[:2]:
        citizen.answer(field_name, text)
    citizen.say("cho tôi gặp cán bộ")
    assert kinds(citizen.last)[-1] == "handoff" and citizen.last[-1]["custom"]["handoff"] is True
    saved = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "draft_saved"]
    assert saved and saved[0]["saved"] is True
    draft = store.resume(saved[0]["resume_code"])
    assert draft is not None and draft.procedure_code == code
