"""Piper (VITS + onnxruntime) voices: ``vi_VN-vais1000-medium`` in production, any Piper voice in tests.

The voice is loaded once per process and shared by every session; onnxruntime's ``run`` is
thread-safe, and a lock only guards the first load. Speed maps to Piper's ``length_scale`` (phoneme
duration): ``rate`` 0.8 gives the voice's own length scale divided by 0.8, i.e. 25 % longer phonemes.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from speech.errors import ModelMissingError, SpeechError, SpeechErrorCode
from speech.tts.base import Synthesizer


class PiperSynthesizer(Synthesizer):
    engine_id = "piper"

    def __init__(self, model_path: Path, config_path: Path | None = None) -> None:
        self.model_path = Path(model_path)
        self.config_path = Path(config_path) if config_path else Path(f"{self.model_path}.json")
        if not self.model_path.is_file() or not self.config_path.is_file():
            raise ModelMissingError(
                SpeechErrorCode.MODEL_MISSING, f"Piper voice needs {self.model_path.name} and its .onnx.json"
            )
        self.voice = self.model_path.name.removesuffix(".onnx")
        # Only the small JSON is read here; the 60 MB network loads on first use or ``load()``.
        config = json.loads(self.config_path.read_text(encoding="utf-8"))
        self.sample_rate = int(config["audio"]["sample_rate"])
        self._voice: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._voice is not None

    def load(self) -> None:
        self._piper()

    def _piper(self) -> Any:
        if self._voice is None:
            with self._lock:
                if self._voice is None:
                    from piper import PiperVoice

                    try:
                        self._voice = PiperVoice.load(self.model_path, config_path=self.config_path)
                    except Exception as exc:  # onnxruntime raises its own types for a broken file
                        raise SpeechError(
                            SpeechErrorCode.ENGINE_FAILED, f"cannot load {self.voice}: {exc}"
                        ) from exc
        return self._voice

    def synthesize_sentence(self, spoken_text: str, rate: float) -> bytes:
        from piper import SynthesisConfig

        voice = self._piper()
        config = SynthesisConfig(length_scale=float(voice.config.length_scale) / rate)
        parts = [chunk.audio_int16_array for chunk in voice.synthesize(spoken_text, syn_config=config)]
        if not parts:
            return b""
        return bytes(np.concatenate(parts).astype("<i2").tobytes())

    def describe(self) -> str:
        return f"piper ({self.voice}, {self.sample_rate} Hz)"
