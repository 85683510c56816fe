"""The text-to-speech interface: text in, PCM16 mono audio out, one sentence at a time.

Why sentence by sentence: a reply is two or three sentences, and the caller should hear the first
one while the next is still being synthesised (time to first audio, not total synthesis time, is
what a listener notices). Each sentence is normalised with :func:`civic.text.spoken.to_spoken`
first, because voices read ``2.500.000`` or ``UBND`` wrongly.
"""

from __future__ import annotations

import asyncio
import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator

from civic.text.spoken import to_spoken
from speech.audio import AudioChunk

MIN_RATE, MAX_RATE = 0.5, 2.0
"""Speaking-rate bounds: beyond them speech stops being intelligible (elderly callers ask for ~0.8)."""

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:TP|Tp|tp|TT|Tt|ThS|TS|PGS|GS|BS|Q|P)\.$")
_CLAUSE_END = re.compile(r"(?<=[,:])\s+")
FIRST_SEGMENT_MAX_WORDS = 6
"""A longer first sentence is cut at its first comma (``Dạ, …``) so the listener hears something sooner:
synthesis time grows with the sentence, and only the first segment is waited for."""


def split_sentences(text: str, first_max_words: int = FIRST_SEGMENT_MAX_WORDS) -> list[str]:
    """Sentences of ``text`` (``TP. Hồ Chí Minh`` is not two), the first one kept short."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and _ABBREVIATION_END.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    if pieces and len(pieces[0].split()) > first_max_words:
        clauses = _CLAUSE_END.split(pieces[0], maxsplit=1)
        if len(clauses) == 2:
            pieces[0:1] = clauses
    return pieces


def clamp_rate(rate: float) -> float:
    return min(MAX_RATE, max(MIN_RATE, float(rate)))


class Synthesizer(ABC):
    """One loaded voice. ``synthesize`` streams; engines implement ``synthesize_sentence``."""

    engine_id: str
    """``piper`` or ``espeak``: part of the cache key, so two engines never share audio."""
    voice: str
    sample_rate: int

    def synthesize(self, text: str, rate: float = 1.0) -> Iterator[AudioChunk]:
        """Yield PCM16 mono chunks at ``sample_rate``, the first before the second is synthesised.

        ``rate`` > 1 speaks faster, < 1 slower (clamped to 0.5-2).
        """
        timestamp_ms = 0
        for segment in split_sentences(text):
            audio = self.render(segment, rate)
            if not audio:
                continue
            chunk = AudioChunk(
                audio=audio, rate=self.sample_rate, width=2, channels=1, timestamp_ms=timestamp_ms
            )
            timestamp_ms += chunk.duration_ms
            yield chunk

    def render(self, segment: str, rate: float = 1.0) -> bytes:
        """One segment of written text → PCM16 (normalised for speaking first); empty if nothing to say."""
        spoken = to_spoken(segment)
        if not spoken.strip():
            return b""
        return self.synthesize_sentence(spoken, clamp_rate(rate))

    @abstractmethod
    def synthesize_sentence(self, spoken_text: str, rate: float) -> bytes:
        """PCM16 mono bytes for one already-normalised sentence."""

    def load(self) -> None:
        """Load the model now (at start-up) rather than on the first reply; no-op by default."""
        return None

    def describe(self) -> str:
        return f"{self.engine_id} ({self.voice}, {self.sample_rate} Hz)"


async def synthesize_async(
    synthesizer: Synthesizer, text: str, rate: float = 1.0
) -> AsyncIterator[AudioChunk]:
    """The same stream for asyncio servers: each sentence is synthesised in a worker thread."""
    iterator = synthesizer.synthesize(text, rate)
    done = object()
    while True:
        chunk = await asyncio.to_thread(next, iterator, done)
        if chunk is done:
            return
        assert isinstance(chunk, AudioChunk)
        yield chunk
