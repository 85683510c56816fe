"""The generic form engine: one question per turn, read-back, corrections, consent, review.

Every operation takes a ``DossierDraft`` and returns an ``Outcome`` holding a *new* draft (the input is
never changed) and the messages to say, in order, ending with the next question. Nothing here does
I/O or logs: the Rasa wiring stores ``outcome.draft`` in a slot, says ``outcome.messages`` and reads
``outcome.kind`` for payloads (``handoff`` means "offer a person").

Flow: consent → for each field that applies: ask → check → read back → "đúng" saves it / "sai" asks
again → when all are saved, the summary → "đúng" confirms the dossier. Failed attempts on a field
escalate: the validator's message, then the expected format with an example, then a hand-off offer.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from civic.admin_units.keys import fold_key
from civic.forms import wording
from civic.forms.commands import CommandKind, parse_command
from civic.forms.draft import REVIEW, DossierDraft, Phase
from civic.forms.flow import active_fields, first_open_field, inapplicable_answers, remaining_count
from civic.forms.labels import resolve_field
from civic.forms.loader import get_spec
from civic.forms.spec import FieldSpec, FieldType, FormSpec, ReadbackStyle
from civic.forms.values import (
    DEFAULT_HELP,
    Checked,
    check_answer,
    check_picked,
    pick_choice,
    recheck,
    spoken_value,
    written_value,
)
from civic.text.understand import parse_yes_no
from civic.validation.sanitize import clean_text

MAX_PART_WORDS = 25
EXPLAIN_AFTER = 2  # failed attempts before the format is explained with an example
HANDOFF_AFTER = 3  # failed attempts before a person is offered

_SKIP_RE = re.compile(
    r"^(?:(?:da|toi|em|chau|con)\s+)*(?:(?:khong|chua)\s+(?:biet|ro|nho|co)(?:\s+so)?|bo\s+qua|de\s+trong)"
    r"(?:\s+(?:a|nhe|nha|roi))*$"
)
_KEEP_RE = re.compile(r"^(?:giu|giu nguyen|giu nhu cu|nhu cu|van nhu cu)(?:\s+(?:a|nhe|nha))*$")
_REFUSE_RE = re.compile(r"\b(?:khong|chua|ko|k)\s+(?:dong\s+y|chiu|muon)\b|\btu\s+choi\b")
# "Ờ để xem", "không biết nữa": the citizen is thinking, not answering.
_HESITATION_RE = re.compile(
    r"^(?:(?:o|u|a|um|uhm|hmm|da|ua|the|thi)\s+)*(?:de\s+(?:toi\s+|em\s+|chau\s+)?(?:xem|nghi)|cho\s+(?:mot\s+)?chut"
    r"|doi\s+(?:mot\s+)?chut|khong\s+biet\s+nua|chua\s+chac|khong\s+chac)(?:\s+(?:da|a|nhe|nha|da|nao))*$"
)
_NEGATION_WORDS = frozenset(["sai", "khong", "ko", "phai", "dung", "chua", "roi", "nham"])


class OutcomeKind(str, Enum):
    QUESTION = "question"  # a question (re)asked: start, consent given
    READBACK = "readback"  # an answer was understood and read back: waiting for "đúng" / "sai"
    SAVED = "saved"  # an answer was saved; the next question follows
    INVALID = "invalid"  # first failed attempt: what is expected
    EXPLAIN = "explain"  # second failed attempt: the format with an example
    HANDOFF = "handoff"  # third or later failed attempt: a person is offered
    CLARIFY = "clarify"  # the answer fits several values; the message asks which (not a failure)
    UNCLEAR = "unclear"  # expected yes/no (or consent) and got neither
    MOVED = "moved"  # "quay lại", "sửa …", "làm lại từ đầu" moved to another field
    NOT_FOUND = "not_found"  # "sửa …" named no field of this form
    REVIEW = "review"  # every field saved: summary read, final confirmation asked
    CONFIRMED = "confirmed"  # the citizen confirmed the whole dossier: submit it
    REFUSED = "refused"  # consent refused: nothing is kept
    ENDED = "ended"  # the draft is already confirmed or refused


@dataclass(frozen=True)
class Question:
    kind: str  # "consent" | "field" | "readback"
    text: str = dataclasses.field(
        repr=False
    )  # what to say: progress + prompt, or the read-back (personal data)
    field: str | None = None
    prompt: str = ""
    remaining: int | None = None  # questions left including this one (None while correcting)


@dataclass(frozen=True)
class Outcome:
    draft: DossierDraft
    kind: OutcomeKind
    messages: tuple[str, ...] = dataclasses.field(repr=False)
    field: str | None = None
    error: str | None = None  # validator code of a rejected answer (never its text)
    warnings: tuple[str, ...] = ()
    display: str = dataclasses.field(default="", repr=False)  # written value of a read-back, for screens
    question: Question | None = dataclasses.field(default=None, repr=False)

    @property
    def offer_handoff(self) -> bool:
        return self.kind is OutcomeKind.HANDOFF


# --- helpers --------------------------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today or date.today()


def _labels(spec: FormSpec) -> dict[str, str]:
    return {f.name: f.label for f in spec.fields}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def readback_text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return wording.READBACK_EMPTY.format(label=spec.label)
    return wording.READBACK.format(value=spoken_value(spec, value))


def explanation(spec: FieldSpec) -> str:
    """The expected format with an example, said after the second failed attempt."""
    help_text = (spec.help or DEFAULT_HELP[spec.type]).rstrip(". ")
    text = wording.EXPLAIN.format(help=help_text, example=spec.example.rstrip(". "))
    if spec.type is FieldType.CHOICE and len(spec.options) <= 6:
        labels = [o.label for o in spec.options]
        text += " " + wording.OPTIONS.format(options=", ".join(labels[:-1]) + " hoặc " + labels[-1])
    return text


def next_question(draft: DossierDraft, today: date | None = None) -> Question | None:
    """What to ask now; ``None`` once every field is saved (then: summary and final confirmation)."""
    spec = get_spec(draft.code)
    if draft.phase is Phase.CONSENT:
        return Question("consent", f"{spec.consent} {wording.CONSENT_ASK}")
    if draft.current is None or draft.phase not in (Phase.ASKING, Phase.CONFIRMING):
        return None
    current = spec.field(draft.current)
    if draft.phase is Phase.CONFIRMING and draft.pending is not None:
        return Question("readback", readback_text(current, draft.pending["value"]), current.name)
    if draft.return_to is not None:
        return Question("field", current.prompt, current.name, current.prompt)
    count = remaining_count(spec, draft.answers, _today(today))
    progress = wording.LAST_QUESTION if count == 1 else wording.PROGRESS.format(count=count)
    return Question("field", f"{progress} {current.prompt}", current.name, current.prompt, count)


def _outcome(
    draft: DossierDraft,
    kind: OutcomeKind,
    messages: list[str],
    today: date,
    *,
    ask: bool = True,
    **extra: Any,
) -> Outcome:
    """An outcome whose messages end with the next question (or the summary when the form is full)."""
    said = [m for m in messages if m]
    question = next_question(draft, today) if ask else None
    if question is not None:
        said.append(question.text)
    elif ask and draft.phase is Phase.REVIEW:
        said += [wording.REVIEW_INTRO, *summary_parts(draft, today), wording.REVIEW_ASK]
        if kind is OutcomeKind.SAVED:
            kind = OutcomeKind.REVIEW
    return Outcome(draft, kind, tuple(said), question=question, **extra)


def _ended(draft: DossierDraft) -> Outcome:
    return Outcome(draft.copy(), OutcomeKind.ENDED, (wording.ENDED,))


def _forget(draft: DossierDraft, name: str) -> None:
    draft.answers.pop(name, None)
    draft.reopened.pop(name, None)
    if name in draft.history:
        draft.history.remove(name)


def _settle(draft: DossierDraft, spec: FormSpec, changed: FieldSpec, today: date) -> list[str]:
    """After ``changed`` was saved: re-check fields that read it, drop answers that no longer apply,
    and move to the next open field (or the review)."""
    notes: list[str] = []
    labels = _labels(spec)
    queue = [changed.name]
    while queue:
        name = queue.pop(0)
        for dependent in spec.dependents(name):
            if dependent.name not in draft.answers:
                continue
            old = draft.answers[dependent.name]
            result = recheck(dependent, old, draft.answers, today, labels)
            if not result.ok:
                _forget(draft, dependent.name)
                notes.append(wording.ASK_AGAIN_DEPENDENT.format(label=dependent.label, changed=changed.label))
            elif result.value != old:
                draft.answers[dependent.name] = result.value
            else:
                continue
            queue.append(dependent.name)
    while stale := inapplicable_answers(spec, draft.answers, today):
        for name in stale:
            _forget(draft, name)
    for name in list(draft.reopened):
        if not spec.has_field(name) or name in draft.answers:
            draft.reopened.pop(name)
    if draft.return_to is not None:
        notes.insert(0, wording.CORRECTED.format(label=changed.label))
        draft.return_to = None
    following = first_open_field(spec, draft.answers, today)
    draft.current = following.name if following else None
    draft.phase = Phase.ASKING if following else Phase.REVIEW
    return notes


def _save(draft: DossierDraft, spec: FormSpec, current: FieldSpec, value: Any, today: date) -> list[str]:
    draft.answers[current.name] = value
    if current.name in draft.history:
        draft.history.remove(current.name)
    draft.history.append(current.name)
    draft.attempts.pop(current.name, None)
    draft.reopened.pop(current.name, None)
    draft.pending = None
    draft.clarifying = None
    draft.choices = []
    return _settle(draft, spec, current, today)


def _failure(
    draft: DossierDraft, current: FieldSpec, message: str, error: str | None, today: date
) -> Outcome:
    count = draft.attempts.get(current.name, 0) + 1
    draft.attempts[current.name] = count
    draft.clarifying = None
    draft.choices = []
    draft.pending = None
    draft.phase = Phase.ASKING
    messages = [message or wording.SAY_AGAIN]
    kind = OutcomeKind.INVALID
    if count >= EXPLAIN_AFTER:
        messages.append(explanation(current))
        kind = OutcomeKind.EXPLAIN
    if count >= HANDOFF_AFTER:
        messages.append(wording.HANDOFF_OFFER)
        kind = OutcomeKind.HANDOFF
    return Outcome(draft, kind, tuple(messages), field=current.name, error=error)


def _readback(draft: DossierDraft, current: FieldSpec, checked: Checked, today: date) -> Outcome:
    draft.pending = {"value": checked.value}
    draft.phase = Phase.CONFIRMING
    draft.clarifying = None
    draft.choices = []
    return _outcome(
        draft,
        OutcomeKind.READBACK,
        [checked.notice],
        today,
        field=current.name,
        warnings=checked.warnings,
        display=written_value(current, checked.value),
    )


def _check(draft: DossierDraft, spec: FormSpec, current: FieldSpec, text: str, today: date) -> Checked:
    """Check an answer; a place name that needed precision is checked together with the precision."""
    labels = _labels(spec)
    picked = pick_choice(text, draft.choices)
    if picked is not None:
        chosen = check_picked(current, picked, draft.answers, today, labels)
        if chosen.ok:
            return chosen
    places = (FieldType.COMMUNE, FieldType.PROVINCE)
    if draft.clarifying and current.type in places:
        combined = check_answer(current, f"{draft.clarifying} {text}", draft.answers, today, labels)
        if combined.ok:
            return combined
    return check_answer(current, text, draft.answers, today, labels)


def _accept(draft: DossierDraft, spec: FormSpec, current: FieldSpec, text: str, today: date) -> Outcome:
    checked = _check(draft, spec, current, text, today)
    if checked.ok:
        if current.readback is ReadbackStyle.SKIP:
            notes = _save(draft, spec, current, checked.value, today)
            return _outcome(draft, OutcomeKind.SAVED, [checked.notice, *notes], today, field=current.name)
        return _readback(draft, current, checked, today)
    if checked.clarify:
        draft.clarifying = (
            clean_text(text) if not draft.clarifying else f"{draft.clarifying} {clean_text(text)}"
        )
        draft.choices = list(checked.choices)
        draft.phase = Phase.ASKING
        draft.pending = None
        return Outcome(
            draft, OutcomeKind.CLARIFY, (checked.message,), field=current.name, error=checked.error
        )
    return _failure(draft, current, checked.message, checked.error, today)


# --- answering ------------------------------------------------------------------------------------------


def _consent(draft: DossierDraft, text: str, today: date) -> Outcome:
    spec = get_spec(draft.code)
    folded = fold_key(text)
    decision = False if _REFUSE_RE.search(folded) else parse_yes_no(clean_text(text))
    if decision is None:
        return _outcome(draft, OutcomeKind.UNCLEAR, [wording.CONSENT_UNCLEAR], today)
    if not decision:
        refused = DossierDraft(code=draft.code, phase=Phase.REFUSED, consent=False)
        return Outcome(refused, OutcomeKind.REFUSED, (wording.REFUSED,))
    draft.consent = True
    first = first_open_field(spec, draft.answers, today)
    draft.current = first.name if first else None
    draft.phase = Phase.ASKING if first else Phase.REVIEW
    return _outcome(draft, OutcomeKind.QUESTION, [wording.CONSENT_THANKS], today)


def _asking(draft: DossierDraft, text: str, today: date) -> Outcome:
    spec = get_spec(draft.code)
    assert draft.current is not None
    current = spec.field(draft.current)
    folded = fold_key(text)
    keeps = _KEEP_RE.match(folded) is not None or parse_yes_no(clean_text(text)) is True
    if current.name in draft.reopened and current.type is not FieldType.YES_NO and keeps:
        kept = recheck(current, draft.reopened[current.name], draft.answers, today, _labels(spec))
        if kept.ok:
            notes = _save(draft, spec, current, kept.value, today)
            return _outcome(draft, OutcomeKind.SAVED, [wording.KEPT, *notes], today, field=current.name)
        draft.reopened.pop(current.name)
        return _failure(draft, current, kept.message, kept.error, today)
    if _HESITATION_RE.match(folded):
        return _outcome(draft, OutcomeKind.UNCLEAR, [wording.TAKE_YOUR_TIME], today, field=current.name)
    if _SKIP_RE.match(folded) and current.type is not FieldType.YES_NO:
        if current.required:
            return _failure(draft, current, wording.REQUIRED.format(label=current.label), "required", today)
        return _readback(draft, current, Checked(True, value=None), today)
    return _accept(draft, spec, current, text, today)


def _after_negation(text: str) -> str:
    """ "sai, tên là Nguyễn Thị Mai" → "tên là Nguyễn Thị Mai": what follows the "no"."""
    tokens = clean_text(text).split()
    while tokens and fold_key(tokens[0]) in _NEGATION_WORDS:
        tokens.pop(0)
    return " ".join(tokens).strip(" ,.;:")


def _confirming(draft: DossierDraft, text: str, today: date) -> Outcome:
    spec = get_spec(draft.code)
    assert draft.current is not None and draft.pending is not None
    current = spec.field(draft.current)
    decision = parse_yes_no(clean_text(text))
    if decision is True:
        notes = _save(draft, spec, current, draft.pending["value"], today)
        return _outcome(draft, OutcomeKind.SAVED, notes, today, field=current.name)
    if decision is False:
        rest = _after_negation(text)
        if rest:
            return _accept(draft, spec, current, rest, today)
        outcome = _failure(draft, current, wording.SAY_AGAIN, "readback_rejected", today)
        return Outcome(
            outcome.draft,
            outcome.kind,
            (*outcome.messages, current.prompt),
            field=current.name,
            error=outcome.error,
        )
    checked = _check(draft, spec, current, text, today)
    if checked.ok and not _HESITATION_RE.match(fold_key(text)):
        return _readback(draft, current, checked, today)
    return _outcome(draft, OutcomeKind.UNCLEAR, [wording.YES_OR_NO], today, field=current.name)


def _reviewing(draft: DossierDraft, text: str, today: date) -> Outcome:
    spec = get_spec(draft.code)
    decision = parse_yes_no(clean_text(text))
    if decision is True:
        draft.phase = Phase.CONFIRMED
        return Outcome(draft, OutcomeKind.CONFIRMED, (wording.CONFIRMED,))
    if decision is None:
        answered = [name for name in draft.answers if spec.has_field(name)]
        match = resolve_field(spec, text, answered)
        if match.field is not None:
            return correct(draft, match.field, today)
        return Outcome(draft, OutcomeKind.UNCLEAR, (wording.REVIEW_ASK,))
    return Outcome(draft, OutcomeKind.QUESTION, (_which_field(spec, draft),))


def answer(draft: DossierDraft, text: str, today: date | None = None) -> Outcome:
    """The citizen's reply to the current question (consent, field, read-back or final summary)."""
    day = _today(today)
    if draft.phase in (Phase.CONFIRMED, Phase.REFUSED):
        return _ended(draft)
    work = draft.copy()
    if work.phase is Phase.CONSENT:
        return _consent(work, text, day)
    if work.phase is Phase.CONFIRMING:
        return _confirming(work, text, day)
    if work.phase is Phase.REVIEW:
        return _reviewing(work, text, day)
    return _asking(work, text, day)


