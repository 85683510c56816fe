"""The staff offer after repeated failed answers is a yes/no question, and a bare yes or no answers it.

After three failed attempts the engine asks "Bạn có muốn gặp cán bộ không?": a blind caller says
"có", not the command "gặp cán bộ". The action turns that "có" into the hand-off (the answers so far
kept as a draft, as "gặp cán bộ" would), "không" into the same question again, and anything else
into another try at the answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import SlotSet

import actions.filing as filing
from actions.filing import ValidateDossierForm
from civic.dossiers.location import environment_store
from civic.dossiers.resume_codes import speak_resume_code
from civic.dossiers.store import DossierStore
from civic.forms import engine, wording
from civic.forms.draft import DossierDraft
from tests.test_filing_actions import CONSENT_AT, KET_HON, form_turn, kinds, run


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DossierStore]:
    monkeypatch.setenv("ASSISTANT_DOSSIER_URL", f"sqlite:///{tmp_path / 'dossiers.db'}")
    monkeypatch.setattr(filing, "_now", lambda: CONSENT_AT)
    yield environment_store()


def offered() -> DossierDraft:
    """Kết hôn after consent: three unusable names, so the staff offer was just made."""
    draft = engine.handle(engine.start(KET_HON).draft, "đồng ý").draft
    for _ in range(engine.HANDOFF_AFTER):
        outcome = engine.handle(draft, "12345")
        draft = outcome.draft
    assert outcome.offer_handoff and outcome.messages[-1] == wording.HANDOFF_OFFER
    return draft


def turn(text: str, intent: str, draft: DossierDraft, offer_open: bool = True) -> Any:
    return form_turn(text, intent, draft, dossier_consent_at=CONSENT_AT, handoff_offered=offer_open)


def test_the_offer_is_a_yes_no_question() -> None:
    assert wording.HANDOFF_OFFER.startswith("Bạn có muốn gặp cán bộ không?")


async def test_a_third_failure_opens_the_offer_in_a_slot() -> None:
    draft = engine.handle(engine.start(KET_HON).draft, "đồng ý").draft
    for _ in range(engine.HANDOFF_AFTER - 1):
        draft = engine.handle(draft, "12345").draft
    messages, events = await run(ValidateDossierForm(), turn("12345", "choose_option", draft, False))
    assert kinds(messages)[-1] == "handoff_offer" and messages[-1]["custom"]["handoff_offered"] is True
    assert SlotSet("handoff_offered", True) in events


async def test_yes_hands_off_and_keeps_the_answers_as_a_draft(store: DossierStore) -> None:
    draft = engine.handle(engine.start(KET_HON).draft, "đồng ý").draft
    draft = engine.handle(engine.handle(draft, "Nguyễn Văn An").draft, "đúng").draft
    for _ in range(engine.HANDOFF_AFTER):  # the birth date then fails three times
        draft = engine.handle(draft, "ngày 31 tháng 2 năm 1990").draft
    assert draft.answers == {"groom_full_name": "Nguyễn Văn An"} and draft.current == "groom_birth_date"
    messages, events = await run(ValidateDossierForm(), turn("có", "affirm", draft))
    assert kinds(messages) == ["draft_saved", "draft_saved", "handoff"]
    assert messages[-1]["custom"]["handoff"] is True
    code = messages[0]["custom"]["resume_code"]
    assert speak_resume_code(code) in messages[0]["text"]
    kept = store.resume(code)
    assert kept is not None and kept.procedure_code == KET_HON
    assert kept.data["draft"]["answers"] == draft.answers  # type: ignore[index,call-overload]
    assert SlotSet("dossier_draft", None) in events and SlotSet("handoff_offered", False) in events
    assert SlotSet("requested_slot", None) in events  # the form ends; nothing is submitted


async def test_no_asks_the_same_question_again_without_counting_a_failure() -> None:
    draft = offered()
    messages, events = await run(ValidateDossierForm(), turn("không", "deny", draft))
    assert messages[0]["text"] == wording.HANDOFF_DECLINED
    question = engine.next_question(draft)
    assert question is not None and messages[-1]["text"] == question.text
    assert messages[-1]["custom"]["field"] == draft.current
    assert SlotSet("handoff_offered", False) in events
    kept = DossierDraft.from_json(next(e["value"] for e in events if e.get("name") == "dossier_draft"))
    assert kept.attempts == draft.attempts and kept.current == draft.current


async def test_a_real_answer_after_the_offer_is_taken_and_closes_the_offer() -> None:
    draft = offered()
    messages, events = await run(ValidateDossierForm(), turn("Nguyễn Văn An", "ask_procedure", draft))
    assert kinds(messages) == ["read_back"] and "Nguyễn Văn An" in messages[0]["text"]
    assert SlotSet("handoff_offered", False) in events


async def test_yes_without_an_open_offer_is_an_answer() -> None:
    draft = offered()
    messages, _ = await run(ValidateDossierForm(), turn("có", "affirm", draft, offer_open=False))
    assert "handoff" not in kinds(messages)


@pytest.mark.slow
def test_yes_to_the_offer_through_the_running_assistant(assistant_servers: Any) -> None:
    """Three unusable names, the spoken offer, "có": the citizen is handed off, the draft kept, the
    form over (the next message is an ordinary question again)."""
    from assistant.bench.filing_citizen import FilingCitizen

    citizen = FilingCitizen(assistant_servers.webhook)
    citizen.start(KET_HON)
    citizen.say("đồng ý")
    for _ in range(engine.HANDOFF_AFTER):
        citizen.say("12345")
    assert citizen.last_payload["kind"] == "handoff_offer" and citizen.last[-1]["text"].endswith(
        wording.HANDOFF_OFFER
    )
    citizen.say("có")
    assert [m["custom"]["kind"] for m in citizen.last] == ["draft_saved", "draft_saved", "handoff"]
    assert citizen.last[-1]["custom"]["handoff"] is True
    citizen.say("làm giấy khai sinh cần giấy tờ gì")
    assert citizen.last_payload["kind"] == "answer"
