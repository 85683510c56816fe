"""Tunable behaviour of a voice session, with the two listener profiles (default and elderly)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from civic.text.numbers import Kind, marked_number_words
from speech.vad import VadConfig

REPROMPT_TEXT = "Bạn cần hỏi gì ạ?"
CONFIRM_TEMPLATE = "Có phải bạn nói: {text}?"
CONFIRM_HINT = "Bạn nói “đúng” hoặc “không”."
DENIED_TEXT = "Vâng, bạn nói lại giúp tôi nhé."
HANDOFF_OFFER_TEXT = "Bạn có muốn gặp cán bộ không? Bạn nói “có” hoặc “không”."
HANDOFF_DECLINED_TEXT = "Vâng. Khi cần, bạn cứ nói nhé."

CONFIDENCE_THRESHOLD = 0.8
"""Below this the session asks before acting. The viet-asr proxy score splits FOSD there: clips under
0.8 had a mean WER of 55 %, the rest 28 % (``speech/stt/confidence.py``); Vosk reports real posteriors
on the same 0..1 scale."""

YES_NO_PHRASES = ("có", "không", "đúng", "đúng rồi", "không phải", "vâng", "dạ", "sai rồi", "được")
CHOICE_PHRASES = ("số một", "số hai", "số ba", "một", "hai", "ba", "cái đầu", "cái cuối")
COMMAND_PHRASES = ("nhắc lại", "nói chậm lại", "nói nhanh lên", "nói tiếp", "gặp cán bộ", "thôi")
"""Closed answers: engines with grammar support (Vosk) recognise these far more reliably; the
session also accepts anything else because the recognizer falls back to free recognition."""
FORM_YES_NO_PHRASES = ("đồng ý", "không đồng ý", "sai")
"""The filing form's consent answers ("Bạn có đồng ý không?") and the "sai" its read-backs invite."""
DIGIT_WORDS = marked_number_words(Kind.DIGIT, Kind.LINH)
"""Digits read one by one with their regional and variant forms (mốt, tư, lăm, bẩy, linh, lẻ): the
digit words ``civic.text.understand.parse_digit_string`` accepts, from the parser's own table. Vosk
builds a bigram model with back-off from the phrase list, so single words allow any sequence of them
(an ID or phone number)."""
NUMBER_WORDS = marked_number_words(Kind.TEN, Kind.TENS, Kind.MULT, max_value=1000)
"""Tens, hundreds and thousands, for "mười hai" inside a phone number (the digit parser reads such
pairs) and for number fields ("hai mươi tư", "một nghìn chín trăm tám mươi"): without them the
grammar would force "mười" onto a digit."""


@dataclass(frozen=True)
class SessionConfig:
    profile: str = "default"
    vad: VadConfig = field(default_factory=VadConfig)
    confidence_threshold: float = CONFIDENCE_THRESHOLD
    max_reprompts: int = 2
    """Silence re-prompts before the staff hand-off is offered (the issue caps them at two)."""
    reprompt_text: str = REPROMPT_TEXT
    initial_rate: float = 1.0
    barge_in: bool = True
    single_turn: bool = False
    """Stop listening after the first utterance (``assistant voice-file``)."""
    preroll_ms: int = 300
    """Audio kept from before the end-pointer's speech-start decision, so first syllables reach STT."""

    def with_overrides(self, **changes: Any) -> SessionConfig:
        return replace(self, **changes)

    @property
    def fixed_prompts(self) -> tuple[str, ...]:
        """Sentences the session says on its own: rendered at start-up so they play instantly."""
        return (
            self.reprompt_text,
            CONFIRM_HINT,
            DENIED_TEXT,
            HANDOFF_OFFER_TEXT,
            HANDOFF_DECLINED_TEXT,
        )


def profile_config(name: str = "default", **overrides: Any) -> SessionConfig:
    """``default`` or ``elderly``: longer end-of-speech silence, longer wait, a slightly slower voice."""
    if name == "elderly":
        base = SessionConfig(profile="elderly", vad=VadConfig.elderly(), initial_rate=0.9)
    elif name == "default":
        base = SessionConfig()
    else:
        raise ValueError(f"unknown profile {name!r}; choose default or elderly")
    return replace(base, **overrides)