# --- moving around --------------------------------------------------------------------------------------


def _which_field(spec: FormSpec, draft: DossierDraft) -> str:
    example = draft.history[-1] if draft.history else spec.fields[0].name
    return wording.WHICH_FIELD.format(example=spec.field(example).label)


def _reopen_message(intro: str, spec: FieldSpec, old: Any) -> list[str]:
    said = [wording.REOPEN.format(intro=intro, label=spec.label, value=spoken_value(spec, old))]
    if spec.type is not FieldType.YES_NO:
        said.append(wording.KEEP_HINT)
    said.append(spec.prompt)
    return said


def correct(draft: DossierDraft, target: str, today: date | None = None) -> Outcome:
    """Jump to the field named by ``target`` (a field name or a spoken label: "tên mẹ", "ngay sinh");
    once it is saved again, the form returns to where it was."""
    day = _today(today)
    if draft.phase in (Phase.CONFIRMED, Phase.REFUSED):
        return _ended(draft)
    work = draft.copy()
    if work.phase is Phase.CONSENT:
        return _outcome(work, OutcomeKind.UNCLEAR, [wording.CONSENT_UNCLEAR], day)
    spec = get_spec(work.code)
    reachable = [name for name in work.answers if spec.has_field(name)]
    reachable += [work.current] if work.current else []
    reachable += [name for name in work.reopened if name not in reachable and spec.has_field(name)]
    name = target if target in reachable else None
    if name is None and target.strip():
        match = resolve_field(spec, target, reachable)
        if match.is_ambiguous:
            options = [spec.field(n).label for n in match.candidates]
            text = wording.WHICH_OF.format(options=", ".join(options[:-1]) + " hay " + options[-1])
            return Outcome(work, OutcomeKind.CLARIFY, (text,))
        name = match.field
    if name is None:
        elsewhere = resolve_field(spec, target, None).field if target.strip() else None
        if elsewhere is not None and elsewhere not in reachable:
            message = wording.NOT_ASKED_YET.format(label=spec.field(elsewhere).label)
        elif target.strip():
            message = wording.UNKNOWN_FIELD + " " + _which_field(spec, work)
        else:
            message = _which_field(spec, work)
        return _outcome(work, OutcomeKind.NOT_FOUND, [message], day, ask=work.phase is not Phase.REVIEW)
    chosen = spec.field(name)
    if name == work.current and work.phase in (Phase.ASKING, Phase.CONFIRMING):
        work.pending = None
        work.clarifying = None
        work.choices = []
        work.phase = Phase.ASKING
        said = [wording.SAY_FIELD_AGAIN.format(label=chosen.label), chosen.prompt]
        return Outcome(work, OutcomeKind.MOVED, tuple(said), field=name)
    if work.return_to is None:
        work.return_to = REVIEW if work.phase is Phase.REVIEW else work.current
    elif work.current is not None and work.current in work.reopened:
        work.answers[work.current] = work.reopened.pop(work.current)  # a correction left unfinished
    old = work.answers.pop(name, work.reopened.get(name))
    work.reopened[name] = old
    work.current = name
    work.pending = None
    work.clarifying = None
    work.choices = []
    work.phase = Phase.ASKING
    intro = wording.CORRECT_INTRO.format(label=chosen.label)
    return Outcome(work, OutcomeKind.MOVED, tuple(_reopen_message(intro, chosen, old)), field=name)


