"""End-pointing: decide when a caller has started and finished speaking, from PCM16 frames alone.

Pure logic over 10/20/30 ms mono PCM16 frames (no I/O, no clock): the voice session feeds it what the
microphone or phone line delivers and gets events back, so it can be tested with synthetic frames.

Why energy with an adaptive noise floor and not WebRTC's VAD: ``webrtcvad-wheels`` 2.0.14 (measured
here) flags steady white noise at -30 dBFS and any sine tone as speech in 100 % of frames at every
aggressiveness, so a kiosk next to a fan or a phone line with hiss would never end an utterance.
Speech is what rises above the *current* background. The background is a low percentile of the frame
levels over the last couple of seconds (minimum statistics): the gaps between syllables and words
keep it at the room's level during real speech, while a fan or a passing bus that never pauses
becomes the new floor within one window and stops counting as speech.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np

_VALID_FRAME_MS = (10, 20, 30)
_MIN_LEVEL_DB = -100.0


class VadEventType(Enum):
    SPEECH_START = "speech_start"
    SPEECH_END = "speech_end"
    TIMEOUT_NO_SPEECH = "timeout_no_speech"


class EndReason(Enum):
    """Why an utterance ended: the caller paused, or talked past the maximum length."""

    SILENCE = "silence"
    MAX_LENGTH = "max_length"


@dataclass(frozen=True)
class VadEvent:
    """One decision. Times are stream milliseconds from the first frame fed (or the last reset)."""

    type: VadEventType
    time_ms: int
    speech_start_ms: int | None = None
    speech_end_ms: int | None = None
    reason: EndReason | None = None


@dataclass(frozen=True)
class VadConfig:
    """Tunable thresholds; ``elderly()`` waits longer because older speakers pause longer mid-sentence."""

    frame_ms: int = 30
    min_speech_ms: int = 150
    """Speech needed within ``start_window_ms`` before an utterance starts (clicks and taps are shorter)."""
    start_window_ms: int = 300
    end_silence_ms: int = 700
    """Continuous silence that ends an utterance."""
    resume_speech_ms: int = 60
    """Speech needed inside a pause to restart the silence count (a single click does not)."""
    max_utterance_ms: int = 15_000
    no_speech_timeout_ms: int = 8_000
    snr_start_db: float = 10.0
    """How far above the noise floor a frame must be to count as speech."""
    snr_continue_db: float = 6.0
    """Lower threshold once speaking (hysteresis: soft word endings are not cut off)."""
    min_speech_dbfs: float = -55.0
    """Absolute gate: anything quieter is never speech, however quiet the room."""
    noise_window_ms: int = 2_000
    """How far back the noise floor looks; a steady noise longer than this becomes background."""
    noise_percentile: float = 10.0
    """Low percentile rather than the minimum, so a few dropped (all-zero) frames do not sink the floor."""

    def __post_init__(self) -> None:
        if self.frame_ms not in _VALID_FRAME_MS:
            raise ValueError(f"frame_ms must be one of {_VALID_FRAME_MS}, got {self.frame_ms}")
        if self.snr_continue_db > self.snr_start_db:
            raise ValueError("snr_continue_db must not exceed snr_start_db")
        if min(self.min_speech_ms, self.end_silence_ms, self.max_utterance_ms, self.noise_window_ms) <= 0:
            raise ValueError("durations must be positive")

    @classmethod
    def elderly(cls, **overrides: float) -> VadConfig:
        """Longer end silence, utterances and first-word wait for elderly callers."""
        base = cls(end_silence_ms=1_200, max_utterance_ms=20_000, no_speech_timeout_ms=10_000)
        return replace(base, **overrides)  # type: ignore[arg-type]


PROFILES: dict[str, VadConfig] = {"default": VadConfig(), "elderly": VadConfig.elderly()}


def frame_level_dbfs(frame: bytes) -> float:
    """RMS level of one PCM16 frame in dB relative to full scale (digital silence → -100)."""
    samples = np.frombuffer(frame, dtype="<i2").astype(np.float64)
    if samples.size == 0:
        return _MIN_LEVEL_DB
    rms = math.sqrt(float(np.mean(samples * samples))) / 32768.0
    return max(_MIN_LEVEL_DB, 20.0 * math.log10(rms)) if rms > 0 else _MIN_LEVEL_DB


class EndPointer:
    """State machine: waiting → speaking → done (one utterance), then ``reset()`` for the next turn."""

    def __init__(self, config: VadConfig | None = None, sample_rate: int = 16_000) -> None:
        self.config = config or VadConfig()
        if sample_rate <= 0:
            raise ValueError("sample_rate must be positive")
        self.sample_rate = sample_rate
        self.frame_bytes = sample_rate * self.config.frame_ms // 1000 * 2
        self._levels: deque[float] = deque(maxlen=max(1, self.config.noise_window_ms // self.config.frame_ms))
        self._noise_floor_db: float | None = None
        self._pending = b""
        self.reset()

    # -- public state ------------------------------------------------------------------------
    @property
    def noise_floor_db(self) -> float | None:
        return self._noise_floor_db

    @property
    def in_speech(self) -> bool:
        return self._speaking

    @property
    def done(self) -> bool:
        return self._done

    @property
    def elapsed_ms(self) -> int:
        return self._now_ms

    def reset(self, keep_noise_floor: bool = True) -> None:
        """Start a new turn; the room's noise floor is kept because the room has not changed."""
        if not keep_noise_floor:
            self._levels.clear()
            self._noise_floor_db = None
        self._now_ms = 0
        self._speaking = False
        self._done = False
        self._recent: list[tuple[int, bool]] = []  # (frame start ms, is speech) within start window
        self._speech_start_ms = 0
        self._silence_ms = 0
        self._resume_ms = 0
        self._last_speech_end_ms = 0
        self._pending = b""

    # -- feeding ------------------------------------------------------------------------------
    def process_audio(self, audio: bytes) -> list[VadEvent]:
        """Any length of PCM16 audio: cut into frames, keeping the remainder for the next call."""
        data = self._pending + audio
        events: list[VadEvent] = []
        usable = len(data) - len(data) % self.frame_bytes
        for offset in range(0, usable, self.frame_bytes):
            event = self.process(data[offset : offset + self.frame_bytes])
            if event is not None:
                events.append(event)
        self._pending = data[usable:]
        return events

    def process(self, frame: bytes) -> VadEvent | None:
        """One frame of exactly ``frame_ms``; returns the event it triggers, if any."""
        if len(frame) != self.frame_bytes:
            raise ValueError(
                f"frame must be {self.frame_bytes} bytes ({self.config.frame_ms} ms at "
                f"{self.sample_rate} Hz PCM16 mono), got {len(frame)}"
            )
        if self._done:
            return None
        frame_start = self._now_ms
        self._now_ms += self.config.frame_ms
        level = frame_level_dbfs(frame)
        self._levels.append(level)
        self._noise_floor_db = float(
            np.percentile(np.fromiter(self._levels, dtype=np.float64), self.config.noise_percentile)
        )
        is_speech = self._classify(level)
        if self._speaking:
            return self._while_speaking(frame_start, is_speech)
        return self._while_waiting(frame_start, is_speech)

    # -- internals ----------------------------------------------------------------------------
    def _classify(self, level: float) -> bool:
        if self._noise_floor_db is None or level < self.config.min_speech_dbfs:
            return False
        margin = self.config.snr_continue_db if self._speaking else self.config.snr_start_db
        return level >= self._noise_floor_db + margin

    def _while_waiting(self, frame_start: int, is_speech: bool) -> VadEvent | None:
        cfg = self.config
        self._recent.append((frame_start, is_speech))
        window_start = self._now_ms - cfg.start_window_ms
        self._recent = [(t, s) for t, s in self._recent if t >= window_start]
        speech_ms = sum(cfg.frame_ms for _, s in self._recent if s)
        if speech_ms >= cfg.min_speech_ms:
            self._speaking = True
            self._speech_start_ms = next(t for t, s in self._recent if s)
            self._silence_ms = 0
            self._resume_ms = 0
            self._last_speech_end_ms = self._now_ms
            return VadEvent(VadEventType.SPEECH_START, self._now_ms, speech_start_ms=self._speech_start_ms)
        if self._now_ms >= cfg.no_speech_timeout_ms:
            self._done = True
            return VadEvent(VadEventType.TIMEOUT_NO_SPEECH, self._now_ms)
        return None

    def _while_speaking(self, frame_start: int, is_speech: bool) -> VadEvent | None:
        cfg = self.config
        if is_speech:
            self._resume_ms += cfg.frame_ms
            if self._silence_ms == 0 or self._resume_ms >= cfg.resume_speech_ms:
                self._silence_ms = 0
                self._last_speech_end_ms = self._now_ms
        else:
            self._resume_ms = 0
            self._silence_ms += cfg.frame_ms
        if self._silence_ms >= cfg.end_silence_ms:
            return self._end(EndReason.SILENCE)
        if self._now_ms - self._speech_start_ms >= cfg.max_utterance_ms:
            return self._end(EndReason.MAX_LENGTH)
        return None

    def _end(self, reason: EndReason) -> VadEvent:
        self._speaking = False
        self._done = True
        end_ms = self._last_speech_end_ms if reason is EndReason.SILENCE else self._now_ms
        return VadEvent(
            VadEventType.SPEECH_END,
            self._now_ms,
            speech_start_ms=self._speech_start_ms,
            speech_end_ms=end_ms,
            reason=reason,
        )
