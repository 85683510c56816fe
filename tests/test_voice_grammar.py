"""Which phrases the voice session asks the recognizer for after each kind of question.

A recognizer with grammar support (Vosk) hears "có", "không" or digits far more reliably when told to
expect them; the session decides the phrase list from the dialogue's last reply (its kind, or the
filing form's ``expects`` payload) and opens the next utterance's recognizer session with it.
The dialogue and the recognizer are stand-ins here: what matters is what the session hands over.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from actions.filing import ValidateDossierForm
from assistant.voice.config import (
    CHOICE_PHRASES,
    COMMAND_PHRASES,
    DIGIT_WORDS,
    FORM_YES_NO_PHRASES,
    YES_NO_PHRASES,
    profile_config,
)
from assistant.voice.dialogue_client import DialogueReply, parse_messages
from assistant.voice.events import SpeechEnded, VoiceEvent
from assistant.voice.output import CollectingOutput
from assistant.voice.session import VoiceSession, _grammar_after
from civic.forms import engine
from civic.forms.engine import OutcomeKind
from civic.text import numbers
from civic.text.understand import parse_digit_string, parse_number
from speech.audio import AudioChunk, Int16Array, read_wav
from speech.stt.base import RecognizerSession, SpeechRecognizer, Transcript
from speech.stt.evaluate import read_manifest
from speech.vad import frame_level_dbfs
from tests.test_filing_actions import CONSENT_AT, form_turn, run

VIVOS = Path(__file__).resolve().parents[2] / "shared/audio/vivos_spk01/manifest.tsv"
FRAME = 480  # 30 ms at 16 kHz


def reply(text: str, **custom: Any) -> DialogueReply:
    """A bot message as the REST channel delivers it."""
    return DialogueReply.from_message({"text": text, "custom": custom})


# --- the phrase list after each reply -----------------------------------------------------------


def test_a_yes_no_question_of_the_form_listens_for_yes_no_and_consent_words() -> None:
    grammar = _grammar_after(
        [reply("Tôi ghi: Nguyễn Minh An. Đúng không?", kind="read_back", expects="yes_no")]
    )
    assert grammar is not None
    assert set(YES_NO_PHRASES + COMMAND_PHRASES) <= set(grammar)
    assert {"đồng ý", "không đồng ý", "sai"} <= set(grammar)
    # The added words are answers the form understands: consent given, refused, read-back wrong.
    agree, refuse, wrong = FORM_YES_NO_PHRASES
    start = engine.start("1.001193").draft
    assert engine.handle(start, agree).kind is OutcomeKind.QUESTION
    assert engine.handle(start, refuse).kind is OutcomeKind.REFUSED
    read_back = engine.handle(engine.handle(start, agree).draft, "Nguyễn Minh An").draft
    assert engine.handle(read_back, wrong).error == "readback_rejected"


def test_a_choice_question_listens_for_its_labels_as_words() -> None:
    labels = ["Kinh", "Ê Đê", "nhà thuê, mượn hoặc ở nhờ", "Kinh"]
    grammar = _grammar_after(
        [reply("Bé là dân tộc gì?", kind="form_question", expects="choice", choices=labels)]
    )
    assert grammar == ("kinh", "ê đê", "nhà thuê mượn hoặc ở nhờ", *CHOICE_PHRASES, *COMMAND_PHRASES)
    no_labels = reply("Bé là dân tộc gì?", kind="form_question", expects="choice", choices=[])
    assert _grammar_after([no_labels]) is None  # ordinals alone would force any answer onto "số một"


def test_a_digit_question_listens_for_every_spoken_digit() -> None:
    grammar = _grammar_after([reply("Số điện thoại là gì?", kind="form_question", expects="digits")])
    assert grammar is not None and set(COMMAND_PHRASES) <= set(grammar)
    # Each digit word, regional forms included, is one digit to the parser, and all ten are there.
    read = [parse_digit_string(word) for word in DIGIT_WORDS]
    assert all(digit is not None and len(digit) == 1 for digit in read), dict(
        zip(DIGIT_WORDS, read, strict=True)
    )
    assert set(read) == set("0123456789")
    assert set(numbers.DIGIT_WORDS) <= set(DIGIT_WORDS)
    # Whatever the assistant reads back (digits, numbers) can be said back inside the grammar.
    spoken = f"{numbers.speak_digits('0912345678')} {numbers.spoken_number(1980)} {numbers.spoken_number(24)}"
    assert set(spoken.replace(",", "").split()) <= set(grammar)
    assert parse_digit_string("không chín mốt hai lẻ bẩy") == "091207"


def test_an_open_question_is_recognised_freely() -> None:
    assert (
        _grammar_after([reply("Họ và tên của bé là gì?", kind="form_question", field="child_full_name")])
        is None
    )
    assert _grammar_after([reply("Lệ phí: 20.000 đồng.", kind="answer")]) is None
    assert _grammar_after([reply("Số mấy?", kind="form_question", expects="something else")]) is None
    assert _grammar_after([]) is None


def test_the_last_reply_decides_and_the_voice_loops_own_questions_keep_their_phrases() -> None:
    digits = reply("Số định danh của mẹ là gì?", kind="form_question", expects="digits")
    name = reply("Họ và tên của bé là gì?", kind="form_question")
    assert _grammar_after([digits, name]) is None
    assert _grammar_after([name, digits]) == _grammar_after([digits])
    assert _grammar_after([reply("Có phải bạn hỏi …?", kind="confirm")]) == YES_NO_PHRASES + COMMAND_PHRASES
    offer = reply(
        "Bạn có muốn gặp cán bộ không?", kind="handoff_offer", handoff_offered=True, expects="digits"
    )
    assert _grammar_after([offer]) == YES_NO_PHRASES + COMMAND_PHRASES
    options = reply("Bạn chọn số mấy?", kind="options", options=[{"number": 1}])
    assert _grammar_after([options]) == CHOICE_PHRASES + YES_NO_PHRASES + COMMAND_PHRASES


async def test_the_forms_own_messages_give_the_digit_grammar() -> None:
    """Actions → REST payload → session: the key the form writes is the key the session reads."""
    draft = engine.handle(engine.start("1.004222").draft, "đồng ý").draft
    for text in ("Hoàng Văn Nam", "đúng", "1/6/1990", "đúng", "nam", "đúng"):
        draft = engine.handle(draft, text).draft
    assert draft.current == "cccd"
    messages, _ = await run(
        ValidateDossierForm(), form_turn("nam", "inform", draft, dossier_consent_at=CONSENT_AT)
    )
    grammar = _grammar_after(parse_messages(messages))
    assert grammar is not None and set(DIGIT_WORDS) <= set(grammar)
    assert parse_number("hai mươi tư") == 24 and {"hai", "mươi", "tư"} <= set(grammar)


# --- the next utterance is recognised with it ---------------------------------------------------


class _Session(RecognizerSession):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def _accept_pcm(self, pcm: Int16Array) -> tuple[str, bool]:
        return "", False

    def _finish(self) -> Transcript:
        return Transcript(self.text, confidence=0.95)


class RecordingRecognizer(SpeechRecognizer):
    """Hears ``heard`` in turn and keeps the phrase list each utterance was opened with."""

    name = "recording"
    supports_grammar = True

    def __init__(self, heard: Sequence[str]) -> None:
        self.heard = list(heard)
        self.grammars: list[tuple[str, ...] | None] = []

    def load(self) -> None:
        return None

    def session(self, grammar: Sequence[str] | None = None) -> RecognizerSession:
        self.grammars.append(tuple(grammar) if grammar is not None else None)
        return _Session(self.heard.pop(0))

    @property
    def description(self) -> str:
        return "recording stand-in"


class ScriptedDialogue:
    """Answers each message with the next scripted replies and keeps what it was sent."""

    def __init__(self, *turns: list[DialogueReply]) -> None:
        self.turns = list(turns)
        self.sent: list[str] = []

    async def send(self, sender: str, text: str) -> list[DialogueReply]:
        self.sent.append(text)
        return self.turns.pop(0)

    async def close(self) -> None:
        return None


class Beep:
    """A voice that says every sentence as 30 ms of silence."""

    def synthesize(self, text: str, rate: float = 1.0) -> Iterator[AudioChunk]:
        yield AudioChunk.from_samples(np.zeros(FRAME, dtype=np.int16))


def spoken_clip() -> npt.NDArray[np.int16]:
    """Two seconds of real speech, trimmed to its first and last voiced frames."""
    row = next(row for row in read_manifest(VIVOS) if row.clip_id == "VIVOSSPK01_R002")
    samples, rate = read_wav(row.wav)
    assert rate == 16000
    loud = [
        s
        for s in range(0, len(samples) - FRAME, FRAME)
        if frame_level_dbfs(samples[s : s + FRAME].tobytes()) > -35
    ]
    return samples[loud[0] : loud[-1] + FRAME][: 16000 * 2]


def room(ms: int, seed: int) -> npt.NDArray[np.int16]:
    return np.asarray(np.random.default_rng(seed).normal(0, 30, 16 * ms), dtype=np.int16)


async def test_after_a_digit_question_the_next_utterance_is_recognised_with_the_digit_grammar() -> None:
    digit_question = reply("Số định danh của bạn là gì?", kind="form_question", expects="digits")
    name_question = reply("Họ và tên chủ hộ là gì?", kind="form_question", field="head_full_name")
    dialogue = ScriptedDialogue(
        [digit_question], [name_question], [reply("Tôi ghi: … Đúng không?", kind="read_back")]
    )
    recognizer = RecordingRecognizer(["không bốn sáu không chín không", "Trương Văn Bình"])
    session = VoiceSession(recognizer, Beep(), dialogue, CollectingOutput(), profile_config())
    events: list[VoiceEvent] = []
    session.subscribe(events.append)
    speech = spoken_clip()

    async def microphone() -> AsyncIterator[AudioChunk]:
        for part in range(2):
            for samples in (room(600, part), speech, room(1500, part + 10)):
                for start in range(0, len(samples), FRAME):
                    yield AudioChunk.from_samples(samples[start : start + FRAME])
                    await asyncio.sleep(0)
            for _ in range(2000):  # the reply to this utterance before the citizen speaks again
                if len(dialogue.sent) == part + 2 and not session.responding:
                    break
                await asyncio.sleep(0.005)

    await session.respond_to(Transcript("nam", confidence=0.95))  # answered with the digit question
    await asyncio.wait_for(session.run(microphone()), timeout=60)

    assert len([e for e in events if isinstance(e, SpeechEnded)]) == 2
    assert dialogue.sent == ["nam", "không bốn sáu không chín không", "Trương Văn Bình"]
    digit_grammar = _grammar_after([digit_question])
    assert digit_grammar is not None and set(DIGIT_WORDS) <= set(digit_grammar)
    assert recognizer.grammars == [digit_grammar, None]  # then a name: recognised freely
