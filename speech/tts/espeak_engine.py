"""Debian ``espeak-ng -v vi``: the last-resort voice when no Piper voice is installed.

Barely intelligible for Vietnamese, but it is in every Debian and needs no download, so a kiosk
still talks (and can tell the operator to install a voice) on a fresh machine. Each sentence runs
one short ``espeak-ng`` process writing WAV to stdout; speed is its words-per-minute ``-s``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import wave

from speech.errors import ModelMissingError, SpeechError, SpeechErrorCode
from speech.tts.base import Synthesizer

DEFAULT_WPM = 175
"""espeak-ng's own default speaking rate."""
_TIMEOUT_S = 30.0


def espeak_binary() -> str | None:
    return shutil.which("espeak-ng")


class EspeakSynthesizer(Synthesizer):
    engine_id = "espeak"

    def __init__(self, voice: str = "vi", binary: str | None = None) -> None:
        found = binary or espeak_binary()
        if found is None:
            raise ModelMissingError(
                SpeechErrorCode.MODEL_MISSING, "espeak-ng is not installed (apt-get install espeak-ng)"
            )
        self.binary = found
        self.voice = voice
        self.sample_rate = 22_050  # espeak-ng's fixed output rate; checked on every result

    def synthesize_sentence(self, spoken_text: str, rate: float) -> bytes:
        wpm = max(80, min(450, round(DEFAULT_WPM * rate)))
        try:
            result = subprocess.run(
                [self.binary, "-v", self.voice, "-s", str(wpm), "--stdout", spoken_text],
                capture_output=True,
                timeout=_TIMEOUT_S,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechError(SpeechErrorCode.ENGINE_FAILED, f"espeak-ng failed: {exc}") from exc
        # espeak-ng streams, so its header declares a huge length; ``wave`` reads what is there.
        with wave.open(io.BytesIO(result.stdout)) as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or wav.getframerate() != self.sample_rate:
                raise SpeechError(SpeechErrorCode.ENGINE_FAILED, "unexpected espeak-ng output format")
            return bytes(wav.readframes(wav.getnframes()))