def back(draft: DossierDraft, today: date | None = None) -> Outcome:
    """ "Quay lại": the question before the current one (its old answer can be kept with "đúng").
    During a correction it cancels the correction instead."""
    day = _today(today)
    if draft.phase in (Phase.CONFIRMED, Phase.REFUSED):
        return _ended(draft)
    work = draft.copy()
    if work.phase is Phase.CONSENT:
        return _outcome(work, OutcomeKind.UNCLEAR, [wording.NOTHING_BEFORE], day)
    spec = get_spec(work.code)
    work.pending = None
    work.clarifying = None
    work.choices = []
    if work.return_to is not None:
        if work.current is not None and work.current in work.reopened:
            work.answers[work.current] = work.reopened.pop(work.current)
        work.return_to = None
        following = first_open_field(spec, work.answers, day)
        work.current = following.name if following else None
        work.phase = Phase.ASKING if following else Phase.REVIEW
        return _outcome(work, OutcomeKind.MOVED, [wording.CORRECTION_CANCELLED], day)
    if not work.history:
        work.phase = Phase.ASKING
        return _outcome(work, OutcomeKind.MOVED, [wording.FIRST_QUESTION], day)
    previous = work.history.pop()
    old = work.answers.pop(previous, None)
    work.reopened[previous] = old
    work.current = previous
    work.phase = Phase.ASKING
    chosen = spec.field(previous)
    said = _reopen_message(wording.BACK_INTRO, chosen, old)
    return Outcome(work, OutcomeKind.MOVED, tuple(said), field=previous)


