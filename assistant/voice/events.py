"""What a voice session tells screens, logs and tests: stages, typed events and errors with codes.

Modelled on Home Assistant's ``assist_pipeline``: a run moves through stages, every step is an event
with a stable type, and failures carry a code the caller branches on plus a message to say out loud.
Events are small frozen dataclasses so a screen can ``match`` on the class and a test can assert on
fields. Caption events (:class:`Heard`, :class:`Saying`) never go to logs: citizens say names and
ID numbers, so only their types and timings may be logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar


class VoiceStage(str, Enum):
    """Where the session is; also the stage named in an :class:`ErrorEvent`."""

    LISTEN = "listen"
    STT = "stt"
    DIALOGUE = "dialogue"
    TTS = "tts"
    PLAYBACK = "playback"


class VoiceEventType(str, Enum):
    SESSION_START = "session_start"
    SESSION_END = "session_end"
    LISTENING = "listening"
    SPEECH_START = "speech_start"
    SPEECH_END = "speech_end"
    PARTIAL = "partial"
    HEARD = "heard"
    CONFIRM = "confirm"
    SAYING = "saying"
    PLAYBACK_START = "playback_start"
    PLAYBACK_END = "playback_end"
    BARGE_IN = "barge_in"
    REPROMPT = "reprompt"
    HANDOFF = "handoff"
    SPEED = "speed"
    TURN_END = "turn_end"
    IDLE = "idle"
    ERROR = "error"


class VoiceErrorCode(str, Enum):
    """Failures outside the speech engines (those keep their :class:`SpeechErrorCode`)."""

    DIALOGUE_UNAVAILABLE = "dialogue_unavailable"
    DIALOGUE_FAILED = "dialogue_failed"


_VOICE_MESSAGES: dict[VoiceErrorCode, str] = {
    VoiceErrorCode.DIALOGUE_UNAVAILABLE: "Xin lỗi, hệ thống đang bận. Bạn thử lại sau ít phút nhé.",
    VoiceErrorCode.DIALOGUE_FAILED: "Xin lỗi, tôi gặp lỗi khi trả lời. Bạn hỏi lại giúp tôi nhé.",
}


class VoiceError(Exception):
    """The dialogue could not be reached or answered; ``message`` is what the session says instead."""

    def __init__(self, code: VoiceErrorCode, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code.value}: {detail}" if detail else code.value)

    @property
    def message(self) -> str:
        return _VOICE_MESSAGES[self.code]


class RepromptReason(str, Enum):
    SILENCE = "silence"
    """Nobody spoke within the no-speech timeout after the assistant finished talking."""
    NOT_HEARD = "not_heard"
    """Sound came in but the recognizer found no words (noise, mumbling)."""
    DENIED = "denied"
    """The citizen said "không" to "Có phải bạn nói …?"."""


class SpeechSource(str, Enum):
    """Who wrote what the session is saying."""

    DIALOGUE = "dialogue"
    PROMPT = "prompt"
    """A fixed prompt of the voice loop itself (re-prompt, confirmation, spoken error)."""


@dataclass(frozen=True)
class VoiceEvent:
    """Base of every event; ``at`` is the session clock (seconds) when it happened."""

    type: ClassVar[VoiceEventType]
    at: float


@dataclass(frozen=True)
class SessionStarted(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.SESSION_START
    sender: str
    profile: str


@dataclass(frozen=True)
class SessionEnded(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.SESSION_END
    turns: int


@dataclass(frozen=True)
class Listening(VoiceEvent):
    """The session waits for the citizen (after the greeting or after each reply)."""

    type: ClassVar[VoiceEventType] = VoiceEventType.LISTENING


@dataclass(frozen=True)
class SpeechStarted(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.SPEECH_START
    stream_ms: int
    """Position in the input stream of the first speech frame."""


@dataclass(frozen=True)
class SpeechEnded(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.SPEECH_END
    stream_ms: int
    """Position of the end-pointer's decision (the end of speech plus the waited silence)."""
    speech_ms: int
    end_silence_ms: int
    """Silence the end-pointer waited before deciding: reported apart from turn latency."""
    reason: str


@dataclass(frozen=True)
class Partial(VoiceEvent):
    """The recognizer's hypothesis so far (live caption)."""

    type: ClassVar[VoiceEventType] = VoiceEventType.PARTIAL
    text: str


@dataclass(frozen=True)
class Heard(VoiceEvent):
    """Caption: what the recognizer heard, final for this utterance."""

    type: ClassVar[VoiceEventType] = VoiceEventType.HEARD
    text: str
    confidence: float
    engine: str


@dataclass(frozen=True)
class ConfirmRequested(VoiceEvent):
    """Recognition was too unsure to act on; the session asks "Có phải bạn nói: …?"."""

    type: ClassVar[VoiceEventType] = VoiceEventType.CONFIRM
    text: str
    confidence: float
    threshold: float


@dataclass(frozen=True)
class Saying(VoiceEvent):
    """Caption: one message the assistant is about to speak."""

    type: ClassVar[VoiceEventType] = VoiceEventType.SAYING
    text: str
    kind: str
    rate: float
    source: SpeechSource


@dataclass(frozen=True)
class PlaybackStarted(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.PLAYBACK_START


@dataclass(frozen=True)
class PlaybackEnded(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.PLAYBACK_END
    interrupted: bool


@dataclass(frozen=True)
class BargeIn(VoiceEvent):
    """The citizen spoke over the assistant; playback was stopped.

    ``speech_stream_ms`` is where the interrupting speech began in the input stream and
    ``detected_stream_ms`` the frame at which the end-pointer was sure; their difference is the
    detection delay in audio time, independent of how fast frames arrived.
    """

    type: ClassVar[VoiceEventType] = VoiceEventType.BARGE_IN
    speech_stream_ms: int
    detected_stream_ms: int

    @property
    def detection_ms(self) -> int:
        return self.detected_stream_ms - self.speech_stream_ms


@dataclass(frozen=True)
class Reprompt(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.REPROMPT
    reason: RepromptReason
    count: int
    text: str
    """The prompt being said (a fixed sentence of the voice loop, never the citizen's words)."""


@dataclass(frozen=True)
class Handoff(VoiceEvent):
    """Staff are needed: ``offered`` when the session asked, ``requested`` when the dialogue hands over."""

    type: ClassVar[VoiceEventType] = VoiceEventType.HANDOFF
    offered: bool
    requested: bool


@dataclass(frozen=True)
class SpeedChanged(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.SPEED
    rate: float


@dataclass(frozen=True)
class TurnTiming:
    """Milliseconds from the end-pointer's decision to each step of the reply (``None``: not reached)."""

    stt_final_ms: float | None = None
    dialogue_ms: float | None = None
    first_audio_ms: float | None = None
    """End of speech (the end-pointer's decision) → first reply sample handed to the speaker."""
    end_silence_ms: int = 0


@dataclass(frozen=True)
class TurnEnded(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.TURN_END
    turn: int
    timing: TurnTiming = field(default_factory=TurnTiming)


@dataclass(frozen=True)
class Idle(VoiceEvent):
    """Nobody answered even the hand-off offer: the conversation is over (a kiosk starts afresh)."""

    type: ClassVar[VoiceEventType] = VoiceEventType.IDLE


@dataclass(frozen=True)
class ErrorEvent(VoiceEvent):
    type: ClassVar[VoiceEventType] = VoiceEventType.ERROR
    stage: VoiceStage
    code: str
    """A :class:`speech.errors.SpeechErrorCode` or :class:`VoiceErrorCode` value."""
    message: str
    """The spoken Vietnamese message (never the citizen's words)."""
