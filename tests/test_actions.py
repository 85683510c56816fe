"""Custom actions on fixture trackers: exact slot events and what the citizen is told."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    ActionCancel,
    ActionChangeSpeed,
    ActionHandoff,
    ActionRepeat,
    ActionYesNo,
)
from actions.procedures import (
    WHICH_PROCEDURE_TEXT,
    ActionAnswerAspect,
    ActionChooseOption,
    ActionLookupProcedure,
    ActionNextPart,
    ActionSmartFallback,
)
from actions.replies import HANDOFF_TEXT
from civic.catalog.answers import CONTINUE_HINT

THUONG_TRU = "1.004222"
KHAI_SINH = "1.001193"


def tracker(
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    return Tracker(
        sender_id="citizen",
        slots={"speech_rate": 1.0, "handoff_offered": False, "fallback_count": 0.0, **(slots or {})},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action: Any, state: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, {})
    return dispatcher.messages, events


def answered(code: str, parts: list[str] | None = None) -> list[dict[str, Any]]:
    """The slot events of a delivered answer about ``code``."""
    return [
        SlotSet("procedure_code", code),
        SlotSet("offered_options", None),
        SlotSet("pending_aspect", None),
        SlotSet("remaining_parts", parts),
        SlotSet("fallback_count", 0.0),
        SlotSet("handoff_offered", False),
    ]


def said(messages: list[dict[str, Any]]) -> str:
    return " ".join(m["text"] for m in messages)


async def test_lookup_by_colloquial_name_answers_with_a_summary():
    messages, events = await run(
        ActionLookupProcedure(), tracker("thủ tục đăng ký thường trú", "ask_procedure")
    )
    assert events == answered(THUONG_TRU)
    assert "Đăng ký thường trú" in said(messages)
    assert {m["custom"]["aspect"] for m in messages} == {"summary"}


async def test_lookup_without_diacritics_finds_the_same_procedure():
    _, events = await run(ActionLookupProcedure(), tracker("dang ky thuong tru", "ask_procedure"))
    assert events == answered(THUONG_TRU)


async def test_follow_up_fee_keeps_the_current_procedure():
    messages, events = await run(
        ActionAnswerAspect(), tracker("thế còn lệ phí", "ask_fee", {"procedure_code": THUONG_TRU})
    )
    assert events == answered(THUONG_TRU)
    assert "20.000 đồng" in said(messages) and "10.000 đồng" in said(messages)
    assert {m["custom"]["aspect"] for m in messages} == {"fee"}


async def test_aspect_without_any_procedure_asks_which_one_and_remembers_the_question():
    messages, events = await run(ActionAnswerAspect(), tracker("lệ phí bao nhiêu", "ask_fee"))
    assert events == [SlotSet("pending_aspect", "fee")]
    assert messages[0]["text"] == WHICH_PROCEDURE_TEXT
    assert messages[0]["custom"] == {"kind": "ask_procedure", "aspect": "fee"}


async def test_documents_keep_the_rest_for_noi_tiep():
    messages, events = await run(
        ActionAnswerAspect(), tracker("cần giấy tờ gì", "ask_documents", {"procedure_code": THUONG_TRU})
    )
    remaining = next(e["value"] for e in events if e["name"] == "remaining_parts")
    assert remaining, "thường trú has many documents: the rest must wait"
    assert events == answered(THUONG_TRU, remaining)
    assert messages[-1]["text"] == CONTINUE_HINT
    assert messages[-1]["custom"]["has_more"] is True


async def test_ambiguous_name_reads_numbered_options():
    messages, events = await run(ActionLookupProcedure(), tracker("giấy phép lái xe", "ask_procedure"))
    options = messages[0]["custom"]["options"]
    assert 2 <= len(options) <= 3
    assert events == [
        SlotSet("offered_options", [o["procedure_code"] for o in options]),
        SlotSet("pending_aspect", None),
        SlotSet("remaining_parts", None),
    ]
    assert [m["text"] for m in messages[1:-1]] == [
        f"Số {o['number']}: {o['procedure_name']}." for o in options
    ]
    assert messages[-1]["text"] == "Bạn chọn số mấy?"


async def test_choosing_a_number_answers_the_pending_question_for_that_option():
    slots = {"offered_options": [KHAI_SINH, THUONG_TRU], "pending_aspect": "fee"}
    messages, events = await run(ActionChooseOption(), tracker("số hai", "choose_option", slots))
    assert events == answered(THUONG_TRU)
    assert {m["custom"]["aspect"] for m in messages} == {"fee"}


async def test_choosing_the_last_option():
    slots = {"offered_options": [KHAI_SINH, THUONG_TRU]}
    _, events = await run(ActionChooseOption(), tracker("cái cuối cùng", "choose_option", slots))
    assert events == answered(THUONG_TRU)


async def test_choosing_a_number_out_of_range_explains_the_choices():
    slots = {"offered_options": [KHAI_SINH, THUONG_TRU]}
    messages, events = await run(ActionChooseOption(), tracker("số năm", "choose_option", slots))
    assert events == []
    assert "1, 2" in messages[0]["text"]


async def test_choosing_without_options_asks_for_a_procedure():
    messages, events = await run(ActionChooseOption(), tracker("số một", "choose_option"))
    assert events == []
    assert messages[0]["custom"]["kind"] == "ask_procedure"


async def test_next_part_reads_one_part_and_keeps_the_rest():
    slots = {"remaining_parts": ["Thứ ba: A.", "Thứ tư: B."], "procedure_code": THUONG_TRU}
    messages, events = await run(ActionNextPart(), tracker("nói tiếp", "next_item", slots))
    assert [m["text"] for m in messages] == ["Thứ ba: A.", CONTINUE_HINT]
    assert events == [SlotSet("remaining_parts", ["Thứ tư: B."])]
    slots["remaining_parts"] = ["Thứ tư: B."]
    messages, events = await run(ActionNextPart(), tracker("tiếp đi", "next_item", slots))
    assert [m["text"] for m in messages] == ["Thứ tư: B."]
    assert events == [SlotSet("remaining_parts", None)]


async def test_next_part_when_nothing_is_left():
    messages, events = await run(ActionNextPart(), tracker("còn gì nữa", "next_item"))
    assert events == [] and "hết" in messages[0]["text"]


async def test_fallback_on_a_procedure_name_answers_it():
    _, events = await run(ActionSmartFallback(), tracker("dang ky thuong tru", "nlu_fallback"))
    assert events == answered(THUONG_TRU)


async def test_second_misunderstanding_offers_a_person():
    messages, events = await run(ActionSmartFallback(), tracker("xkcd qwrtp zzzz", "nlu_fallback"))
    assert events == [SlotSet("fallback_count", 1.0), SlotSet("handoff_offered", False)]
    assert messages[0]["custom"]["kind"] == "not_understood"
    messages, events = await run(
        ActionSmartFallback(), tracker("brrr hmmm vvvv", "nlu_fallback", {"fallback_count": 1.0})
    )
    assert events == [SlotSet("fallback_count", 2.0), SlotSet("handoff_offered", True)]
    assert messages[0]["custom"] == {"kind": "handoff_offer", "handoff_offered": True}


async def test_yes_after_a_handoff_offer_hands_off():
    messages, events = await run(ActionYesNo(), tracker("dạ có", "affirm", {"handoff_offered": True}))
    assert messages[0]["text"] == HANDOFF_TEXT
    assert messages[0]["custom"]["handoff"] is True
    assert events == [SlotSet("handoff_offered", False), SlotSet("fallback_count", 0.0)]


async def test_no_after_a_handoff_offer_goes_back_to_questions():
    messages, events = await run(ActionYesNo(), tracker("thôi khỏi", "deny", {"handoff_offered": True}))
    assert "handoff" not in messages[0]["custom"]
    assert events == [SlotSet("handoff_offered", False), SlotSet("fallback_count", 0.0)]


async def test_handoff_on_request():
    messages, events = await run(
        ActionHandoff(), tracker("cho gặp cán bộ", "request_human", {"procedure_code": KHAI_SINH})
    )
    assert messages[0]["custom"] == {"kind": "handoff", "handoff": True, "procedure_code": KHAI_SINH}
    assert events == [SlotSet("handoff_offered", False), SlotSet("fallback_count", 0.0)]


async def test_cancel_forgets_the_context():
    _, events = await run(ActionCancel(), tracker("thôi hủy", "cancel", {"procedure_code": KHAI_SINH}))
    assert events == [
        SlotSet("procedure_code", None),
        SlotSet("offered_options", None),
        SlotSet("pending_aspect", None),
        SlotSet("remaining_parts", None),
        SlotSet("handoff_offered", False),
    ]


PREVIOUS_TURN: list[dict[str, Any]] = [
    {"event": "user", "text": "lệ phí thường trú"},
    {"event": "bot", "text": "Lệ phí: 20.000 đồng.", "data": {"custom": {"kind": "answer", "aspect": "fee"}}},
    {"event": "bot", "text": "Bạn cần gì nữa?", "data": {"custom": {"kind": "info"}}},
    {"event": "user", "text": "nhắc lại"},
]


async def test_repeat_resends_the_previous_turn():
    messages, events = await run(ActionRepeat(), tracker("nhắc lại", "repeat", events=PREVIOUS_TURN))
    assert [m["text"] for m in messages] == ["Lệ phí: 20.000 đồng.", "Bạn cần gì nữa?"]
    assert messages[0]["custom"] == {"kind": "answer", "aspect": "fee", "repeated": True}
    assert events == []


async def test_repeat_with_nothing_said_yet():
    messages, _ = await run(
        ActionRepeat(), tracker("nhắc lại", "repeat", events=[{"event": "user", "text": "x"}])
    )
    assert "chưa nói gì" in messages[0]["text"]


@pytest.mark.parametrize(
    ("intent", "rate", "expected"),
    [
        ("speak_slower", 1.0, 0.8),
        ("speak_faster", 1.0, 1.2),
        ("speak_slower", 0.6, 0.6),
        ("speak_faster", 1.6, 1.6),
    ],
)
async def test_speed_changes_within_bounds_and_repeats_the_answer(intent, rate, expected):
    state = tracker("nói chậm lại", intent, {"speech_rate": rate}, events=PREVIOUS_TURN)
    messages, events = await run(ActionChangeSpeed(), state)
    assert events == [SlotSet("speech_rate", expected)]
    assert {m["custom"]["speech_rate"] for m in messages} == {expected}
    assert [m["text"] for m in messages[1:]] == ["Lệ phí: 20.000 đồng.", "Bạn cần gì nữa?"]
    if rate == expected:
        assert "nhất rồi" in messages[0]["text"]


async def test_uncertain_match_is_confirmed_before_answering():
    messages, events = await run(
        ActionLookupProcedure(), tracker("thủ tục cấp phép nuôi rồng bay", "ask_procedure")
    )
    option = messages[0]["custom"]["options"][0]
    assert messages[0]["custom"]["kind"] == "confirm"
    assert messages[0]["text"].startswith("Có phải bạn hỏi thủ tục:")
    assert events == [
        SlotSet("offered_options", [option["procedure_code"]]),
        SlotSet("pending_aspect", None),
        SlotSet("remaining_parts", None),
    ]


async def test_yes_to_a_confirmation_answers_the_pending_question():
    slots = {"offered_options": [THUONG_TRU], "pending_aspect": "fee"}
    messages, events = await run(ActionYesNo(), tracker("đúng rồi", "affirm", slots))
    assert events == answered(THUONG_TRU)
    assert {m["custom"]["aspect"] for m in messages} == {"fee"}


async def test_no_to_a_confirmation_admits_it_and_offers_a_person():
    slots = {"offered_options": [THUONG_TRU]}
    messages, events = await run(ActionYesNo(), tracker("không phải", "deny", slots))
    assert events == [SlotSet("offered_options", None), SlotSet("handoff_offered", True)]
    assert messages[0]["custom"] == {"kind": "not_found", "handoff_offered": True}
