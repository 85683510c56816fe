"""Choose the speech recognizer: a downloaded Vietnamese Vosk model when there is one, else the
Vietnamese model embedded in ``viet-asr`` (works on a fresh machine, nothing to download).

Vosk is the design's engine (grammar mode for closed questions, word timings and confidences);
viet-asr is the default because no Vietnamese Vosk model ships in a registry package. The big Vosk
model wins over the small one when both are installed: whoever downloaded it wanted its accuracy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from speech.errors import ModelMissingError, SpeechErrorCode
from speech.stt.base import SpeechRecognizer
from speech.stt.vosk_engine import VoskRecognizer, find_vosk_model_dir

log = logging.getLogger(__name__)

STT_SUBDIR = "stt"
VOSK_VIETNAMESE_MODELS = ("vosk-model-vn-0.4", "vosk-model-small-vn-0.4")
"""Official Vietnamese Vosk models, preferred first."""
ENGINES = ("vosk", "vietasr")


@dataclass(frozen=True)
class EngineChoice:
    """Which engine would run and why (for ``assistant models list`` and the README)."""

    engine: str
    model_dir: Path | None
    reason: str

    def describe(self) -> str:
        where = f" ({self.model_dir})" if self.model_dir else ""
        return f"{self.engine}{where}: {self.reason}"


def installed_vosk_models(models_dir: Path) -> list[Path]:
    """Vietnamese Vosk model directories under ``models_dir/stt``, preferred first."""
    found = []
    for name in VOSK_VIETNAMESE_MODELS:
        model_dir = find_vosk_model_dir(Path(models_dir) / STT_SUBDIR / name)
        if model_dir is not None:
            found.append(model_dir)
    return found


def choose_engine(models_dir: Path, prefer: str | None = None) -> EngineChoice:
    """Decide without loading anything. ``prefer``: ``vosk``, ``vietasr``, or a Vosk model directory
    name under ``models_dir/stt`` (e.g. ``vosk-model-small-vn-0.4``)."""
    models_dir = Path(models_dir)
    if prefer == "vietasr":
        return EngineChoice("vietasr", None, "requested explicitly")
    if prefer not in (None, "vosk"):
        model_dir = find_vosk_model_dir(models_dir / STT_SUBDIR / str(prefer))
        if model_dir is None:
            raise ModelMissingError(
                SpeechErrorCode.MODEL_MISSING, f"no Vosk model {prefer!r} in {models_dir / STT_SUBDIR}"
            )
        return EngineChoice("vosk", model_dir, "requested explicitly")
    installed = installed_vosk_models(models_dir)
    if installed:
        reason = "requested explicitly" if prefer == "vosk" else "a Vietnamese Vosk model is installed"
        return EngineChoice("vosk", installed[0], reason)
    if prefer == "vosk":
        raise ModelMissingError(
            SpeechErrorCode.MODEL_MISSING,
            f"no Vietnamese Vosk model in {models_dir / STT_SUBDIR}; run 'assistant models download --stt vosk-small'",
        )
    return EngineChoice(
        "vietasr",
        None,
        f"no Vietnamese Vosk model in {models_dir / STT_SUBDIR}; using the model embedded in viet-asr",
    )


def create_recognizer(models_dir: Path, prefer: str | None = None) -> SpeechRecognizer:
    """The recognizer to use (not loaded yet: call ``load()`` at start-up to pre-warm it)."""
    choice = choose_engine(models_dir, prefer)
    log.info("speech recognition: %s", choice.describe())
    if choice.engine == "vosk" and choice.model_dir is not None:
        return VoskRecognizer(choice.model_dir)
    from speech.stt.vietasr_engine import VietAsrRecognizer

    return VietAsrRecognizer()


def active_engine_description(models_dir: Path, prefer: str | None = None) -> str:
    """One line: which engine is active and why."""
    try:
        return choose_engine(models_dir, prefer).describe()
    except ModelMissingError as exc:
        return f"none: {exc.detail}"
