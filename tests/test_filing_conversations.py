"""Filing dossiers through the running assistant (Rasa server + action server, REST channel).

Every procedure with a form is filed end to end from its script (``civic.forms.scripts``, the steps
that apply today) in six scenarios: the happy path, a correction from the summary, an invalid answer,
a fee question mid-form, stop-and-resume in another conversation and a double confirmation; each
reads the stored dossier back from the servers' own database and compares it exactly. The mid-form
commands, the hand-off and the logs (no personal data) are checked on real conversations too;
crashes of the action server are in ``test_filing_crash.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.bench.filing_citizen import FilingCitizen, expected_for_today, file_dossier, steps_for_today
from civic.dossiers.migrate import upgrade_to_head
from civic.dossiers.receipt_codes import speak_receipt_code
from civic.dossiers.resume_codes import speak_resume_code
from civic.dossiers.status import DossierStatus, describe_status
from civic.dossiers.store import DossierStore
from civic.forms import engine
from civic.forms.draft import DossierDraft
from civic.forms.loader import get_spec
from civic.forms.scripts import CODES, SCRIPTS, play
from civic.forms.spec import FieldType

pytestmark = pytest.mark.slow

TWO = ("1.001193", "1.000894")  # khai sinh (gated father questions) and kết hôn (short)

# A clearly invalid answer per field type, with the error the engine gives for it.
INVALID_ANSWERS: dict[FieldType, tuple[str, str]] = {
    FieldType.FULL_NAME: ("12345", "name_has_digits"),
    FieldType.DATE: ("ngày 31 tháng 2 năm 2099", "date_impossible"),
    FieldType.CCCD: ("12345", "cccd_wrong_length"),
    FieldType.PHONE: ("123", "phone_wrong_length"),
}


def steps(code: str) -> list[tuple[str, str]]:
    """The script's steps that apply on the servers' date."""
    return steps_for_today(code, SCRIPTS[code].steps)


def expected(code: str) -> dict[str, Any]:
    """The script's exact dossier for the steps that apply on the servers' date."""
    script = SCRIPTS[code]
    return expected_for_today(code, script.steps, script.expected)


def engine_draft_after(code: str, answered: list[tuple[str, str]]) -> DossierDraft:
    """The engine's draft (today) after consent and ``answered``, each read-back confirmed."""
    draft, used = play(code, answered)
    assert used == answered, (code, used)
    return draft


def first_invalid(code: str) -> tuple[int, str, str, str]:
    """The first asked field whose type has a known invalid answer: (its step, field, answer, error)."""
    spec = get_spec(code)
    for index, (field_name, _) in enumerate(steps(code)):
        known = INVALID_ANSWERS.get(spec.field(field_name).type)
        if known:
            return index, field_name, *known
    raise AssertionError(f"{code}: no asked field has a known invalid answer")


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
    run = file_dossier(assistant_servers.webhook, code, steps(code))
    record = store.get(run.receipt_code)
    assert record is not None
    assert record.procedure_code == code and record.status is DossierStatus.SUBMITTED
    assert dict(record.data) == expected(code)


def test_the_receipt_is_followed_by_papers_fee_and_time(citizen: FilingCitizen) -> None:
    citizen.start("1.001193")
    citizen.fill(steps("1.001193"))
    citizen.confirm()
    closing = [m for m in citizen.last if m["custom"]["kind"] == "closing"]
    assert closing and "lệ phí" in said(closing).lower() and "thời hạn" in said(closing).lower()


@pytest.mark.parametrize("code", CODES)
def test_a_correction_from_the_summary(code: str, citizen: FilingCitizen, store: DossierStore) -> None:
    """The new answer replaces the old one and the summary comes back at once: no correction of the
    scripts opens, drops or re-asks another field, so every other answer is stored as the script's."""
    command, new_answer, field_name, new_value = SCRIPTS[code].correction
    today = steps(code)
    assert field_name in dict(today), f"{code}: the corrected field {field_name} is not asked today"
    citizen.start(code)
    citizen.fill(today)
    citizen.say(command)
    assert citizen.asked_field() == field_name, citizen.last
    citizen.answer(field_name, new_answer)
    assert citizen.last_payload["kind"] == "summary", citizen.last
    record = store.get(citizen.confirm())
    assert record is not None
    assert dict(record.data) == {**expected(code), field_name: new_value}