def restart(draft: DossierDraft, today: date | None = None) -> Outcome:
    """ "Làm lại từ đầu": every answer is dropped; consent, once given, stands."""
    day = _today(today)
    if draft.phase is Phase.CONFIRMED:
        return _ended(draft)
    if draft.phase in (Phase.CONSENT, Phase.REFUSED):
        fresh = DossierDraft(code=draft.code)
        return _outcome(fresh, OutcomeKind.MOVED, [], day)
    spec = get_spec(draft.code)
    fresh = DossierDraft(code=draft.code, phase=Phase.ASKING, consent=True)
    first = first_open_field(spec, fresh.answers, day)
    fresh.current = first.name if first else None
    return _outcome(fresh, OutcomeKind.MOVED, [wording.RESTARTED], day)


def start(code: str, today: date | None = None) -> Outcome:
    """A new draft for procedure ``code`` and its consent question; ``KeyError`` if it has no form."""
    get_spec(code)
    return _outcome(DossierDraft(code=code), OutcomeKind.QUESTION, [], _today(today))


def handle(draft: DossierDraft, text: str, today: date | None = None) -> Outcome:
    """One citizen turn: a form command ("quay lại", "làm lại từ đầu", "sửa …") or an answer."""
    if draft.phase in (Phase.CONSENT, Phase.CONFIRMED, Phase.REFUSED):
        return answer(draft, text, today)
    command = parse_command(text)
    if command is None:
        return answer(draft, text, today)
    if command.kind is CommandKind.BACK:
        return back(draft, today)
    if command.kind is CommandKind.RESTART:
        return restart(draft, today)
    spec = get_spec(draft.code)
    if not command.target and draft.phase is Phase.CONFIRMING:
        return answer(draft, "sai", today)  # "sửa lại" after a read-back: the value is wrong
    current = spec.field(draft.current) if draft.current else None
    if (
        current is not None
        and current.type is FieldType.FREE_TEXT
        and draft.phase is Phase.ASKING
        and resolve_field(spec, command.target).field is None
    ):
        return answer(draft, text, today)  # "sửa nhà ..." is an answer to a free-text question
    return correct(draft, command.target, today)


