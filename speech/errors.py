"""Speech failures with a stable code and a sentence the assistant can say out loud.

Every failure in ``speech/`` ends up in front of a citizen at a kiosk or on the phone, so each one
carries two things: a machine-readable ``code`` the voice loop branches on (re-prompt, hand off to
staff, tell the operator to install a model) and a short Vietnamese ``message`` that says what
happened and what to do, written to be spoken. ``detail`` is for logs and developers only; it must
never hold what the citizen said (personal data stays out of logs).
"""

from __future__ import annotations

from enum import Enum


class SpeechErrorCode(str, Enum):
    """Stable identifiers: logs, metrics and the voice loop match on these, never on message text."""

    UNSUPPORTED_FORMAT = "unsupported_format"
    EMPTY_AUDIO = "empty_audio"
    TRUNCATED = "truncated"
    TOO_LONG = "too_long"
    SILENCE = "silence"
    NO_SPEECH = "no_speech"
    MODEL_MISSING = "model_missing"
    DEVICE_MISSING = "device_missing"
    ENGINE_FAILED = "engine_failed"


_MESSAGES: dict[SpeechErrorCode, str] = {
    SpeechErrorCode.UNSUPPORTED_FORMAT: "Tôi chỉ nghe được tệp âm thanh dạng WAV. Bạn gửi lại tệp WAV nhé.",
    SpeechErrorCode.EMPTY_AUDIO: "Tệp âm thanh không có tiếng nào. Bạn thử ghi lại nhé.",
    SpeechErrorCode.TRUNCATED: "Tệp âm thanh bị hỏng. Bạn thử ghi lại nhé.",
    SpeechErrorCode.TOO_LONG: "Đoạn ghi âm dài quá. Bạn nói ngắn gọn trong vài câu thôi nhé.",
    SpeechErrorCode.SILENCE: "Tôi chưa nghe thấy gì. Bạn nói to hơn một chút nhé.",
    SpeechErrorCode.NO_SPEECH: "Tôi chưa nghe rõ. Bạn nói lại giúp tôi nhé.",
    SpeechErrorCode.MODEL_MISSING: "Máy chưa cài bộ nhận dạng giọng nói. Bạn nhờ cán bộ hỗ trợ nhé.",
    SpeechErrorCode.DEVICE_MISSING: "Máy chưa có micrô hoặc loa. Bạn nhờ cán bộ hỗ trợ nhé.",
    SpeechErrorCode.ENGINE_FAILED: "Hệ thống nghe đang gặp lỗi. Bạn thử lại sau ít phút nhé.",
}


class SpeechError(Exception):
    """Base of every speech failure; catch this one to turn any of them into a spoken re-prompt."""

    default_code = SpeechErrorCode.ENGINE_FAILED

    def __init__(self, code: SpeechErrorCode | None = None, detail: str = "") -> None:
        self.code = code or self.default_code
        self.detail = detail
        super().__init__(f"{self.code.value}: {detail}" if detail else self.code.value)

    @property
    def message(self) -> str:
        """What to say to the citizen (short, spoken-friendly Vietnamese)."""
        return _MESSAGES[self.code]


class AudioInputError(SpeechError):
    """The audio itself is unusable (format, length, truncation, silence): ask the citizen again."""

    default_code = SpeechErrorCode.UNSUPPORTED_FORMAT


class RecognitionError(SpeechError):
    """The recognizer ran but found nothing to act on, or failed inside the engine."""

    default_code = SpeechErrorCode.ENGINE_FAILED


class ModelMissingError(SpeechError):
    """A requested model is not installed: an operator problem, not the citizen's."""

    default_code = SpeechErrorCode.MODEL_MISSING


class DeviceMissingError(SpeechError):
    """No microphone or speaker: the kiosk cannot run a voice session at all."""

    default_code = SpeechErrorCode.DEVICE_MISSING
