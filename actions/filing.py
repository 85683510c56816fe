"""Filing a dossier by conversation: start, the generic dossier form, stop, resume, submit, look up.

The form engine (``civic.forms.engine``) decides everything about questions and answers; these
actions carry its draft between turns in the ``dossier_draft`` slot, say its messages with payloads,
and talk to the dossier store. Rules in ``nlu_data/rules/filing.yml`` tie them together: the form's
lifecycle is a handful of one-turn rules, like RasaHQ's financial-demo.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import EngineFormValidation
from actions.replies import (
    HANDOFF_SLOT,
    HANDOFF_TEXT,
    OPTIONS_SLOT,
    PARTS_SLOT,
    PENDING_ASPECT_SLOT,
    PROCEDURE_SLOT,
    Reply,
    ReplyKind,
    ask_to_confirm,
    latest_intent,
    latest_text,
    offer_handoff,
    offer_options,
)
from civic.catalog.answers import short_name
from civic.catalog.models import Procedure
from civic.catalog.search import MatchKind, default_search
from civic.catalog.store import default_catalog
from civic.dossiers.idempotency import idempotency_key, new_draft_token
from civic.dossiers.location import environment_store
from civic.dossiers.receipt_codes import format_receipt_code, read_receipt_code, speak_receipt_code
from civic.dossiers.records import JsonValue, Submission
from civic.dossiers.resume_codes import read_resume_code, speak_resume_code
from civic.dossiers.status import Channel, describe_status
from civic.forms import engine, wording
from civic.forms.closing import closing_parts
from civic.forms.draft import DossierDraft, Phase
from civic.forms.engine import Outcome, OutcomeKind
from civic.forms.interruptions import INTERRUPTING_INTENTS, is_interruption
from civic.forms.loader import get_spec, has_form
from civic.forms.spec import FieldType
from civic.text.understand import parse_yes_no
from civic.validation.sex import SPOKEN_ANSWERS as SEX_ANSWERS

FORM = "dossier_form"
DRAFT_SLOT = "dossier_draft"
ANSWER_SLOT = "dossier_answer"
KEY_SLOT = "dossier_key"
CONSENT_AT_SLOT = "dossier_consent_at"
RECEIPT_SLOT = "dossier_receipt"
FILING_SLOT = "filing_requested"
REQUESTED_SLOT = "requested_slot"
MAX_SPOKEN_WORDS = 30
REPEATING_ACTIONS = frozenset({"action_repeat", "action_change_speed"})


class FilingKind:
    """Payload ``kind`` values of filing messages."""

    CONSENT = "consent"
    FORM_QUESTION = "form_question"
    READ_BACK = "read_back"
    INVALID = "invalid_answer"
    CLARIFY = "clarify"
    SUMMARY = "summary"
    CONFIRMED = "confirmed"
    REFUSED = "consent_refused"
    SUBMITTED = "submitted"
    CLOSING = "closing"
    DRAFT_SAVED = "draft_saved"
    RESUMED = "resumed"
    NOT_FILEABLE = "not_fileable"
    STATUS = "dossier_status"
    CODE_UNCLEAR = "code_unclear"
    CODE_UNKNOWN = "code_unknown"


_OUTCOME_KINDS: dict[OutcomeKind, str] = {
    OutcomeKind.QUESTION: FilingKind.FORM_QUESTION,
    OutcomeKind.READBACK: FilingKind.READ_BACK,
    OutcomeKind.SAVED: FilingKind.FORM_QUESTION,
    OutcomeKind.INVALID: FilingKind.INVALID,
    OutcomeKind.EXPLAIN: FilingKind.INVALID,
    OutcomeKind.HANDOFF: ReplyKind.HANDOFF_OFFER,
    OutcomeKind.CLARIFY: FilingKind.CLARIFY,
    OutcomeKind.UNCLEAR: FilingKind.FORM_QUESTION,
    OutcomeKind.MOVED: FilingKind.FORM_QUESTION,
    OutcomeKind.NOT_FOUND: FilingKind.FORM_QUESTION,
    OutcomeKind.REVIEW: FilingKind.SUMMARY,
    OutcomeKind.CONFIRMED: FilingKind.CONFIRMED,
    OutcomeKind.REFUSED: FilingKind.REFUSED,
    OutcomeKind.ENDED: ReplyKind.INFO,
}

NOT_FILEABLE_TEXT = (
    "Thủ tục này chưa nộp được qua trò chuyện. Bạn nộp tại bộ phận một cửa hoặc Cổng dịch vụ công."
)
WHICH_FILING_TEXT = "Bạn muốn làm hồ sơ thủ tục nào? Ví dụ: đăng ký khai sinh."
STOPPED_NOTHING_KEPT = "Vâng, đã dừng. Tôi chưa lưu thông tin nào của bạn."
ASK_RECEIPT_TEXT = "Bạn đọc mã biên nhận gồm tám ký tự, ví dụ: tra cứu hồ sơ xê hai hát chín en bốn ét bảy."
ASK_RESUME_TEXT = "Bạn đọc mã tiếp tục gồm tám chữ số, ví dụ: tiếp tục hồ sơ một hai ba bốn năm sáu bảy tám."
CODE_UNCLEAR_TEXT = "Tôi nghe mã chưa rõ. Bạn đọc lại chậm từng ký tự giúp tôi."


# --- drafts in slots ------------------------------------------------------------------------------------


def draft_from(tracker: Tracker) -> DossierDraft | None:
    text = tracker.get_slot(DRAFT_SLOT)
    if not text:
        return None
    try:
        return DossierDraft.from_json(str(text))
    except (ValueError, KeyError):
        return None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _channel(tracker: Tracker) -> Channel:
    name = str(tracker.get_latest_input_channel() or "").lower()
    for word, channel in (("kiosk", Channel.KIOSK), ("zalo", Channel.ZALO), ("phone", Channel.PHONE)):
        if word in name:
            return channel
    return Channel.PHONE if "voice" in name else Channel.CHAT


_DIGIT_FIELDS = frozenset({FieldType.CCCD, FieldType.PHONE, FieldType.NUMBER})


def closed_question(draft: DossierDraft, last_said: str) -> dict[str, Any]:
    """``expects`` (and ``choices``) when ``last_said`` asks a question with few possible answers.

    A voice front end can then listen for those answers only (yes/no, the options, digits), which a
    grammar-capable recognizer hears far more reliably than free speech; open questions (names,
    dates, places) get nothing. The summary's phase also covers "which field?", hence ``last_said``.
    """
    if draft.phase in (Phase.CONSENT, Phase.CONFIRMING):
        return {"expects": "yes_no"}
    if draft.phase is Phase.REVIEW:
        return {"expects": "yes_no"} if last_said == wording.REVIEW_ASK else {}
    if draft.phase is not Phase.ASKING or draft.current is None:
        return {}
    field = get_spec(draft.code).field(draft.current)
    if field.type is FieldType.YES_NO:
        return {"expects": "yes_no"}
    if field.type is FieldType.SEX:
        return {"expects": "choice", "choices": list(SEX_ANSWERS)}
    if field.type is FieldType.CHOICE:
        said = [text for option in field.options for text in (option.label, *option.aliases)]
        return {"expects": "choice", "choices": said}
    if field.type in _DIGIT_FIELDS:
        return {"expects": "digits"}
    return {}


def say_outcome(reply: Reply, outcome: Outcome) -> None:
    """Say the engine's messages; the payload tells screens which question and how many remain, and
    the last message says what kind of answer it expects (see :func:`closed_question`)."""
    draft = outcome.draft
    kind = _OUTCOME_KINDS[outcome.kind]
    if draft.phase is Phase.CONSENT:
        kind = FilingKind.CONSENT
    question = outcome.question
    payload: dict[str, Any] = {
        "procedure_code": draft.code,
        "field": question.field if question and question.field else outcome.field,
        "phase": draft.phase.value,
    }
    if question is not None and question.remaining is not None:
        payload["remaining"] = question.remaining
    if outcome.error:
        payload["error"] = outcome.error
    if outcome.offer_handoff:
        payload["handoff_offered"] = True
    asks_which_field = outcome.kind is OutcomeKind.CLARIFY and outcome.field is None
    closed: dict[str, Any] = {}
    if outcome.messages and not outcome.offer_handoff and not asks_which_field:
        closed = closed_question(draft, outcome.messages[-1])
    for index, text in enumerate(outcome.messages):
        last = index == len(outcome.messages) - 1
        reply.say(text, kind, **payload, **(closed if last else {}))


def say_current_question(reply: Reply, draft: DossierDraft) -> None:
    """The question the form waits on, again (after an interruption or a resume)."""
    question = engine.next_question(draft)
    payload: dict[str, Any] = {"procedure_code": draft.code, "phase": draft.phase.value, "repeated": True}
    if question is not None:
        kind = FilingKind.CONSENT if question.kind == "consent" else FilingKind.FORM_QUESTION
        if question.kind == "readback":
            kind = FilingKind.READ_BACK
        payload["field"] = question.field
        if question.remaining is not None:
            payload["remaining"] = question.remaining
        reply.say(question.text, kind, **payload, **closed_question(draft, question.text))
    elif draft.phase is Phase.REVIEW:
        for part in engine.summary_parts(draft):
            reply.say(part, FilingKind.SUMMARY, **payload)
        reply.say(
            wording.REVIEW_ASK, FilingKind.SUMMARY, **payload, **closed_question(draft, wording.REVIEW_ASK)
        )


def begin_filing(reply: Reply, tracker: Tracker, procedure: Procedure) -> None:
    """A new draft for ``procedure`` and the form started on it (its first question is consent).
    The draft's idempotency key is fixed now, so every later submission of it is the same one."""
    started = engine.start(procedure.code)
    reply.say(
        f"Vâng, tôi giúp bạn làm hồ sơ {short_name(procedure, 14)}.",
        FilingKind.FORM_QUESTION,
        procedure_code=procedure.code,
    )
    reply.set(PROCEDURE_SLOT, procedure.code)
    reply.set(DRAFT_SLOT, started.draft.to_json())
    reply.set(KEY_SLOT, idempotency_key(tracker.sender_id, new_draft_token()))
    reply.set(CONSENT_AT_SLOT, None)
    reply.set(RECEIPT_SLOT, None)
    reply.set(ANSWER_SLOT, None)
    reply.set(FILING_SLOT, False)
    for slot in (OPTIONS_SLOT, PENDING_ASPECT_SLOT, PARTS_SLOT):
        reply.set(slot, None)
    reply.set(HANDOFF_SLOT, False)
    reply.events.append(FollowupAction(FORM))


