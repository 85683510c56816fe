"""Actions that find procedures and answer questions about them.

Context lives in slots (current procedure, options offered, pending question, remaining parts), so
each action decides from the latest message and those slots alone; the rules stay one turn long.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.filing import FILING_SLOT, file_or_refuse
from actions.replies import (
    FALLBACK_SLOT,
    HANDOFF_SLOT,
    NOT_FOUND_TEXT,
    OPTIONS_SLOT,
    PARTS_SLOT,
    PENDING_ASPECT_SLOT,
    PROCEDURE_SLOT,
    Reply,
    ReplyKind,
    ask_to_confirm,
    deliver_answer,
    latest_intent,
    latest_text,
    offer_handoff,
    offer_options,
)
from civic.catalog.answers import CONTINUE_HINT, Aspect, answer
from civic.catalog.models import Procedure
from civic.catalog.search import MatchKind, default_search
from civic.catalog.store import default_catalog
from civic.text.understand import parse_ordinal_choice

ASPECT_BY_INTENT = {
    "ask_documents": Aspect.DOCUMENTS,
    "ask_fee": Aspect.FEE,
    "ask_processing_time": Aspect.PROCESSING_TIME,
    "ask_where_to_submit": Aspect.WHERE_TO_SUBMIT,
    "ask_legal_basis": Aspect.LEGAL_BASIS,
    "ask_steps": Aspect.STEPS,
}
WHICH_PROCEDURE_TEXT = "Bạn hỏi về thủ tục nào? Ví dụ: đăng ký khai sinh."


def _procedure(code: str | None) -> Procedure | None:
    return default_catalog().get(code) if code else None


def find_and_answer(reply: Reply, text: str, aspect: Aspect, current_code: str | None) -> bool:
    """Answer ``aspect`` for the procedure the text names, or the current one; False if neither exists.

    A text naming no procedure ("thế còn lệ phí?") keeps the current procedure. A text naming several
    close candidates keeps the current one when it is among them, else reads the options. An
    uncertain single match is confirmed first ("có phải …?").
    """
    resolution = default_search().resolve(text)
    current = _procedure(current_code)
    if resolution.kind == MatchKind.SINGLE:
        procedure = resolution.hits[0].procedure
        if resolution.confirm and (current is None or current.code != procedure.code):
            ask_to_confirm(reply, procedure, aspect if aspect != Aspect.SUMMARY else None)
        else:
            deliver_answer(reply, procedure, aspect, answer(procedure, aspect))
        return True
    if resolution.kind == MatchKind.AMBIGUOUS:
        candidates = [hit.procedure for hit in resolution.hits]
        if current is not None and any(p.code == current.code for p in candidates):
            deliver_answer(reply, current, aspect, answer(current, aspect))
        else:
            offer_options(reply, candidates, aspect if aspect != Aspect.SUMMARY else None)
        return True
    if current is not None and aspect != Aspect.SUMMARY:
        deliver_answer(reply, current, aspect, answer(current, aspect))
        return True
    return False


class ActionLookupProcedure(Action):
    """ "Thủ tục làm giấy khai sinh?" → a short summary, or numbered options, or an honest not-found."""

    def name(self) -> str:
        return "action_lookup_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        if not find_and_answer(reply, latest_text(tracker), Aspect.SUMMARY, None):
            offer_handoff(reply, NOT_FOUND_TEXT, ReplyKind.NOT_FOUND)
        return reply.send(dispatcher)


class ActionAnswerAspect(Action):
    """Documents, fee, time, place, legal basis or steps of the named or current procedure."""

    def name(self) -> str:
        return "action_answer_aspect"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        aspect = ASPECT_BY_INTENT.get(latest_intent(tracker), Aspect.SUMMARY)
        if not find_and_answer(reply, latest_text(tracker), aspect, tracker.get_slot(PROCEDURE_SLOT)):
            reply.say(WHICH_PROCEDURE_TEXT, ReplyKind.ASK_PROCEDURE, aspect=aspect.value)
            reply.set(PENDING_ASPECT_SLOT, aspect.value)
        return reply.send(dispatcher)


class ActionChooseOption(Action):
    """ "Số hai" picks the second option read out, then answers the question that was pending."""

    def name(self) -> str:
        return "action_choose_option"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        options: list[str] = tracker.get_slot(OPTIONS_SLOT) or []
        choice = parse_ordinal_choice(latest_text(tracker))
        if not options:
            reply.say("Hiện chưa có danh sách để chọn. Bạn cần hỏi thủ tục gì?", ReplyKind.ASK_PROCEDURE)
            return reply.send(dispatcher)
        if choice == -1:
            choice = len(options)
        if choice is None or not 1 <= choice <= len(options):
            numbers = ", ".join(str(i + 1) for i in range(len(options)))
            reply.say(
                f"Bạn chọn một trong các số: {numbers}. Nói “nhắc lại” để nghe lại danh sách.",
                ReplyKind.OPTIONS,
                options=[{"number": i + 1, "procedure_code": code} for i, code in enumerate(options)],
            )
            return reply.send(dispatcher)
        procedure = _procedure(options[choice - 1])
        if procedure is None:  # the catalog changed under a long-lived conversation
            offer_handoff(reply, NOT_FOUND_TEXT, ReplyKind.NOT_FOUND)
            return reply.send(dispatcher)
        if tracker.get_slot(FILING_SLOT):
            reply.set(OPTIONS_SLOT, None)
            file_or_refuse(reply, tracker, procedure)
            return reply.send(dispatcher)
        pending = tracker.get_slot(PENDING_ASPECT_SLOT)
        aspect = Aspect(pending) if pending else Aspect.SUMMARY
        deliver_answer(reply, procedure, aspect, answer(procedure, aspect))
        return reply.send(dispatcher)


class ActionNextPart(Action):
    """ "Nói tiếp" reads the next part of a long list."""

    def name(self) -> str:
        return "action_next_part"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        parts: list[str] = tracker.get_slot(PARTS_SLOT) or []
        code = tracker.get_slot(PROCEDURE_SLOT)
        if not parts:
            reply.say("Tôi đã đọc hết rồi. Bạn cần hỏi gì thêm?", ReplyKind.INFO, procedure_code=code)
            return reply.send(dispatcher)
        head, rest = parts[0], parts[1:]
        payload = {"procedure_code": code, "has_more": bool(rest)}
        reply.say(head, ReplyKind.ANSWER, **payload)
        if rest:
            reply.say(CONTINUE_HINT, ReplyKind.ANSWER, **payload)
        reply.set(PARTS_SLOT, rest or None)
        return reply.send(dispatcher)


class ActionSmartFallback(Action):
    """Unsure understanding: try the words as a procedure name, else ask again, then offer staff."""

    def name(self) -> str:
        return "action_smart_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reply = Reply()
        if find_and_answer(reply, latest_text(tracker), Aspect.SUMMARY, None):
            return reply.send(dispatcher)
        failures = int(tracker.get_slot(FALLBACK_SLOT) or 0) + 1
        reply.set(FALLBACK_SLOT, float(failures))
        if failures >= 2:
            offer_handoff(reply, "Xin lỗi, tôi vẫn chưa hiểu. Bạn có muốn gặp cán bộ không?")
        else:
            reply.say(
                "Xin lỗi, tôi chưa hiểu. Bạn nói tên thủ tục, ví dụ: làm giấy khai sinh.",
                ReplyKind.NOT_UNDERSTOOD,
            )
            reply.set(HANDOFF_SLOT, False)
        return reply.send(dispatcher)