# --- reading the dossier --------------------------------------------------------------------------------


def summary_parts(draft: DossierDraft, today: date | None = None) -> tuple[str, ...]:
    """The whole dossier read aloud in short parts (≤ ~25 words each), codes digit by digit."""
    spec = get_spec(draft.code)
    active = [f for f in active_fields(spec, draft.answers, _today(today)) if f.name in draft.answers]
    # A province or commune already said inside a later address is not read twice.
    inside = {name for f in active for name in (f.province_field, f.commune_field) if name}
    items = [
        f"{_capitalized(f.label)}: {spoken_value(f, draft.answers[f.name])}."
        for f in active
        if f.name not in inside
    ]
    parts: list[str] = []
    current: list[str] = []
    for item in items:
        candidate = [*current, item]
        if current and len(" ".join(candidate).split()) > MAX_PART_WORDS:
            parts.append(" ".join(current))
            candidate = [item]
        current = candidate
    if current:
        parts.append(" ".join(current))
    return tuple(parts)


def is_complete(draft: DossierDraft, today: date | None = None) -> bool:
    """Consent given and every field that applies saved (nothing pending, no correction open)."""
    if draft.consent is not True or draft.pending is not None or draft.return_to is not None:
        return False
    return first_open_field(get_spec(draft.code), draft.answers, _today(today)) is None


def final_answers(draft: DossierDraft, today: date | None = None) -> dict[str, Any]:
    """The saved answers that apply, in form order: what the dossier store keeps."""
    spec = get_spec(draft.code)
    fields = active_fields(spec, draft.answers, _today(today))
    return {f.name: draft.answers[f.name] for f in fields if f.name in draft.answers}
