"""Recognition with the Vietnamese model embedded in the ``viet-asr`` wheel (0.1.0.dev11): works on a
fresh machine with nothing to download, so it is the default when no Vosk Vietnamese model exists.

Streaming is real: ``Pipeline.stream()`` sessions decode as audio arrives (about every 0.4 s of
audio) and ``partial()`` is a cheap read of the current hypothesis, so captions follow the speaker
and ``finish()`` only decodes the last fraction of a second.

What the engine does not give, and what this module does instead:

- no confidence: :func:`speech.stt.confidence.proxy_confidence` (syllable well-formedness,
  hypothesis stability and speech level; measured against WER, see that module);
- no word timings: ``Transcript.words`` is empty (its result JSON holds text only);
- no grammar: ``grammar`` is accepted and ignored; the caller matches closed answers in the text.

The native library loads one ONNX model per ``Pipeline``; one pipeline per preset is cached per
process. Its C API gives no thread-safety promise for sessions sharing a pipeline, so decoding
calls are serialised with a pipeline-wide lock: on 2 cores one utterance at a time is decoded
anyway, and correctness does not depend on an undocumented guarantee.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Sequence
from typing import Any

from civic.text.vietnamese import nfc
from speech.audio import TARGET_RATE, Int16Array
from speech.errors import RecognitionError, SpeechErrorCode
from speech.stt.base import RecognizerSession, SpeechRecognizer, Transcript
from speech.stt.confidence import LevelMeter, proxy_confidence

log = logging.getLogger(__name__)

DEFAULT_PRESET = "transcribe"
_QUIET_LOG_LEVEL = 4
"""``vietasr_set_log_level``: 4 keeps its INFO lines about model loading off stderr."""


@functools.lru_cache(maxsize=2)
def _load_pipeline(preset: str) -> tuple[Any, threading.Lock]:
    try:
        import vietasr
        from vietasr.ffi import native

        native.lib.vietasr_set_log_level(_QUIET_LOG_LEVEL)
        return vietasr.Pipeline.preset(preset), threading.Lock()
    except Exception as exc:
        raise RecognitionError(SpeechErrorCode.ENGINE_FAILED, f"viet-asr could not load: {exc}") from exc


def vietasr_version() -> str:
    from importlib.metadata import version

    return version("viet-asr")


class VietAsrRecognizer(SpeechRecognizer):
    """viet-asr's embedded model as a :class:`SpeechRecognizer`."""

    name = "vietasr"
    supports_grammar = False

    def __init__(self, preset: str = DEFAULT_PRESET) -> None:
        self.preset = preset

    @property
    def description(self) -> str:
        return f"vietasr: model embedded in viet-asr {vietasr_version()} (preset {self.preset!r})"

    def load(self) -> None:
        _load_pipeline(self.preset)

    def session(self, grammar: Sequence[str] | None = None) -> VietAsrSession:
        pipeline, lock = _load_pipeline(self.preset)
        with lock:
            stream = pipeline.stream(sample_rate=float(TARGET_RATE))
        return VietAsrSession(stream, lock)


class VietAsrSession(RecognizerSession):
    """One ``vietasr.Session``; tracks partial rewrites and speech level for the confidence proxy."""

    def __init__(self, stream: Any, pipeline_lock: threading.Lock) -> None:
        super().__init__()
        self._stream: Any = stream
        self._pipeline_lock = pipeline_lock
        self._meter = LevelMeter()
        self._shown: list[str] = []
        self.revisions = 0

    def _accept_pcm(self, pcm: Int16Array) -> tuple[str, bool]:
        self._meter.add(pcm)
        with self._pipeline_lock:
            endpoint = bool(self._stream.accept(pcm))
            text = _normalise(self._stream.partial().text)
        self._track(text)
        return text, endpoint

    def _finish(self) -> Transcript:
        with self._pipeline_lock:
            text = _normalise(self._stream.final().text)
        self._track(text)
        confidence = proxy_confidence(text, self.revisions, self._meter.speech_dbfs())
        return Transcript(text=text, confidence=confidence, words=(), is_final=True)

    def _track(self, text: str) -> None:
        """Count hypotheses that rewrote words already shown (appending is not a rewrite)."""
        words = text.split()
        if words[: len(self._shown)] != self._shown:
            self.revisions += 1
        self._shown = words

    def _release(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with self._pipeline_lock:
                stream.close()


def _normalise(text: str) -> str:
    """One line, single spaces, NFC (segments come back separated by newlines)."""
    return " ".join(nfc(text).split())
