"""Actions that keep a voice conversation usable: repeat, speed, yes/no, cancel, hand-off.

A blind caller cannot scroll back, so "nhắc lại" re-sends the previous turn word for word; a slower
voice repeats it at the new pace; any dead end offers a person instead.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.filing import FILING_SLOT, file_or_refuse, resubmit_if_just_submitted
from actions.replies import (
    FALLBACK_SLOT,
    HANDOFF_SLOT,
    HANDOFF_TEXT,
    NOT_FOUND_TEXT,
    OPTIONS_SLOT,
    PARTS_SLOT,
    PENDING_ASPECT_SLOT,
    PROCEDURE_SLOT,
    SPEECH_RATE_SLOT,
    Reply,
    ReplyKind,
    deliver_answer,
    latest_intent,
    offer_handoff,
    previous_bot_turn,
)
from civic.catalog.answers import Aspect, answer
from civic.catalog.store import default_catalog

RATE_STEP = 0.2
MIN_RATE = 0.6
MAX_RATE = 1.6


def _repeat_previous(reply: Reply, tracker: Tracker) -> bool:
    """Queue the previous turn's messages again (speed confirmations excluded)."""
    repeated = False
    for event in previous_bot_turn(tracker):
        data = event.get("data") or {}
        custom = dict(data.get("custom") or {})
        if custom.get("kind") == ReplyKind.SPEED or not event.get("text"):
            continue
        custom["repeated"] = True
        kind = str(custom.pop("kind", ReplyKind.INFO))
        reply.say(str(event["text"]), kind, **custom)
        repeated = True
    return repeated


class ActionRepeat(Action):
    def name(self) -> str:
        return "action_repeat"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        if not _repeat_previous(reply, tracker):
            reply.say("Tôi chưa nói gì để nhắc lại. Bạn cần làm thủ tục gì?", ReplyKind.INFO)
        return reply.send(dispatcher)


class ActionChangeSpeed(Action):
    """Slower or faster for the rest of the session; the new rate travels in the payload."""

    def name(self) -> str:
        return "action_change_speed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        current = float(tracker.get_slot(SPEECH_RATE_SLOT) or 1.0)
        slower = latest_intent(tracker) == "speak_slower"
        rate = round(max(MIN_RATE, current - RATE_STEP) if slower else min(MAX_RATE, current + RATE_STEP), 2)
        if rate == current:
            text = "Đây là tốc độ chậm nhất rồi." if slower else "Đây là tốc độ nhanh nhất rồi."
        else:
            text = "Vâng, tôi sẽ nói chậm hơn." if slower else "Vâng, tôi sẽ nói nhanh hơn."
        reply.say(text, ReplyKind.SPEED, speech_rate=rate)
        reply.set(SPEECH_RATE_SLOT, rate)
        _repeat_previous(reply, tracker)
        for _, payload in reply.messages[1:]:
            payload["speech_rate"] = rate
        return reply.send(dispatcher)


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        reply.say(
            HANDOFF_TEXT, ReplyKind.HANDOFF, handoff=True, procedure_code=tracker.get_slot(PROCEDURE_SLOT)
        )
        reply.set(HANDOFF_SLOT, False)
        reply.set(FALLBACK_SLOT, 0.0)
        return reply.send(dispatcher)


class ActionYesNo(Action):
    """ "Có"/"không" mean different things after a hand-off offer, a list, or an answer."""

    def name(self) -> str:
        return "action_yes_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        yes = latest_intent(tracker) == "affirm"
        code = tracker.get_slot(PROCEDURE_SLOT)
        said_before = {
            str((e.get("data") or {}).get("custom", {}).get("kind")) for e in previous_bot_turn(tracker)
        }
        if yes and resubmit_if_just_submitted(reply, tracker, said_before):
            pass
        elif tracker.get_slot(HANDOFF_SLOT):
            if yes:
                reply.say(HANDOFF_TEXT, ReplyKind.HANDOFF, handoff=True, procedure_code=code)
            else:
                reply.say("Vâng. Bạn cần hỏi thủ tục gì?", ReplyKind.ASK_PROCEDURE)
            reply.set(HANDOFF_SLOT, False)
            reply.set(FALLBACK_SLOT, 0.0)
        elif options := tracker.get_slot(OPTIONS_SLOT):
            self._answer_offer(reply, tracker, options, yes)
        elif yes and tracker.get_slot(PARTS_SLOT):
            parts: list[str] = tracker.get_slot(PARTS_SLOT)
            reply.say(parts[0], ReplyKind.ANSWER, procedure_code=code, has_more=len(parts) > 1)
            reply.set(PARTS_SLOT, parts[1:] or None)
        elif yes and code:
            reply.say(
                "Bạn muốn hỏi giấy tờ, lệ phí, thời gian hay nơi nộp?", ReplyKind.INFO, procedure_code=code
            )
        else:
            reply.say("Vâng. Bạn cần hỏi gì thêm không?", ReplyKind.INFO, procedure_code=code)
        return reply.send(dispatcher)

    @staticmethod
    def _answer_offer(reply: Reply, tracker: Tracker, options: list[str], yes: bool) -> None:
        """ "Đúng" to "có phải thủ tục X?" answers about X; "không" to any offer asks again."""
        if not yes:
            reply.set(OPTIONS_SLOT, None)
            offer_handoff(reply, NOT_FOUND_TEXT, ReplyKind.NOT_FOUND)
            return
        procedure = default_catalog().get(options[0]) if len(options) == 1 else None
        if procedure is None:
            reply.say("Bạn chọn số mấy? Ví dụ: số một.", ReplyKind.OPTIONS)
            return
        if tracker.get_slot(FILING_SLOT):
            reply.set(OPTIONS_SLOT, None)
            file_or_refuse(reply, tracker, procedure)
            return
        pending = tracker.get_slot(PENDING_ASPECT_SLOT)
        aspect = Aspect(pending) if pending else Aspect.SUMMARY
        deliver_answer(reply, procedure, aspect, answer(procedure, aspect))


class ActionCancel(Action):
    def name(self) -> str:
        return "action_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        reply.say("Vâng, đã dừng. Bạn cần hỏi thủ tục gì khác không?", ReplyKind.INFO)
        for slot in (PROCEDURE_SLOT, OPTIONS_SLOT, PENDING_ASPECT_SLOT, PARTS_SLOT):
            reply.set(slot, None)
        reply.set(HANDOFF_SLOT, False)
        return reply.send(dispatcher)
