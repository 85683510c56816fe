"""Pick the voice: an installed Piper voice (Vietnamese preferred), else espeak-ng, else a clear error."""

from __future__ import annotations

from pathlib import Path

from speech.errors import ModelMissingError, SpeechErrorCode
from speech.tts.base import Synthesizer
from speech.tts.espeak_engine import EspeakSynthesizer, espeak_binary
from speech.tts.piper_engine import PiperSynthesizer

PREFERRED_VOICES = ("vi_VN-vais1000-medium", "vi_VN-25hours_single-low", "vi_VN-vivos-x_low")
"""Best first: the medium VAIS-1000 voice is the clearest Vietnamese Piper voice."""


def installed_piper_voices(models_dir: Path) -> list[Path]:
    """``.onnx`` files under ``models/tts/<voice>/`` that have their ``.onnx.json``, preferred first."""
    root = models_dir / "tts"
    if not root.is_dir():
        return []
    found = [p for p in sorted(root.glob("*/*.onnx")) if Path(f"{p}.json").is_file()]

    def rank(path: Path) -> tuple[int, str]:
        name = path.name.removesuffix(".onnx")
        return (PREFERRED_VOICES.index(name) if name in PREFERRED_VOICES else len(PREFERRED_VOICES), name)

    return sorted(found, key=rank)


def create_synthesizer(models_dir: Path, prefer: str | None = None) -> Synthesizer:
    """``prefer`` is ``"piper"``, ``"espeak"``, a voice name, or ``None`` for the best available."""
    voices = installed_piper_voices(models_dir)
    if prefer not in (None, "piper", "espeak"):
        voices = [v for v in voices if v.name.removesuffix(".onnx") == prefer]
        if not voices:
            raise ModelMissingError(SpeechErrorCode.MODEL_MISSING, f"Piper voice {prefer} is not installed")
    if prefer != "espeak" and voices:
        return PiperSynthesizer(voices[0])
    if prefer not in (None, "espeak"):
        raise ModelMissingError(
            SpeechErrorCode.MODEL_MISSING,
            "no Piper voice under models/tts (run: assistant models download --tts …)",
        )
    if espeak_binary() is not None:
        return EspeakSynthesizer()
    raise ModelMissingError(
        SpeechErrorCode.MODEL_MISSING,
        "no Piper voice under models/tts and espeak-ng is not installed "
        "(run: assistant models download --tts vi_VN-vais1000-medium, or apt-get install espeak-ng)",
    )


def active_engine_description(models_dir: Path) -> str:
    """What ``create_synthesizer(models_dir)`` would use, and why, without loading anything."""
    voices = installed_piper_voices(models_dir)
    if voices:
        name = voices[0].name.removesuffix(".onnx")
        why = "giọng tiếng Việt ưu tiên" if name in PREFERRED_VOICES else "giọng Piper duy nhất đã cài"
        return f"piper: {name} ({why})"
    if espeak_binary() is not None:
        return "espeak-ng -v vi (dự phòng: chưa cài giọng Piper nào; chạy assistant models download --tts …)"
    return "không có (chưa cài giọng Piper và không có espeak-ng)"