def refuse_filing(reply: Reply, procedure: Procedure) -> None:
    reply.say(NOT_FILEABLE_TEXT, FilingKind.NOT_FILEABLE, procedure_code=procedure.code)
    reply.set(PROCEDURE_SLOT, procedure.code)
    reply.set(FILING_SLOT, False)
    offer_handoff(reply, "Bạn có muốn gặp cán bộ để được giúp làm hồ sơ không?")


def file_or_refuse(reply: Reply, tracker: Tracker, procedure: Procedure) -> None:
    if has_form(procedure.code):
        begin_filing(reply, tracker, procedure)
    else:
        refuse_filing(reply, procedure)


class ActionStartFiling(Action):
    """ "Tôi muốn đăng ký khai sinh cho con": find the procedure as the lookup does, then the form.

    An uncertain match is confirmed and several matches are offered, as for a question; the
    ``filing_requested`` slot makes "đúng" / "số hai" start the form instead of answering.
    """

    def name(self) -> str:
        return "action_start_filing"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reply = Reply()
        resolution = default_search().resolve(latest_text(tracker))
        hits = [hit.procedure for hit in resolution.hits]
        current = tracker.get_slot(PROCEDURE_SLOT)
        if resolution.kind == MatchKind.SINGLE and not resolution.confirm:
            file_or_refuse(reply, tracker, hits[0])
        elif resolution.kind in (MatchKind.SINGLE, MatchKind.AMBIGUOUS):
            fileable = [p for p in hits if has_form(p.code)]
            if not fileable:
                refuse_filing(reply, hits[0])
            elif len(fileable) == 1:
                ask_to_confirm(reply, fileable[0], None)
            else:
                offer_options(reply, fileable, None)
            if fileable:
                reply.set(FILING_SLOT, True)
        elif current and (procedure := default_catalog().get(str(current))) is not None:
            file_or_refuse(reply, tracker, procedure)
        else:
            reply.say(WHICH_FILING_TEXT, ReplyKind.ASK_PROCEDURE)
        return reply.send(dispatcher)