@pytest.mark.parametrize("code", CODES)
def test_an_invalid_answer_is_explained_and_asked_again(
    code: str, citizen: FilingCitizen, store: DossierStore
) -> None:
    today = steps(code)
    index, field_name, bad, error = first_invalid(code)
    # The engine itself refuses the answer: a failure below is the conversation's, not the table's.
    draft = engine_draft_after(code, today[:index])
    assert draft.current == field_name and engine.handle(draft, bad).error == error
    citizen.start(code)
    citizen.say("đồng ý")
    for step in today[:index]:
        citizen.answer(*step)
    citizen.say(bad)
    payload = citizen.last_payload
    assert payload["kind"] == "invalid_answer", citizen.last
    assert payload["field"] == field_name and payload.get("error") == error, citizen.last
    for step in today[index:]:
        citizen.answer(*step)
    assert citizen.last_payload["kind"] == "summary", citizen.last
    record = store.get(citizen.confirm())
    assert record is not None and dict(record.data) == expected(code)


@pytest.mark.parametrize("code", CODES)
def test_a_fee_question_mid_form_returns_to_the_question(
    code: str, citizen: FilingCitizen, store: DossierStore
) -> None:
    today = steps(code)
    citizen.start(code)
    citizen.say("đồng ý")
    for step in today[:3]:
        citizen.answer(*step)
    citizen.say("lệ phí bao nhiêu?")
    answer = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "answer"]
    assert answer, citizen.last
    assert {p["aspect"] for p in answer} == {"fee"}, citizen.last
    assert {p["procedure_code"] for p in answer} == {code}, citizen.last
    assert citizen.last_payload["kind"] == "form_question", citizen.last
    assert citizen.asked_field() == today[3][0], citizen.last
    for step in today[3:]:
        citizen.answer(*step)
    record = store.get(citizen.confirm())
    assert record is not None and dict(record.data) == expected(code)


@pytest.mark.parametrize("code", CODES)
def test_stop_and_resume_in_another_conversation(
    code: str, assistant_servers: Any, citizen: FilingCitizen, store: DossierStore
) -> None:
    today = steps(code)
    citizen.start(code)
    citizen.say("đồng ý")
    for step in today[:4]:
        citizen.answer(*step)
    before = store.count_dossiers(include_drafts=True)
    citizen.say("dừng lại")
    saved = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "draft_saved"]
    assert saved and saved[0]["saved"] is True
    resume_code = saved[0]["resume_code"]
    assert store.count_dossiers(include_drafts=True) == before + 1
    later = FilingCitizen(assistant_servers.webhook)
    later.say(f"tiếp tục hồ sơ {speak_resume_code(resume_code)}")
    assert kinds(later.last)[0] == "resumed", later.last
    assert later.asked_field() == today[4][0], later.last
    for step in today[4:]:
        later.answer(*step)
    record = store.get(later.confirm())
    assert record is not None and dict(record.data) == expected(code)
    assert store.count_dossiers(include_drafts=True) == before + 1  # the draft became the dossier
    assert store.resume(resume_code) is None


@pytest.mark.parametrize("code", CODES)
def test_confirming_twice_keeps_one_dossier(code: str, citizen: FilingCitizen, store: DossierStore) -> None:
    before = store.count_dossiers(include_drafts=True)
    citizen.start(code)
    citizen.fill(steps(code))
    receipt = citizen.confirm()
    citizen.say("đúng rồi")
    again = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "submitted"]
    assert again, citizen.last
    assert again[0]["receipt_code"] == receipt and again[0]["duplicate"] is True, citizen.last
    assert store.count_dossiers(include_drafts=True) == before + 1  # exactly one, drafts included
    record = store.get(receipt)
    assert record is not None and record.status is DossierStatus.SUBMITTED
    assert dict(record.data) == expected(code)


def test_refused_consent_stores_nothing(citizen: FilingCitizen, store: DossierStore) -> None:
    before = store.count_dossiers(include_drafts=True)
    citizen.start("1.000894")
    citizen.say("không đồng ý")
    assert kinds(citizen.last) == ["consent_refused"]
    assert store.count_dossiers(include_drafts=True) == before


