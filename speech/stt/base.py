"""The streaming speech-to-text interface every engine implements.

A :class:`SpeechRecognizer` owns one loaded model per process and hands out a
:class:`RecognizerSession` per utterance. A session is fed live :class:`~speech.audio.AudioChunk` s
(16 kHz mono PCM16 is native; other rates, widths and channel counts are converted on the fly), may
return a :class:`TranscriptEvent` with the hypothesis so far (captions on a kiosk screen), and ends
with :meth:`RecognizerSession.finish`, which returns the final :class:`Transcript`.

Engines are synchronous: decoding is CPU-bound, so the voice loop runs each session in a worker
thread (``asyncio.to_thread``) and the event loop never blocks. Every session serialises its own
calls with a lock, so feeding from one thread and finishing from another is safe.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from speech.audio import TARGET_RATE, AudioChunk, Int16Array, StreamConverter, chunks, to_pcm16_mono
from speech.errors import RecognitionError, SpeechError, SpeechErrorCode

_T = TypeVar("_T")
_Session = TypeVar("_Session", bound="RecognizerSession")

UNKNOWN_WORD = "[unk]"
"""What grammar-constrained recognition returns for speech outside the phrase list."""


@dataclass(frozen=True)
class WordTiming:
    """One recognised word, its position in the stream (seconds) and the engine's confidence (0..1)."""

    word: str
    start_s: float
    end_s: float
    conf: float


@dataclass(frozen=True)
class Transcript:
    """What was said. ``confidence`` is 0..1 for the whole utterance (0 when nothing was heard)."""

    text: str
    confidence: float
    words: tuple[WordTiming, ...] = ()
    is_final: bool = True

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    def require_speech(self) -> Transcript:
        """Return self, or raise ``no_speech`` so the voice loop re-prompts instead of guessing."""
        if self.is_empty:
            raise RecognitionError(SpeechErrorCode.NO_SPEECH, "recognizer heard no words")
        return self


@dataclass(frozen=True)
class TranscriptEvent:
    """The hypothesis so far, sent whenever it changes (for live captions).

    ``text`` is the whole utterance up to now, not a delta; ``audio_ms`` is how much audio had been
    fed when it was formed. ``is_endpoint`` is set when the engine closed a segment at a pause.
    """

    text: str
    audio_ms: int
    is_endpoint: bool = False


class RecognizerSession(ABC):
    """One utterance: ``accept`` chunks, then ``finish`` once. Also a context manager."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._converter = StreamConverter(TARGET_RATE)
        self._samples_fed = 0
        self._last_text = ""
        self._done = False

    @property
    def audio_ms(self) -> int:
        """Audio fed so far (at 16 kHz), in milliseconds."""
        return self._samples_fed * 1000 // TARGET_RATE

    def accept(self, chunk: AudioChunk) -> TranscriptEvent | None:
        """Feed one chunk; returns an event only when the hypothesis changed."""
        with self._lock:
            self._check_open()
            return self._feed(self._converter.convert(chunk))

    def accept_samples(self, samples: Int16Array) -> TranscriptEvent | None:
        """Feed 16 kHz mono int16 samples directly (no chunk wrapper)."""
        with self._lock:
            self._check_open()
            return self._feed(np.asarray(samples, dtype=np.int16))

    def finish(self) -> Transcript:
        """End of stream: decode what is left and return the final transcript. Call once."""
        with self._lock:
            self._check_open()
            self._done = True
            try:
                tail = self._converter.flush()
                if len(tail):
                    self._feed(tail)
                return self._guarded(self._finish)
            finally:
                self._release()

    def close(self) -> None:
        """Drop the session without a result (barge-in, hang-up). Safe to call more than once."""
        with self._lock:
            if not self._done:
                self._done = True
                self._release()

    def __enter__(self: _Session) -> _Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _feed(self, pcm: Int16Array) -> TranscriptEvent | None:
        if len(pcm) == 0:
            return None
        self._samples_fed += len(pcm)
        text, endpoint = self._guarded(lambda: self._accept_pcm(pcm))
        if text == self._last_text and not endpoint:
            return None
        self._last_text = text
        return TranscriptEvent(text=text, audio_ms=self.audio_ms, is_endpoint=endpoint)

    def _check_open(self) -> None:
        if self._done:
            raise RuntimeError("recognizer session already finished")

    @staticmethod
    def _guarded(call: Callable[[], _T]) -> _T:
        """Engine failures (native errors, bad model files) become ``engine_failed``, never a crash."""
        try:
            return call()
        except SpeechError:
            raise
        except Exception as exc:
            raise RecognitionError(SpeechErrorCode.ENGINE_FAILED, f"{type(exc).__name__}: {exc}") from exc

    @abstractmethod
    def _accept_pcm(self, pcm: Int16Array) -> tuple[str, bool]:
        """Decode 16 kHz mono int16; return (hypothesis so far, whether an endpoint closed a segment)."""

    @abstractmethod
    def _finish(self) -> Transcript:
        """Flush the decoder and build the final transcript."""

    def _release(self) -> None:  # noqa: B027 - optional hook, most engines free on garbage collection
        """Free native resources early."""


class SpeechRecognizer(ABC):
    """An engine with its model: load once per process, then open as many sessions as needed."""

    name: str = "base"
    supports_grammar: bool = False

    @abstractmethod
    def load(self) -> None:
        """Load the model now (idempotent) so the first citizen does not wait for it."""

    @abstractmethod
    def session(self, grammar: Sequence[str] | None = None) -> RecognizerSession:
        """Start an utterance. ``grammar`` lists the expected phrases of a closed question; engines
        without grammar support recognise freely (the caller matches the answer either way)."""

    @property
    @abstractmethod
    def description(self) -> str:
        """One line for ``assistant models list``: engine, model and where it lives."""

    def transcribe(
        self, samples: npt.NDArray[np.generic], rate: int = TARGET_RATE, grammar: Sequence[str] | None = None
    ) -> Transcript:
        """Whole-utterance convenience: convert to 16 kHz mono and stream it in 30 ms chunks."""
        pcm = to_pcm16_mono(samples, rate)
        with self.session(grammar) as session:
            for chunk in chunks(pcm, TARGET_RATE, ms=30):
                session.accept(chunk)
            return session.finish()
