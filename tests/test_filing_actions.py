"""Filing actions on fixture trackers: the form validation turn, submission, stop/resume, status.

The dossier store is a real SQLite file per test (``ASSISTANT_DOSSIER_URL``), read back through
``civic.dossiers`` to check exactly what was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.filing as filing
from actions.filing import (
    ActionCheckDossierStatus,
    ActionResumeFiling,
    ActionSaveDraft,
    ActionStartFiling,
    ActionSubmitDossier,
    ValidateDossierForm,
)
from civic.dossiers.location import dossier_store_url, environment_store
from civic.dossiers.receipt_codes import ALPHABET, format_receipt_code, speak_receipt_code
from civic.dossiers.resume_codes import speak_resume_code
from civic.dossiers.status import DossierStatus, describe_status
from civic.dossiers.store import DossierStore
from civic.forms import engine
from civic.forms.draft import DossierDraft, Phase
from civic.forms.scripts import SCRIPTS, play

KHAI_SINH = "1.001193"
KET_HON = "1.000894"
CONSENT_AT = "2026-11-22T08:00:00+00:00"
DOMAIN: dict[str, Any] = {
    "forms": {"dossier_form": {"required_slots": ["dossier_answer"]}},
    "slots": {"dossier_answer": {"type": "text", "mappings": [{"type": "from_text"}]}},
}


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DossierStore]:
    monkeypatch.setenv("ASSISTANT_DOSSIER_URL", f"sqlite:///{tmp_path / 'dossiers.db'}")
    monkeypatch.setattr(filing, "_now", lambda: CONSENT_AT)
    yield environment_store()


def tracker(
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    sender: str = "citizen",
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    return Tracker(
        sender_id=sender,
        slots={"speech_rate": 1.0, "handoff_offered": False, "fallback_count": 0.0, **(slots or {})},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": "dossier_form"},
        latest_action_name="action_listen",
    )


def form_turn(text: str, intent: str, draft: DossierDraft, filled: bool = True, **slots: Any) -> Tracker:
    """The tracker the form's validation sees: the answer just extracted by the from_text mapping
    (``filled``), or skipped because the classifier called it an interruption."""
    events: list[dict[str, Any]] = [{"event": "action", "name": "dossier_form"}]
    if filled:
        events.append({"event": "slot", "name": "dossier_answer", "value": text})
    values = {
        "dossier_draft": draft.to_json(),
        "requested_slot": "dossier_answer",
        "dossier_answer": text if filled else None,
        "dossier_key": "k" * 64,
        **slots,
    }
    return tracker(text, intent, values, events)


async def run(action: Any, state: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, DOMAIN)
    return dispatcher.messages, events


def kinds(messages: list[dict[str, Any]]) -> list[str]:
    return [m["custom"]["kind"] for m in messages]


def completed(code: str) -> DossierDraft:
    """A draft confirmed by the citizen after the scripted answers of ``code``."""
    draft, _ = play(code, SCRIPTS[code].steps)
    assert draft.phase is Phase.REVIEW
    confirmed = engine.handle(draft, "đúng").draft
    assert confirmed.phase is Phase.CONFIRMED
    return confirmed


# --- the store location ------------------------------------------------------------------------------


def test_store_url_from_the_environment(tmp_path: Path) -> None:
    assert dossier_store_url({"ASSISTANT_DOSSIER_URL": "postgresql://x/y"}) == "postgresql://x/y"
    url = dossier_store_url({"ASSISTANT_DATA_DIR": str(tmp_path / "d")})
    assert url == f"sqlite:///{tmp_path / 'd' / 'dossiers.db'}"


# --- starting -------------------------------------------------------------------------------------------


@pytest.mark.slow  # the first search builds the index (~5 s)
async def test_start_filing_names_the_procedure_and_starts_the_form() -> None:
    messages, events = await run(
        ActionStartFiling(), tracker("tôi muốn đăng ký khai sinh cho con", "start_filing")
    )
    assert events[-1] == FollowupAction("dossier_form")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["procedure_code"] == KHAI_SINH
    assert DossierDraft.from_json(slots["dossier_draft"]).to_dict() == engine.start(KHAI_SINH).draft.to_dict()
    assert len(slots["dossier_key"]) == 64 and slots["dossier_consent_at"] is None
    assert "khai sinh" in messages[0]["text"] and messages[0]["custom"]["procedure_code"] == KHAI_SINH


@pytest.mark.slow
async def test_a_procedure_without_a_form_is_not_filed_and_staff_is_offered() -> None:
    messages, events = await run(
        ActionStartFiling(), tracker("nộp hồ sơ cấp hộ chiếu phổ thông", "start_filing")
    )
    assert not any(e["event"] == "followup" for e in events)
    assert kinds(messages) == ["not_fileable", "handoff_offer"]
    assert SlotSet("handoff_offered", True) in events


# --- the form validation turn ---------------------------------------------------------------------------


async def test_consent_turn_keeps_the_new_draft_and_the_consent_time() -> None:
    start = engine.start(KHAI_SINH).draft
    messages, events = await run(ValidateDossierForm(), form_turn("đồng ý", "affirm", start))
    expected = engine.handle(start, "đồng ý")
    assert events == [
        SlotSet("dossier_answer", None),
        SlotSet("dossier_draft", expected.draft.to_json()),
        SlotSet("dossier_consent_at", CONSENT_AT),
    ]
    assert [m["text"] for m in messages] == list(expected.messages)
    assert messages[-1]["custom"]["field"] == "child_full_name"
    assert messages[-1]["custom"]["remaining"] == expected.question.remaining  # type: ignore[union-attr]
    assert set(kinds(messages)) == {"form_question"}


async def test_an_answer_is_read_back_and_an_invalid_one_explained() -> None:
    asking = engine.handle(engine.start(KHAI_SINH).draft, "đồng ý").draft
    messages, events = await run(
        ValidateDossierForm(),
        form_turn("Nguyễn Minh An", "ask_procedure", asking, dossier_consent_at=CONSENT_AT),
    )
    assert kinds(messages) == ["read_back"]
    assert "Nguyễn Minh An" in messages[0]["text"]
    assert events[0] == SlotSet("dossier_answer", None)
    bad = await run(
        ValidateDossierForm(), form_turn("12345", "choose_option", asking, dossier_consent_at=CONSENT_AT)
    )
    assert kinds(bad[0])[0] == "invalid_answer" and bad[0][0]["custom"]["field"] == "child_full_name"
    assert DossierDraft.from_json(bad[1][1]["value"]).attempts == {"child_full_name": 1}


async def test_a_name_mistaken_for_a_question_is_taken_as_the_answer() -> None:
    asking = engine.handle(engine.start(KHAI_SINH).draft, "đồng ý").draft
    messages, events = await run(
        ValidateDossierForm(),
        form_turn("Nguyễn Văn Cường", "ask_legal_basis", asking, filled=False, dossier_consent_at=CONSENT_AT),
    )
    assert kinds(messages) == ["read_back"]
    assert DossierDraft.from_json(events[-1]["value"]).pending == {"value": "Nguyễn Văn Cường"}


async def test_a_real_question_is_left_to_the_interruption_rules() -> None:
    asking = engine.handle(engine.start(KHAI_SINH).draft, "đồng ý").draft
    messages, events = await run(
        ValidateDossierForm(), form_turn("lệ phí bao nhiêu?", "ask_fee", asking, filled=False)
    )
    assert messages == [] and events == []


async def test_the_final_yes_ends_the_form() -> None:
    review = completed(KET_HON)
    review.phase = Phase.REVIEW
    messages, events = await run(
        ValidateDossierForm(), form_turn("đúng", "affirm", review, dossier_consent_at=CONSENT_AT)
    )
    assert messages == []  # thanked with the receipt, once the dossier is really stored
    assert events == [
        SlotSet("dossier_answer", None),
        SlotSet("dossier_draft", engine.handle(review, "đúng").draft.to_json()),
        SlotSet("requested_slot", None),
    ]


async def test_refused_consent_ends_the_form_with_nothing_stored(store: DossierStore) -> None:
    start = engine.start(KHAI_SINH).draft
    messages, events = await run(ValidateDossierForm(), form_turn("không đồng ý", "deny", start))
    assert kinds(messages) == ["consent_refused"]
    assert SlotSet("requested_slot", None) in events
    refused = DossierDraft.from_json(events[1]["value"])
    after = tracker("không đồng ý", "deny", {"dossier_draft": refused.to_json(), "dossier_key": "k" * 64})
    messages, _ = await run(ActionSubmitDossier(), after)
    assert messages == [] and store.count_dossiers(include_drafts=True) == 0


# --- submission -----------------------------------------------------------------------------------------


async def test_submission_stores_the_exact_dossier_once_and_reads_the_receipt(store: DossierStore) -> None:
    draft = completed(KHAI_SINH)
    slots = {"dossier_draft": draft.to_json(), "dossier_key": "a" * 64, "dossier_consent_at": CONSENT_AT}
    messages, events = await run(ActionSubmitDossier(), tracker("đúng", "affirm", slots))
    (record,) = store.list_dossiers()
    assert record.data == SCRIPTS[KHAI_SINH].expected
    assert record.status is DossierStatus.SUBMITTED and record.consent_given_at.isoformat().startswith(
        "2026-11-22"
    )
    code = record.receipt_code
    assert code is not None
    assert messages[0]["custom"] == {
        "kind": "submitted",
        "procedure_code": KHAI_SINH,
        "receipt_code": format_receipt_code(code),
        "duplicate": False,
    }
    assert speak_receipt_code(code) in messages[0]["text"]
    assert SlotSet("dossier_receipt", code) in events
    closing = " ".join(m["text"] for m in messages[1:])
    assert set(kinds(messages[1:])) == {"closing"} and "lệ phí" in closing.lower()
    again, _ = await run(ActionSubmitDossier(), tracker("đúng", "affirm", slots))
    assert again[0]["custom"]["receipt_code"] == format_receipt_code(code) and again[0]["custom"]["duplicate"]
    assert store.count_dossiers() == 1


# --- stop, resume, status -------------------------------------------------------------------------------


async def test_stop_saves_a_draft_and_its_code_resumes_it(store: DossierStore) -> None:
    draft = engine.handle(engine.handle(engine.start(KET_HON).draft, "đồng ý").draft, "Trần Văn Tú").draft
    slots = {"dossier_draft": draft.to_json(), "dossier_key": "b" * 64, "dossier_consent_at": CONSENT_AT}
    messages, events = await run(ActionSaveDraft(), tracker("dừng lại", "cancel", slots))
    (saved,) = store.list_dossiers(include_drafts=True)
    assert saved.status is DossierStatus.DRAFT and saved.resume_code
    assert speak_resume_code(saved.resume_code) in messages[0]["text"]
    assert SlotSet("dossier_draft", None) in events
    said = f"tiếp tục hồ sơ {speak_resume_code(saved.resume_code)}"
    messages, events = await run(ActionResumeFiling(), tracker(said, "resume_filing", sender="other"))
    assert events[-1] == FollowupAction("dossier_form")
    slots_after = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert DossierDraft.from_json(slots_after["dossier_draft"]).to_dict() == draft.to_dict()
    assert slots_after["dossier_key"] == "b" * 64


async def test_stop_before_consent_keeps_nothing(store: DossierStore) -> None:
    slots = {"dossier_draft": engine.start(KET_HON).draft.to_json(), "dossier_key": "c" * 64}
    messages, _ = await run(ActionSaveDraft(), tracker("dừng lại", "cancel", slots))
    assert kinds(messages) == ["draft_saved"] and messages[0]["custom"]["saved"] is False
    assert store.count_dossiers(include_drafts=True) == 0


async def test_status_lookup_reads_the_status_and_asks_again_for_a_misheard_code(store: DossierStore) -> None:
    draft = completed(KET_HON)
    slots = {"dossier_draft": draft.to_json(), "dossier_key": "d" * 64, "dossier_consent_at": CONSENT_AT}
    await run(ActionSubmitDossier(), tracker("đúng", "affirm", slots))
    (record,) = store.list_dossiers()
    code = record.receipt_code
    assert code is not None
    messages, _ = await run(
        ActionCheckDossierStatus(),
        tracker(f"tra cứu hồ sơ {speak_receipt_code(code)}", "check_dossier_status"),
    )
    assert messages[-1]["text"] == describe_status(DossierStatus.SUBMITTED)
    assert messages[-1]["custom"]["status"] == "submitted"
    wrong = code[:-1] + next(s for s in ALPHABET if s != code[-1])
    misheard, _ = await run(
        ActionCheckDossierStatus(), tracker(f"tra cứu hồ sơ {wrong}", "check_dossier_status")
    )
    assert kinds(misheard) == ["code_unclear"]
    other = "2" * 7
    unknown = other + next(s for s in ALPHABET if _valid(other + s))
    missing, _ = await run(
        ActionCheckDossierStatus(), tracker(f"tra cứu hồ sơ {unknown}", "check_dossier_status")
    )
    assert kinds(missing)[0] == "code_unknown"


def _valid(code: str) -> bool:
    from civic.dossiers.receipt_codes import is_valid_receipt_code

    return is_valid_receipt_code(code)


@pytest.mark.slow
async def test_an_unsure_match_is_confirmed_then_filed() -> None:
    from actions.conversation import ActionYesNo

    messages, events = await run(ActionStartFiling(), tracker("khai tử cho ba tôi", "start_filing"))
    assert kinds(messages) == ["confirm", "confirm"]
    assert messages[0]["custom"]["options"][0]["procedure_code"] == "1.000656"
    assert SlotSet("filing_requested", True) in events
    slots = {"offered_options": ["1.000656"], "filing_requested": True}
    messages, events = await run(ActionYesNo(), tracker("đúng rồi", "affirm", slots))
    assert events[-1] == FollowupAction("dossier_form")
    assert SlotSet("procedure_code", "1.000656") in events


async def test_the_question_is_asked_again_only_when_nothing_asked_it_this_turn() -> None:
    from actions.filing import ActionAskDossierAnswer

    asking = engine.handle(engine.start(KHAI_SINH).draft, "đồng ý").draft
    slots = {"dossier_draft": asking.to_json()}
    form: dict[str, Any] = {"event": "action", "name": "dossier_form"}
    bot: dict[str, Any] = {"event": "bot", "text": "…", "data": {"custom": {"kind": "answer"}}}
    after_fee: list[dict[str, Any]] = [
        {"event": "user"},
        {"event": "action", "name": "action_answer_aspect"},
        bot,
        form,
    ]
    messages, events = await run(ActionAskDossierAnswer(), tracker("lệ phí?", "ask_fee", slots, after_fee))
    assert events == [] and [m["text"] for m in messages] == [engine.next_question(asking).text]  # type: ignore[union-attr]
    assert messages[0]["custom"]["field"] == "child_full_name" and messages[0]["custom"]["repeated"] is True
    after_answer: list[dict[str, Any]] = [{"event": "user"}, form, bot]
    assert await run(ActionAskDossierAnswer(), tracker("An", "nlu_fallback", slots, after_answer)) == ([], [])
    after_repeat: list[dict[str, Any]] = [
        {"event": "user"},
        {"event": "action", "name": "action_repeat"},
        bot,
        form,
    ]
    assert await run(ActionAskDossierAnswer(), tracker("nhắc lại", "repeat", slots, after_repeat)) == ([], [])
