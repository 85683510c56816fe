"""Pick, load and pre-warm the speech engines a voice channel runs with.

Loading a recognizer or a voice takes seconds; doing it at start-up (and rendering the fixed prompts
into the cache) means the first citizen waits no longer than the hundredth.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import models_dir as default_models_dir
from assistant.voice.config import SessionConfig
from assistant.voice.events import VoiceError, VoiceErrorCode
from speech.errors import SpeechError, SpeechErrorCode
from speech.stt.base import SpeechRecognizer
from speech.tts.base import Synthesizer
from speech.tts.cache import PromptCache

log = logging.getLogger(__name__)

SPOKEN_ERRORS = (
    SpeechErrorCode.SILENCE,
    SpeechErrorCode.NO_SPEECH,
    SpeechErrorCode.ENGINE_FAILED,
)
"""Errors a running session may have to say: rendered in advance like the other prompts."""


@dataclass(frozen=True)
class VoiceEngines:
    recognizer: SpeechRecognizer
    synthesizer: Synthesizer
    voice: PromptCache
    """The synthesizer behind a prompt cache: what sessions speak through."""

    def describe(self) -> str:
        return f"nghe: {self.recognizer.description}; nói: {self.synthesizer.describe()}"


def build_engines(
    stt: str | None = None,
    tts: str | None = None,
    models_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> VoiceEngines:
    """The recognizer and voice ``assistant models list`` calls active (or the ones asked for)."""
    from speech.stt.factory import create_recognizer
    from speech.tts.factory import create_synthesizer

    root = models_dir or default_models_dir()
    recognizer = create_recognizer(root, stt)
    synthesizer = create_synthesizer(root, tts)
    return VoiceEngines(recognizer, synthesizer, PromptCache(synthesizer, directory=cache_dir))


def fixed_prompts(config: SessionConfig) -> list[str]:
    """Everything the voice loop says on its own, whatever the dialogue answers."""
    prompts = list(config.fixed_prompts)
    prompts += [SpeechError(code).message for code in SPOKEN_ERRORS]
    prompts += [VoiceError(code).message for code in VoiceErrorCode]
    return prompts


def prewarm(engines: VoiceEngines, config: SessionConfig) -> None:
    """Load both models and render the fixed prompts; blocks (run it in a thread from async code)."""
    engines.recognizer.load()
    engines.synthesizer.load()
    renderer: threading.Thread = engines.voice.prewarm(fixed_prompts(config), rate=config.initial_rate)
    renderer.join()
