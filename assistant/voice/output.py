"""Where a session's speech goes: a speaker, a file or a phone line, behind one small protocol.

``stop`` is synchronous on purpose: barge-in must cut the sound in the same step that detected the
citizen's voice, without waiting for the event loop to come round to a coroutine.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from speech.audio import AudioChunk, Int16Array, to_pcm16_mono


class AudioOutput(Protocol):
    async def play(self, chunk: AudioChunk) -> None:
        """Queue ``chunk``; may return before it is heard (a speaker plays it in the background)."""

    async def drain(self) -> None:
        """Wait until everything queued has been heard, or until ``stop`` dropped it."""

    def stop(self) -> None:
        """Drop everything queued and fall silent now (barge-in)."""


class CollectingOutput:
    """Keeps the reply audio in memory (``assistant voice-file``, benchmarks), at one sample rate."""

    def __init__(self, rate: int | None = None) -> None:
        self.rate = rate
        self._parts: list[Int16Array] = []
        self.stops = 0

    async def play(self, chunk: AudioChunk) -> None:
        if self.rate is None:
            self.rate = chunk.rate
        samples = chunk.samples()
        if chunk.rate != self.rate:
            samples = to_pcm16_mono(samples, chunk.rate, self.rate)
        self._parts.append(samples)

    async def drain(self) -> None:
        return None

    def stop(self) -> None:
        self.stops += 1

    def samples(self) -> Int16Array:
        return np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=np.int16)

    def clear(self) -> None:
        self._parts.clear()
