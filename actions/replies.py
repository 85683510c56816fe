"""How actions speak: every message goes out with a machine-readable payload.

Channels (screens, the voice loop, tests) read the ``custom`` payload rather than parsing Vietnamese
text: which procedure the answer is about, which aspect, which options were offered, whether more
parts wait behind "nói tiếp", whether the caller should be handed to staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from civic.catalog.answers import CONTINUE_HINT, Answer, Aspect, short_name
from civic.catalog.models import Procedure

PROCEDURE_SLOT = "procedure_code"
OPTIONS_SLOT = "offered_options"
PENDING_ASPECT_SLOT = "pending_aspect"
PARTS_SLOT = "remaining_parts"
SPEECH_RATE_SLOT = "speech_rate"
HANDOFF_SLOT = "handoff_offered"
FALLBACK_SLOT = "fallback_count"

HANDOFF_TEXT = "Tôi chuyển bạn tới cán bộ một cửa. Xin bạn chờ trong giây lát."
NOT_FOUND_TEXT = "Tôi chưa tìm thấy thủ tục bạn nói. Bạn nói lại tên thủ tục, hoặc nói “gặp cán bộ”."


class ReplyKind:
    """Values of the payload's ``kind`` field."""

    ANSWER = "answer"
    OPTIONS = "options"
    CONFIRM = "confirm"
    ASK_PROCEDURE = "ask_procedure"
    NOT_FOUND = "not_found"
    NOT_UNDERSTOOD = "not_understood"
    HANDOFF = "handoff"
    HANDOFF_OFFER = "handoff_offer"
    SPEED = "speed"
    REPEAT = "repeat"
    INFO = "info"


@dataclass
class Reply:
    """Messages and slot events an action produces, sent in one go at the end of ``run``."""

    messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    events: list[EventType] = field(default_factory=list)

    def say(self, text: str, kind: str, **payload: Any) -> None:
        self.messages.append((text, {"kind": kind, **payload}))

    def set(self, slot: str, value: Any) -> None:
        self.events.append(SlotSet(slot, value))

    def send(self, dispatcher: CollectingDispatcher) -> list[EventType]:
        for text, payload in self.messages:
            dispatcher.utter_message(text=text, json_message=payload)
        return self.events


def deliver_answer(reply: Reply, procedure: Procedure, aspect: Aspect, result: Answer) -> None:
    """Say the first part of an answer and keep the rest for "nói tiếp"."""
    payload: dict[str, Any] = {
        "procedure_code": procedure.code,
        "procedure_name": short_name(procedure),
        "aspect": aspect.value,
        "has_more": bool(result.later),
    }
    if result.items:
        payload["items"] = list(result.items)
    for text in result.now:
        reply.say(text, ReplyKind.ANSWER, **payload)
    reply.set(PROCEDURE_SLOT, procedure.code)
    reply.set(OPTIONS_SLOT, None)
    reply.set(PENDING_ASPECT_SLOT, None)
    reply.set(PARTS_SLOT, list(result.later) if result.later else None)
    reply.set(FALLBACK_SLOT, 0.0)
    reply.set(HANDOFF_SLOT, False)


def offer_options(reply: Reply, procedures: list[Procedure], aspect: Aspect | None) -> None:
    """Read at most three numbered options and remember them for "số hai"."""
    options = [
        {"number": i + 1, "procedure_code": p.code, "procedure_name": short_name(p)}
        for i, p in enumerate(procedures[:3])
    ]
    payload: dict[str, Any] = {"options": options, "aspect": aspect.value if aspect else None}
    reply.say(f"Tôi thấy {len(options)} thủ tục gần giống.", ReplyKind.OPTIONS, **payload)
    for option in options:
        reply.say(f"Số {option['number']}: {option['procedure_name']}.", ReplyKind.OPTIONS, **payload)
    reply.say("Bạn chọn số mấy?", ReplyKind.OPTIONS, **payload)
    reply.set(OPTIONS_SLOT, [o["procedure_code"] for o in options])
    reply.set(PENDING_ASPECT_SLOT, aspect.value if aspect else None)
    reply.set(PARTS_SLOT, None)


def ask_to_confirm(reply: Reply, procedure: Procedure, aspect: Aspect | None) -> None:
    """An uncertain match is checked with the citizen instead of answered as if it were sure."""
    option = {"number": 1, "procedure_code": procedure.code, "procedure_name": short_name(procedure)}
    payload = {"options": [option], "aspect": aspect.value if aspect else None}
    reply.say(f"Có phải bạn hỏi thủ tục: {option['procedure_name']}?", ReplyKind.CONFIRM, **payload)
    reply.say("Bạn nói “đúng” hoặc “không”.", ReplyKind.CONFIRM, **payload)
    reply.set(OPTIONS_SLOT, [procedure.code])
    reply.set(PENDING_ASPECT_SLOT, aspect.value if aspect else None)
    reply.set(PARTS_SLOT, None)


def offer_handoff(reply: Reply, text: str, kind: str = ReplyKind.HANDOFF_OFFER) -> None:
    reply.say(text, kind, handoff_offered=True)
    reply.set(HANDOFF_SLOT, True)


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> str:
    intent = tracker.latest_message.get("intent") or {}
    return str(intent.get("name") or "")


def previous_bot_turn(tracker: Tracker) -> list[dict[str, Any]]:
    """The bot messages of the turn before the current user message (what "nhắc lại" repeats)."""
    messages: list[dict[str, Any]] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1:
            messages.append(event)
    return list(reversed(messages))


__all__ = [
    "CONTINUE_HINT",
    "Reply",
    "ReplyKind",
    "ask_to_confirm",
    "deliver_answer",
    "offer_handoff",
    "offer_options",
]
