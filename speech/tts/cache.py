"""Rendered audio for fixed prompts ("Xin chào…", "Bạn nói lại giúp tôi nhé"), served without synthesis.

Why: a greeting or a re-prompt is said hundreds of times a day; replaying stored audio costs
microseconds, where even a fast voice needs a noticeable fraction of a second before the first
sample. Entries are per sentence, so a new reply that opens with a known sentence (``Dạ,``, a fixed
first line) also starts instantly while its new sentences are synthesised. Keys hold everything
that changes the sound (engine, voice, speed, text) so a change of voice or speed can never replay
stale audio. An optional directory keeps prompts across restarts, one WAV file per sentence,
written atomically.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from civic.text.vietnamese import nfc
from speech.audio import AudioChunk, read_wav, write_wav
from speech.errors import SpeechError
from speech.tts.base import Synthesizer, clamp_rate, split_sentences

log = logging.getLogger(__name__)


def normalise_prompt(text: str) -> str:
    """One spelling per prompt: composed Unicode, single spaces (the same words share one entry)."""
    return " ".join(nfc(text).split())


class PromptCache:
    """Wraps a synthesizer with the same ``synthesize(text, rate)`` stream, answering hits from memory."""

    def __init__(self, synthesizer: Synthesizer, directory: Path | None = None, max_items: int = 512) -> None:
        self.synthesizer = synthesizer
        self.directory = directory
        self.max_items = max_items
        self._memory: OrderedDict[str, AudioChunk] = OrderedDict()
        self._lock = threading.Lock()
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def key(self, text: str, rate: float = 1.0) -> str:
        parts = (
            self.synthesizer.engine_id,
            self.synthesizer.voice,
            f"{clamp_rate(rate):.2f}",
            normalise_prompt(text),
        )
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def get(self, text: str, rate: float = 1.0) -> AudioChunk | None:
        """The stored audio of one segment (as split by :func:`split_sentences`), if any."""
        key = self.key(text, rate)
        with self._lock:
            chunk = self._memory.get(key)
            if chunk is not None:
                self._memory.move_to_end(key)
                return chunk
        chunk = self._load(key)
        if chunk is not None:
            self._remember(key, chunk)
        return chunk

    def synthesize(self, text: str, rate: float = 1.0) -> Iterator[AudioChunk]:
        """Segment by segment: stored audio when present, else the engine's (then stored)."""
        timestamp_ms = 0
        for segment in split_sentences(text):
            chunk = self.get(segment, rate)
            if chunk is None:
                audio = self.synthesizer.render(segment, rate)
                if not audio:
                    continue
                chunk = AudioChunk(audio=audio, rate=self.synthesizer.sample_rate, width=2, channels=1)
                self.put(segment, rate, chunk)
            yield replace(chunk, timestamp_ms=timestamp_ms)
            timestamp_ms += chunk.duration_ms

    def put(self, segment: str, rate: float, chunk: AudioChunk) -> None:
        key = self.key(segment, rate)
        self._remember(key, chunk)
        if self.directory is not None:
            self._save(key, chunk)

    def prewarm(self, texts: Iterable[str], rate: float = 1.0) -> threading.Thread:
        """Render ``texts`` in a background thread at start-up; join the thread to wait for it."""
        prompts = list(texts)

        def render() -> None:
            for text in prompts:
                try:
                    for _ in self.synthesize(text, rate):
                        pass
                except SpeechError as exc:  # one bad prompt must not stop the others
                    log.warning("could not pre-render a prompt: %s", exc)

        thread = threading.Thread(target=render, name="tts-prewarm", daemon=True)
        thread.start()
        return thread

    def __len__(self) -> int:
        with self._lock:
            return len(self._memory)

    def _remember(self, key: str, chunk: AudioChunk) -> None:
        with self._lock:
            self._memory[key] = chunk
            self._memory.move_to_end(key)
            while len(self._memory) > self.max_items:
                self._memory.popitem(last=False)

    def _path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / f"{key}.wav"

    def _save(self, key: str, chunk: AudioChunk) -> None:
        path = self._path(key)
        assert path is not None
        samples = np.frombuffer(chunk.audio, dtype="<i2").astype(np.int16)
        handle, tmp = tempfile.mkstemp(prefix=".prompt-", suffix=".wav", dir=path.parent)
        os.close(handle)
        write_wav(tmp, samples, chunk.rate)
        os.replace(tmp, path)

    def _load(self, key: str) -> AudioChunk | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            samples, rate = read_wav(path)
        except SpeechError as exc:
            log.warning("ignoring unreadable cached prompt %s: %s", path.name, exc)
            return None
        return AudioChunk.from_samples(samples, rate=rate)