class ValidateDossierForm(EngineFormValidation):
    """Each answer goes to the engine with the draft; the new draft goes back into its slot."""

    answer_slot = ANSWER_SLOT
    state_slot = DRAFT_SLOT

    def name(self) -> str:
        return f"validate_{FORM}"

    def is_finished(self, state: Any) -> bool:
        if not state:
            return True
        try:
            draft = DossierDraft.from_json(str(state))
        except (ValueError, KeyError):
            return True
        return draft.phase in (Phase.CONFIRMED, Phase.REFUSED)

    def turn(self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        draft = draft_from(tracker)
        if draft is None:
            return {DRAFT_SLOT: None}
        if tracker.get_slot(HANDOFF_SLOT) and draft.phase is Phase.ASKING:
            handled = self._answer_handoff_offer(text, draft, dispatcher, tracker)
            if handled is not None:
                return handled
        outcome = engine.handle(draft, text)
        reply = Reply()
        if outcome.kind is not OutcomeKind.CONFIRMED:
            # The thanks for a confirmation is said with the receipt, by the submission: if that
            # fails, the citizen hears "say it again", not a thanks for a dossier never sent.
            say_outcome(reply, outcome)
        reply.send(dispatcher)
        slots: dict[str, Any] = {DRAFT_SLOT: outcome.draft.to_json()}
        if outcome.draft.consent and not tracker.get_slot(CONSENT_AT_SLOT):
            slots[CONSENT_AT_SLOT] = _now()
        if outcome.kind is OutcomeKind.HANDOFF:
            slots[HANDOFF_SLOT] = True
        elif tracker.get_slot(HANDOFF_SLOT):
            slots[HANDOFF_SLOT] = False  # the offer was not taken up: "có" is an answer again
        return slots

    @staticmethod
    def _answer_handoff_offer(
        text: str, draft: DossierDraft, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any] | None:
        """After repeated failures the engine asked "Bạn có muốn gặp cán bộ không?": a bare "có"
        hands off (the draft is kept, as for "gặp cán bộ"), a bare "không" asks the question again,
        anything else is another try at the answer (``None``: the engine takes it)."""
        decision = parse_yes_no(text)
        if decision is None:
            return None
        reply = Reply()
        if decision:
            save_draft(reply, tracker, draft)
            reply.say(HANDOFF_TEXT, ReplyKind.HANDOFF, handoff=True, procedure_code=draft.code)
            reply.send(dispatcher)
            return {DRAFT_SLOT: None, KEY_SLOT: None, CONSENT_AT_SLOT: None, HANDOFF_SLOT: False}
        reply.say(wording.HANDOFF_DECLINED, FilingKind.FORM_QUESTION, procedure_code=draft.code)
        say_current_question(reply, draft)
        reply.send(dispatcher)
        return {DRAFT_SLOT: draft.to_json(), HANDOFF_SLOT: False}

    async def extract_dossier_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Take back an answer the classifier mistook for an interruption ("Nguyễn Văn Cường" as a
        legal-basis question): the from_text mapping skipped it; the words decide here."""
        if tracker.get_slot(ANSWER_SLOT) is not None or tracker.get_slot(REQUESTED_SLOT) != ANSWER_SLOT:
            return {}
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        if intent in INTERRUPTING_INTENTS and text.strip() and not is_interruption(intent, text):
            return {ANSWER_SLOT: text}
        return {}

    async def validate_dossier_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.validate_answer(value, dispatcher, tracker)


class ActionAskDossierAnswer(Action):
    """The form's "ask" step. The engine's messages already end with the next question, so this
    speaks only when the form (re)starts without an answer this turn: activation, a resume, or the
    return after an interruption ("lệ phí bao nhiêu?")."""

    def name(self) -> str:
        return "action_ask_dossier_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        spoke = False
        actions_seen = 0
        for event in reversed(tracker.events):
            if event.get("event") == "action":
                actions_seen += 1
                if actions_seen == 2:
                    spoke = event.get("name") in REPEATING_ACTIONS
                    break
            elif event.get("event") == "bot" and actions_seen == 0:
                spoke = True
                break
        draft = draft_from(tracker)
        if spoke or draft is None:
            return []
        reply = Reply()
        say_current_question(reply, draft)
        return reply.send(dispatcher)


def submit(tracker: Tracker, draft: DossierDraft) -> Submission:
    key = tracker.get_slot(KEY_SLOT) or idempotency_key(tracker.sender_id, draft.to_json())
    consent_at = tracker.get_slot(CONSENT_AT_SLOT)
    answers: dict[str, JsonValue] = engine.final_answers(draft)
    return environment_store().submit(
        str(key),
        procedure_code=draft.code,
        channel=_channel(tracker),
        consent_given_at=datetime.fromisoformat(consent_at) if consent_at else datetime.now(timezone.utc),
        data=answers,
    )


def say_receipt(reply: Reply, draft: DossierDraft, submission: Submission) -> None:
    code = submission.dossier.receipt_code or ""
    payload = {
        "procedure_code": draft.code,
        "receipt_code": format_receipt_code(code),
        "duplicate": submission.duplicate,
    }
    intro = "Hồ sơ này đã gửi rồi." if submission.duplicate else "Cảm ơn bạn. Đã gửi hồ sơ."
    reply.say(
        f"{intro} Mã biên nhận của bạn là: {speak_receipt_code(code)}.", FilingKind.SUBMITTED, **payload
    )
    reply.set(RECEIPT_SLOT, code)


def speakable_pieces(text: str, max_words: int = MAX_SPOKEN_WORDS) -> list[str]:
    """A long closing part split at its semicolons, so no message runs past one breath."""
    if len(text.split()) <= max_words or "; " not in text:
        return [text]
    pieces: list[str] = []
    for clause in text.split("; "):
        if pieces and len(f"{pieces[-1]} {clause}".split()) <= max_words:
            pieces[-1] = f"{pieces[-1]}; {clause}"
        else:
            pieces.append(clause)
    return [p[:1].upper() + p[1:] + ("" if p.endswith((".", "?", "!")) else ".") for p in pieces]


class ActionSubmitDossier(Action):
    """After the form: a confirmed draft is submitted (idempotently) and the receipt read aloud,
    then papers, fee and time; a refused consent leaves nothing behind."""

    def name(self) -> str:
        return "action_submit_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reply = Reply()
        draft = draft_from(tracker)
        reply.set(ANSWER_SLOT, None)
        reply.set(REQUESTED_SLOT, None)
        if draft is None or draft.phase is not Phase.CONFIRMED:
            for slot in (DRAFT_SLOT, KEY_SLOT, CONSENT_AT_SLOT):
                reply.set(slot, None)
            return reply.send(dispatcher)
        submit_and_close(reply, tracker, draft)
        return reply.send(dispatcher)


def submit_and_close(reply: Reply, tracker: Tracker, draft: DossierDraft) -> None:
    """Submit (idempotently), read the receipt, then the papers to bring, the fee and the time."""
    say_receipt(reply, draft, submit(tracker, draft))
    for part in closing_parts(draft):
        for piece in speakable_pieces(part):
            reply.say(piece, FilingKind.CLOSING, procedure_code=draft.code)


def save_draft(reply: Reply, tracker: Tracker, draft: DossierDraft | None) -> None:
    """Keep the answers so far as a draft and read its resume code; nothing before consent."""
    key = tracker.get_slot(KEY_SLOT)
    if draft is None or not draft.consent or not key:
        reply.say(STOPPED_NOTHING_KEPT, FilingKind.DRAFT_SAVED, saved=False)
        return
    store = environment_store()
    consent_at = tracker.get_slot(CONSENT_AT_SLOT)
    data: dict[str, JsonValue] = {"draft": draft.to_dict()}
    store.create_draft(
        str(key),
        procedure_code=draft.code,
        channel=_channel(tracker),
        consent_given_at=datetime.fromisoformat(consent_at) if consent_at else datetime.now(timezone.utc),
        data=data,
    )
    record = store.save_draft(str(key), data)
    code = record.resume_code or ""
    reply.say(
        f"Vâng, tôi đã lưu hồ sơ nháp. Mã tiếp tục là: {speak_resume_code(code)}.",
        FilingKind.DRAFT_SAVED,
        saved=True,
        procedure_code=draft.code,
        resume_code=code,
    )
    reply.say("Khi muốn làm tiếp, bạn nói: tiếp tục hồ sơ, rồi đọc mã này.", FilingKind.DRAFT_SAVED)


class ActionSaveDraft(Action):
    """ "Dừng lại" (or "gặp cán bộ") inside the form: keep the answers as a draft and read the resume
    code; nothing is stored before consent. The form is deactivated by the rule."""

    def name(self) -> str:
        return "action_save_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reply = Reply()
        save_draft(reply, tracker, draft_from(tracker))
        for slot in (DRAFT_SLOT, KEY_SLOT, CONSENT_AT_SLOT, ANSWER_SLOT):
            reply.set(slot, None)
        if latest_intent(tracker) == "request_human":
            reply.say(
                HANDOFF_TEXT, ReplyKind.HANDOFF, handoff=True, procedure_code=tracker.get_slot(PROCEDURE_SLOT)
            )
        return reply.send(dispatcher)


class ActionResumeFiling(Action):
    """ "Tiếp tục hồ sơ <mã>": the saved draft back into the slots, and the form where it stopped."""

    def name(self) -> str:
        return "action_resume_filing"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reply = Reply()
        reading = read_resume_code(latest_text(tracker))
        if reading is None:
            reply.say(ASK_RESUME_TEXT, FilingKind.CODE_UNCLEAR)
            return reply.send(dispatcher)
        if not reading.valid:
            reply.say(CODE_UNCLEAR_TEXT, FilingKind.CODE_UNCLEAR)
            return reply.send(dispatcher)
        record = environment_store().resume(reading.code)
        stored = record.data.get("draft") if record is not None else None
        if record is None or not isinstance(stored, dict):
            offer_handoff(reply, "Tôi không tìm thấy hồ sơ nháp với mã này. Bạn có muốn gặp cán bộ không?")
            return reply.send(dispatcher)
        draft = DossierDraft.from_dict(stored)
        reply.say("Vâng, ta làm tiếp hồ sơ đã lưu.", FilingKind.RESUMED, procedure_code=draft.code)
        reply.set(PROCEDURE_SLOT, draft.code)
        reply.set(DRAFT_SLOT, draft.to_json())
        reply.set(KEY_SLOT, record.idempotency_key)
        reply.set(CONSENT_AT_SLOT, record.consent_given_at.isoformat())
        reply.set(ANSWER_SLOT, None)
        reply.set(RECEIPT_SLOT, None)
        reply.events.append(FollowupAction(FORM))
        return reply.send(dispatcher)


class ActionCheckDossierStatus(Action):
    """ "Tra cứu hồ sơ <mã>": the status in words; a mis-heard code (its check fails) is asked again."""

    def name(self) -> str:
        return "action_check_dossier_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        reply = Reply()
        reading = read_receipt_code(latest_text(tracker))
        if reading is None:
            reply.say(ASK_RECEIPT_TEXT, FilingKind.CODE_UNCLEAR)
            return reply.send(dispatcher)
        if not reading.valid:
            reply.say(CODE_UNCLEAR_TEXT, FilingKind.CODE_UNCLEAR)
            return reply.send(dispatcher)
        record = environment_store().get(reading.code)
        spoken = speak_receipt_code(reading.code)
        if record is None:
            reply.say(f"Tôi không tìm thấy hồ sơ mã {spoken}.", FilingKind.CODE_UNKNOWN)
            offer_handoff(reply, "Bạn kiểm tra lại mã, hoặc nói “gặp cán bộ”.")
            return reply.send(dispatcher)
        procedure = default_catalog().get(record.procedure_code)
        payload = {
            "procedure_code": record.procedure_code,
            "receipt_code": format_receipt_code(reading.code),
            "status": record.status.value,
        }
        name = short_name(procedure, 14) if procedure else "của bạn"
        reply.say(f"Hồ sơ {name}, mã {spoken}.", FilingKind.STATUS, **payload)
        reply.say(describe_status(record.status), FilingKind.STATUS, **payload)
        return reply.send(dispatcher)


def resubmit_if_just_submitted(reply: Reply, tracker: Tracker, previous_kinds: set[str]) -> bool:
    """ "Đúng" said again right after the receipt: the same dossier, the same receipt, never a second.

    Also "đúng" said again after a confirmation whose receipt never reached the citizen (the action
    server died during the submission, which may or may not have been stored): submitting is
    idempotent, so this stores it once and reads the receipt and the closing information now."""
    draft = draft_from(tracker)
    if draft is None or draft.phase is not Phase.CONFIRMED:
        return False
    if not tracker.get_slot(RECEIPT_SLOT):
        submit_and_close(reply, tracker, draft)
        return True
    if FilingKind.SUBMITTED not in previous_kinds:
        return False
    say_receipt(reply, draft, submit(tracker, draft))
    return True


__all__ = [
    "ActionAskDossierAnswer",
    "ActionCheckDossierStatus",
    "ActionResumeFiling",
    "ActionSaveDraft",
    "ActionStartFiling",
    "ActionSubmitDossier",
    "FilingKind",
    "ValidateDossierForm",
    "begin_filing",
    "file_or_refuse",
    "resubmit_if_just_submitted",
]
