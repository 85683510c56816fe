"""A confidence proxy for engines that report none (viet-asr 0.1.0.dev11 returns text only).

The voice loop needs *some* 0..1 score to decide between acting and asking "Bạn nói … phải không?".
Without decoder posteriors, three observable signals are combined (multiplied):

- **well-formed syllables**: the share of output words that are possible Vietnamese syllables
  (onset + vowel nucleus + coda, tones ignored). A CTC decoder that loses track glues syllables
  together ("xuốngãyụ", "nhữngải") or emits stray letters ("s", "nh").
- **stability**: the share of words not rewritten after they appeared in a partial hypothesis.
- **speech level**: quiet speech (loudest 5 % of 30 ms frames under -20 dBFS) is recognised worse;
  the factor falls linearly from 1.0 at -20 dBFS to 0.5 at -35 dBFS and below.

Measured on the shared clips (viet-asr, 166 clips): Spearman correlation with per-clip WER -0.55 on
FOSD; the 16 FOSD clips scoring under 0.8 had a mean WER of 55 % against 28 % for the other 90.
The level factor is calibrated on those recordings; a kiosk microphone with very different gain
should be re-checked with ``speech.stt.evaluate``.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from speech.audio import Int16Array

FRAME_SAMPLES = 480
"""30 ms at 16 kHz."""
LOUD_DBFS = -20.0
QUIET_DBFS = -35.0
QUIET_FACTOR = 0.5

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` can be one written Vietnamese syllable (tones are not checked)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return bool(_SYLLABLE.match(toneless))


def wellformed_share(text: str) -> float:
    tokens = text.split()
    if not tokens:
        return 0.0
    return sum(is_vietnamese_syllable(token) for token in tokens) / len(tokens)


def level_factor(speech_dbfs: float) -> float:
    if math.isnan(speech_dbfs) or speech_dbfs <= QUIET_DBFS:
        return QUIET_FACTOR
    if speech_dbfs >= LOUD_DBFS:
        return 1.0
    return QUIET_FACTOR + (1.0 - QUIET_FACTOR) * (speech_dbfs - QUIET_DBFS) / (LOUD_DBFS - QUIET_DBFS)


def proxy_confidence(text: str, revisions: int, speech_dbfs: float) -> float:
    """0 for no words; otherwise the product of the three factors above, rounded to 3 places."""
    n_words = len(text.split())
    if n_words == 0:
        return 0.0
    stability = max(0.0, 1.0 - revisions / n_words)
    return round(wellformed_share(text) * stability * level_factor(speech_dbfs), 3)


class LevelMeter:
    """Collects 30 ms frame levels of a stream; reports the level of its loudest 5 %."""

    def __init__(self) -> None:
        self._levels: list[float] = []
        self._carry = np.zeros(0, dtype=np.float64)

    def add(self, pcm: Int16Array) -> None:
        samples = np.concatenate([self._carry, np.asarray(pcm, dtype=np.float64) / 32768.0])
        whole = len(samples) // FRAME_SAMPLES * FRAME_SAMPLES
        frames = samples[:whole].reshape(-1, FRAME_SAMPLES)
        self._carry = samples[whole:]
        if len(frames):
            power = np.mean(np.square(frames), axis=1)
            self._levels.extend((10.0 * np.log10(power + 1e-12)).tolist())

    def speech_dbfs(self) -> float:
        if not self._levels:
            return math.nan
        return float(np.percentile(self._levels, 95))