def test_status_lookup_reads_the_status(citizen: FilingCitizen, assistant_servers: Any) -> None:
    run = file_dossier(assistant_servers.webhook, "1.000894", steps("1.000894"))
    citizen.say(f"tra cứu hồ sơ {speak_receipt_code(run.receipt_code.replace('-', ''))}")
    assert citizen.last[-1]["text"] == describe_status(DossierStatus.SUBMITTED)
    citizen.say("tra cứu hồ sơ xê hai hát chín en bốn ét ét")
    assert kinds(citizen.last)[0] in ("code_unclear", "code_unknown")


def personal_values(code: str) -> set[str]:
    """What the citizen typed that identifies a person: names, ID numbers, phones, streets."""
    spec = get_spec(code)
    personal = {FieldType.FULL_NAME, FieldType.CCCD, FieldType.PHONE, FieldType.ADDRESS}
    return {text for name, text in steps(code) if spec.field(name).type in personal}


def test_logs_hold_no_personal_data(assistant_servers: Any) -> None:
    for code in TWO:
        file_dossier(assistant_servers.webhook, code, steps(code))
    logs = sorted(assistant_servers.log_dir.glob("*.log"))
    assert logs
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in logs)
    for code in TWO:
        values = personal_values(code)
        assert len(values) >= 5
        for value in values:
            assert value not in text, value


def test_mid_form_commands_go_to_the_engine(citizen: FilingCitizen, store: DossierStore) -> None:
    """ "sửa tên mẹ" jumps back and returns, "quay lại" reopens the answer given last (kept with
    "đúng"), "làm lại từ đầu" drops every answer; the dossier is still exactly the script's."""
    code = "1.001193"
    today = steps(code)
    citizen.start(code)
    citizen.say("đồng ý")
    for step in today[:7]:
        citizen.answer(*step)
    citizen.say("sửa tên mẹ")
    assert citizen.asked_field() == "mother_full_name"
    citizen.answer("mother_full_name", "Trần Thị Bích")
    assert citizen.asked_field() == today[7][0]
    citizen.say("quay lại")  # the answer given last: the corrected name
    assert citizen.asked_field() == "mother_full_name"
    citizen.say("đúng")
    assert citizen.asked_field() == today[7][0]
    citizen.say("làm lại từ đầu")
    assert citizen.asked_field() == today[0][0]
    for step in today:
        citizen.answer(*step)
    record = store.get(citizen.confirm())
    assert record is not None and dict(record.data) == expected(code)


def test_asking_for_staff_mid_form_keeps_a_draft_and_hands_off(
    citizen: FilingCitizen, store: DossierStore
) -> None:
    code = "1.000894"
    citizen.start(code)
    citizen.say("đồng ý")
    for step in steps(code)[:2]:
        citizen.answer(*step)
    citizen.say("cho tôi gặp cán bộ")
    assert kinds(citizen.last)[-1] == "handoff" and citizen.last[-1]["custom"]["handoff"] is True
    saved = [m["custom"] for m in citizen.last if m["custom"]["kind"] == "draft_saved"]
    assert saved and saved[0]["saved"] is True
    draft = store.resume(saved[0]["resume_code"])
    assert draft is not None and draft.procedure_code == code


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("2.000635", "nộp hồ sơ xin cấp bản sao trích lục khai sinh"),
        ("2.000635", "tôi muốn xin cấp bản sao giấy khai sinh"),
        ("1.001193", "đăng ký khai sinh cho con tôi luôn"),
    ],
)
def test_asking_to_file_in_other_words_starts_the_form(
    code: str, phrase: str, citizen: FilingCitizen
) -> None:
    """ "Nộp hồ sơ xin cấp …" is a request to file, not a question about the papers."""
    citizen.start(code, phrase)
    assert citizen.last_payload["kind"] == "consent" and citizen.last_payload["procedure_code"] == code


def test_starting_to_file_asks_for_consent_once(citizen: FilingCitizen) -> None:
    """The request that starts the form is not taken as an answer to the consent question."""
    citizen.say("tôi muốn đăng ký khai sinh cho con")
    assert kinds(citizen.last) == ["form_question", "consent"]
    assert citizen.last[-1]["text"].endswith("Bạn có đồng ý không?")
